"""The database's own refusal to change or remove audit rows, on SQLite and PostgreSQL.

The app never updates or deletes them (``AuditEntry`` refuses it); these triggers make the
database refuse too, so a bug or a hand-written query cannot rewrite history.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "clinic_auditentry"
MESSAGE = "the audit trail is append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    for verb in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{verb};" for verb in ("update", "delete")]

POSTGRESQL_CREATE = [
    f"CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def statements(vendor: str, *, create: bool) -> list[str]:
    """The statements that add (``create``) or remove the triggers on ``vendor``."""
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    return []


def run(connection: BaseDatabaseWrapper, *, create: bool) -> None:
    """Add or remove the triggers; adding twice is harmless."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=create):
            cursor.execute(sql)


def ensure(using: str = "default", **kwargs: object) -> None:
    """After ``migrate`` and after ``flush`` (both send post_migrate): the triggers are there
    whenever the table is. A test that empties the database lifts them first (tests/conftest.py)."""
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        run(connection, create=True)
