"""Django's SQLite backend, except that it never creates the database file by connecting: a
missing file means the database is not set up (``supple.config.storage.prepare`` makes it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        name = conn_params.get("database")
        if not self.is_in_memory_db() and name and not Path(str(name)).exists():
            raise sqlite3.OperationalError(
                "no such table: the database is not set up (run `supple init`)"
            )
        return super().get_new_connection(conn_params)
