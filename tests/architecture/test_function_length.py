"""No function in the clinical domain is too long to change safely (60 lines at most)."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "supple" / "domain"
MAX_LINES = 60


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """Every function (methods and nested ones too) longer than ``limit`` lines, docstring
    and decorators included."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                found.append((node.name, length))
    return found


def test_no_domain_function_is_over_60_lines() -> None:
    modules = sorted(p for p in DOMAIN.glob("*.py"))
    assert len(modules) >= 7
    too_long = {
        (module.name, name, length)
        for module in modules
        for name, length in long_functions(module.read_text(encoding="utf-8"))
    }
    assert too_long == set()


def test_the_measure_counts_every_line_of_a_function() -> None:
    def body(lines: int, indent: str = "    ") -> str:
        return "".join(f"{indent}x{n} = {n}\n" for n in range(lines))

    assert long_functions(f"def short():\n{body(59)}") == []
    assert long_functions(f"def long():\n{body(60)}") == [("long", 61)]
    method = f"class A:\n    @property\n    def inner(self):\n{body(60, ' ' * 8)}"
    assert long_functions(method) == [("inner", 62)]
