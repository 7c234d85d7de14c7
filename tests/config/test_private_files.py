"""Health data on disk: the data folder 0700 and every database, WAL, SHM and secret file 0600
whatever the umask; after an account is deleted, none of its text is left in the files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = "Zanzibar-marker-4417"

# Run in a process of its own: a real SQLite file in a fresh data folder.
DELETE_SCRIPT = f"""
import django, pathlib
django.setup()
from django.conf import settings
from supple.commands.server import init_database
from supple.accounts.models import User
from supple.accounts.services import create_user
from supple.programs.models import PsfsActivity
from supple.programs.services import account
init_database(verbose=False)
pat = create_user("pat", "correct horse battery staple")
oscar = create_user("oscar", "correct horse battery staple")
for n in range(50):  # interleaved: the two people's rows share pages
    PsfsActivity.objects.create(user=pat, name=f"pat {MARKER} {{n}}")
    PsfsActivity.objects.create(user=oscar, name=f"oscar {MARKER} {{n}}")
account.delete_account(User.objects.get(username="pat"), "correct horse battery staple")
# Looked at while the server would still be running: the connection open, the WAL there.
for path in sorted(settings.DATA_DIR.glob("supple.sqlite3*")):
    data = path.read_bytes()
    print(path.name, data.count(b"pat {MARKER}"), data.count(b"oscar {MARKER}"))
"""


def run(data_dir: Path, code: str, umask: int = 0o022) -> str:
    env = {
        **os.environ,
        "SUPPLE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "supple.config.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.umask(umask),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.sqlite_process
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_data_folder_and_its_files_are_private_whatever_the_umask(
    tmp_path: Path, umask: int
) -> None:
    data = tmp_path / "supple"
    code = (
        "import django; django.setup()\n"
        "from supple.commands.server import init_database\n"
        "from django.db import connection\n"
        "init_database(verbose=False)\n"
        "connection.cursor().execute('SELECT 1')\n"
        "import pathlib; print(sorted(p.name for p in pathlib.Path("
        f"'{data}').iterdir()))\n"
    )
    listed = run(data, code, umask)
    assert "supple.sqlite3-wal" in listed  # seen while the connection was open
    assert mode(data) == 0o700
    files = list(data.iterdir())
    assert {p.name for p in files} >= {"supple.sqlite3", "secret_key"}
    for path in files:
        assert mode(path) == 0o600, path.name


@pytest.mark.sqlite_process
def test_a_deleted_account_leaves_no_text_in_the_database_files(tmp_path: Path) -> None:
    counts = {
        name: (int(theirs), int(others))
        for name, theirs, others in (
            line.split() for line in run(tmp_path / "supple", DELETE_SCRIPT).splitlines()
        )
    }
    assert "supple.sqlite3" in counts
    assert all(theirs == 0 for theirs, _ in counts.values()), counts
    # The other person's rows are all still there.
    assert sum(others for _, others in counts.values()) >= 50, counts


def test_a_command_that_only_reports_writes_no_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["SUPPLE_DATA_DIR"] = str(empty)
    done = subprocess.run(
        [sys.executable, "-m", "supple", "today"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "the database is not set up" in done.stderr
    assert list(empty.iterdir()) == []
    missing = tmp_path / "missing"
    env["SUPPLE_DATA_DIR"] = str(missing)
    subprocess.run([sys.executable, "-m", "supple", "today"], env=env, check=False)
    assert not missing.exists()
