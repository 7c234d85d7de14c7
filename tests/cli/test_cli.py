from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from supple import __version__
from supple.accounts.models import Role, User
from supple.cli import main
from tests.conftest import PASSWORD


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"supple {__version__}"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("serve", "init", "createuser"):
        assert command in out


def test_no_command_prints_the_short_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "usage: supple" in out
    assert "supple --help" in out


def test_help_imports_no_django() -> None:
    # Help stays quick because building the parser loads no framework; its time is measured
    # in bench/, not here, where a loaded machine would make a time bound flaky.
    code = "import sys, supple.cli as c; c.build_parser(); print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_createuser_reads_the_password_from_stdin(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["createuser", "cleo", "--role", "clinician", "--clinic", "Riverside"]) == 0
    cleo = User.objects.get(username="cleo")
    assert cleo.role == Role.CLINICIAN
    assert cleo.clinic is not None
    assert cleo.clinic.name == "Riverside"
    assert cleo.check_password(PASSWORD)
    assert "Created clinician 'cleo' at Riverside." in capsys.readouterr().out


def test_createuser_refuses_a_taken_name_in_one_line(
    patient: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEW_PASSWORD", PASSWORD)
    assert main(["createuser", "pat", "--password-env", "NEW_PASSWORD"]) == 1
    assert capsys.readouterr().err == "supple: error: the username 'pat' is taken\n"


def test_createuser_without_the_password_variable_fails(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["createuser", "pat", "--password-env", "SUPPLE_TEST_UNSET_VARIABLE"]) == 1
    assert "$SUPPLE_TEST_UNSET_VARIABLE is not set" in capsys.readouterr().err


def test_init_creates_the_database_and_keeps_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SUPPLE_DATA_DIR"] = str(tmp_path)
    run = [sys.executable, "-m", "supple"]
    first = subprocess.run([*run, "init"], env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "supple.sqlite3").exists()
    created = subprocess.run(
        [*run, "createuser", "pat"],
        env=env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    again = subprocess.run([*run, "init"], env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0
    listed = subprocess.run(
        [*run, "createuser", "pat"],
        env=env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert "the username 'pat' is taken" in listed.stderr
