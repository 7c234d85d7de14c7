"""Test modules share fixtures through conftest.py and helpers through modules that hold no
tests (tests/factories.py, tests/e2e/steps.py...): a test module never imports another, whose
tests would then run twice or whose fixtures would need `noqa` to be seen."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def imports_of_test_modules(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found += [
            n
            for n in names
            if n.startswith("tests.") and any(p.startswith("test_") for p in n.split("."))
        ]
    return found


def test_no_test_module_imports_another() -> None:
    offenders = {
        str(path.relative_to(TESTS)): imports_of_test_modules(path.read_text(encoding="utf-8"))
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_every_tests_folder_is_a_package() -> None:
    folders = {p.parent for p in TESTS.rglob("test_*.py")}
    assert [str(f) for f in sorted(folders) if not (f / "__init__.py").exists()] == []


def test_the_check_sees_an_import_of_a_test_module() -> None:
    assert imports_of_test_modules("from tests.e2e.test_player import tap\n") == [
        "tests.e2e.test_player",
        "tests.e2e.test_player.tap",
    ]
    assert imports_of_test_modules("from tests.e2e import test_player\n") == [
        "tests.e2e.test_player"
    ]
    assert imports_of_test_modules("from tests.factories import do_session\n") == []
