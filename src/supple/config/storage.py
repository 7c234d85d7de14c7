"""The data folder: made, with the secret key and the SQLite file, only when the database is
set up (``supple init``, ``supple serve``, ``supple start``), and private to its owner.

A command that only reports an error (``supple today`` before any set-up) writes nothing."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> None:
    """The folder, made if missing, its owner's alone whatever the umask."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR:
        path.chmod(PRIVATE_DIR)


def private_file(path: Path, text: str = "") -> None:
    """The file, made 0600 from the start when missing (never readable by others, even for
    a moment), and made 0600 when it exists with a wider mode."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
    elif path.stat().st_mode & 0o777 != PRIVATE_FILE:
        path.chmod(PRIVATE_FILE)


def secret_key(data_dir: Path) -> str:
    """The key kept in the data folder, or a new one (written by ``prepare``)."""
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    return secrets.token_urlsafe(50)


def prepare() -> None:
    """Before the database is created or migrated: the data folder, the secret key in use and
    an empty SQLite file, all private."""
    from django.conf import settings
    from django.db import connections

    private_dir(settings.DATA_DIR)
    if not os.environ.get("SECRET_KEY", "").strip():
        private_file(settings.DATA_DIR / "secret_key", settings.SECRET_KEY)
    database = connections["default"]
    name = str(database.settings_dict["NAME"])
    if database.vendor == "sqlite" and name != ":memory:" and "mode=memory" not in name:
        path = Path(name)
        if not path.parent.exists():
            private_dir(path.parent)
        private_file(path)
