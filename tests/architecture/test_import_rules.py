"""The domain core imports no framework: import-linter enforces it, and must be able to fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src), "PATH": str(Path(sys.executable).parent)},
        check=False,
    )


def test_the_real_tree_keeps_the_rules() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_domain_module_importing_django_breaks_the_rules(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "src" / "supple", tmp_path / "supple", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "supple" / "domain" / "leaky.py").write_text(
        "from django.db import models  # a framework in the core\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The domain core imports no framework BROKEN" in result.stdout
    assert "supple.domain.leaky -> django (l.1)" in result.stdout
