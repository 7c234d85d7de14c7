"""Each clinical threshold is defined once, in ``supple.domain.thresholds``."""

from __future__ import annotations

import ast
from pathlib import Path

from supple.domain import planner, progression, safety, thresholds

SRC = Path(__file__).resolve().parents[2] / "src" / "supple"
NAMES = {name for name in vars(thresholds) if name.isupper()}


def assigned_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_no_other_module_defines_a_threshold_again() -> None:
    assert {"FLARE_PAIN", "RESCREEN_PAIN", "PAUSE_NEXT_PAIN", "RED_PAIN"} <= NAMES
    twice = {
        (str(path.relative_to(SRC)), name)
        for path in SRC.rglob("*.py")
        if path.name != "thresholds.py"
        for name in assigned_names(path) & NAMES
    }
    assert twice == set()


def test_the_check_finds_a_threshold_defined_again(tmp_path: Path) -> None:
    module = tmp_path / "copy.py"
    module.write_text("from typing import Final\nFLARE_PAIN: Final = 7\nRED_PAIN = 6\n")
    assert assigned_names(module) & NAMES == {"FLARE_PAIN", "RED_PAIN"}


def test_the_modules_that_apply_a_threshold_use_the_same_value() -> None:
    assert planner.FLARE_PAIN is thresholds.FLARE_PAIN
    assert progression.FLARE_PAIN is thresholds.FLARE_PAIN
    assert safety.RESCREEN_PAIN is thresholds.RESCREEN_PAIN
    assert progression.RESCREEN_PAIN is thresholds.RESCREEN_PAIN
