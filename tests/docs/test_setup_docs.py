"""The README states every prerequisite and where `supple` is; the scripts' hints name real
Makefile targets."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_states_every_prerequisite_and_where_supple_is() -> None:
    start = (ROOT / "README.md").read_text().split("## Start here", 1)[1].split("\n## ", 1)[0]
    for needed in ("Python 3.11", "venv", "`make`", "`npm`", "apt-get", "sudo"):
        assert needed in start, needed
    assert ".venv/bin/supple" in start


def test_the_hints_of_the_scripts_name_makefile_targets_that_exist() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
    for script in (ROOT / "scripts").glob("*.py"):
        for target in re.findall(r"`make ([a-z-]+)`", script.read_text()):
            assert target in targets, f"{script.name} names `make {target}`"
