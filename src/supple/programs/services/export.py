"""Downloads of all of a person's data (JSON, or CSV files in a zip): the web page and
`supple export` call these. The formats are written by ``supple.interop.export``.

One query per table, whatever the length of the history. The calendar token is left out: it
is a key, not data about the person, and a downloaded file may be passed around.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from supple.accounts.models import User
from supple.interop import export as fmt
from supple.programs.services.personal import personal_rows

# Each table, in the document's order: the order of its rows, and the model field behind a
# column where the names differ.
_TABLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "consent": ((), {}),
    "profile": ((), {}),
    "screens": (("taken_at", "id"), {}),
    "sessions": (("date", "started_at", "id"), {"id": "client_id"}),
    "exercise_logs": (
        ("session__date", "session__started_at", "session_id", "position", "id"),
        {"id": "client_id", "session": "session__client_id"},
    ),
    "decisions": (("made_at", "id"), {}),
    "program_decisions": (("made_at", "id"), {}),
    "levels": (("ladder",), {}),
    "psfs_activities": (("id",), {}),
    "psfs_ratings": (("activity_id", "rated_on"), {"activity": "activity_id"}),
    "sitting_breaks": (("taken_at", "id"), {"id": "client_id"}),
}

# Other apps' tables of the person's rows: their rows, ordered, and the field renames.
_SOURCES: dict[str, tuple[Callable[[User], QuerySet[Any]], dict[str, str]]] = {}


def register_source(
    table: str, query: Callable[[User], QuerySet[Any]], renames: dict[str, str]
) -> None:
    """Another app's table of the person's rows (the clinic's care and audit trail), added
    when that app starts: this module imports none of them."""
    _SOURCES[table] = (query, renames)


def _rows(table: str, user: User) -> list[fmt.Row]:
    order, renames = _TABLES[table]
    query = personal_rows(user)[table]
    return _values(table, query.order_by(*order) if order else query, renames)


def _other_rows(table: str, user: User) -> list[fmt.Row]:
    query, renames = _SOURCES[table]
    return _values(table, query(user), renames)


def _values(table: str, query: QuerySet[Any], renames: dict[str, str]) -> list[fmt.Row]:
    columns = fmt.TABLES[table]
    fields = [renames.get(c.name, c.name) for c in columns]
    return [
        {c.name: fmt.plain(c.kind, values[f]) for c, f in zip(columns, fields, strict=True)}
        for values in query.values(*fields)
    ]


def _account(user: User) -> fmt.Row:
    clinic = user.clinic.name if user.clinic is not None else ""
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "clinic": clinic,
        "date_joined": fmt.plain("datetime", user.date_joined),
    }


def export_document(user: User, now: datetime) -> fmt.Document:
    """Everything stored about the person, as plain tables (see ``supple.interop.export``)."""
    tables = (
        {"account": [_account(user)]}
        | {name: _rows(name, user) for name in _TABLES}
        | {name: _other_rows(name, user) for name in _SOURCES}
    )
    return fmt.make_document(now, tables)


def export_json(user: User, now: datetime) -> str:
    return fmt.write_json(export_document(user, now))


def export_csv_zip(user: User, now: datetime) -> bytes:
    return fmt.write_csv_zip(export_document(user, now))


def export_filename(user: User, now: datetime, extension: str) -> str:
    """``supple-pat-2026-11-02.json``: only letters, digits, dots, hyphens, underscores."""
    safe = "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "-" for ch in user.username
    )
    return f"supple-{safe}-{now:%Y-%m-%d}.{extension}"
