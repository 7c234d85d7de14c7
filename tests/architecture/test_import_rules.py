"""The import rules (the domain core imports no framework, the layers, no circles): import-linter
enforces them, and each must be able to fail."""

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


def copy_of_the_tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "src" / "supple", tmp_path / "supple", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path / "supple"


def test_a_domain_module_importing_django_breaks_the_rules(tmp_path: Path) -> None:
    supple = copy_of_the_tree(tmp_path)
    (supple / "domain" / "leaky.py").write_text(
        "from django.db import models  # a framework in the core\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The domain core imports no framework BROKEN" in result.stdout
    assert "supple.domain.leaky -> django (l.1)" in result.stdout


def test_a_model_importing_a_view_breaks_the_layers(tmp_path: Path) -> None:
    supple = copy_of_the_tree(tmp_path)
    models = supple / "programs" / "models.py"
    models.write_text(models.read_text() + "\nfrom supple.programs.views import today\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Entry points -> services -> models and domain BROKEN" in result.stdout
    assert "supple.programs.models -> supple.programs.views.today" in result.stdout


def test_two_modules_importing_each_other_break_the_no_circles_rule(tmp_path: Path) -> None:
    supple = copy_of_the_tree(tmp_path)
    history = supple / "programs" / "services" / "history.py"
    # Inside a function, where a circle does not fail at import time but is still one.
    history.write_text(
        history.read_text() + "\n\ndef later() -> None:\n"
        "    from supple.programs.services import sessions  # noqa: F401\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "No import circles BROKEN" in result.stdout
    assert "Entry points -> services -> models and domain KEPT" in result.stdout
