from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created

PRIVATE_FILE = 0o600


def keep_database_files_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Health data: the SQLite database and its WAL and SHM files readable by their owner
    only, whatever the umask (SQLite creates the WAL and SHM with the database's mode)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm"):
        path = Path(name + suffix)
        if path.exists() and (path.stat().st_mode & 0o777) != PRIVATE_FILE:
            os.chmod(path, PRIVATE_FILE)


class AccountsConfig(AppConfig):
    name = "supple.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        connection_created.connect(keep_database_files_private)
