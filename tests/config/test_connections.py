"""Database connections are kept across requests (checked before reuse), and SQLite's PRAGMAs
run once, when a connection is opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.utils import ConnectionHandler

from supple.config import settings as supple_settings


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker: Any) -> Iterator[None]:
    """These tests open their own database file, not the test database."""
    with django_db_blocker.unblock():
        yield


def _sqlite(tmp_path: Path) -> ConnectionHandler:
    path = tmp_path / "kept.sqlite3"
    path.touch()
    return ConnectionHandler({"default": supple_settings._database(f"sqlite:///{path}")})


def test_a_sqlite_connection_is_kept_after_a_request_and_checked(tmp_path: Path) -> None:
    connections = _sqlite(tmp_path)
    connection = connections["default"]
    try:
        connection.ensure_connection()
        opened = connection.connection
        # What Django does when a request starts and ends.
        connection.close_if_unusable_or_obsolete()
        connection.ensure_connection()
        assert connection.connection is opened
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    finally:
        connection.close()


def test_the_pragmas_hold_on_a_kept_connection(tmp_path: Path) -> None:
    connection = _sqlite(tmp_path)["default"]
    try:
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
    finally:
        connection.close()


def test_postgres_connections_are_kept_too() -> None:
    config = supple_settings._database("postgres://u:p@localhost/db")
    assert config["CONN_MAX_AGE"] > 0
    assert config["CONN_HEALTH_CHECKS"] is True
