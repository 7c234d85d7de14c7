"""All of a person's data as plain tables, written as JSON or as CSV files in a zip.

No Django: the service (``supple.programs.services.export``) reads the database into rows of
JSON-ready values (text, numbers, true/false, null, lists and objects; dates, times and
datetimes as ISO 8601 text in UTC; ids as text) and this module writes and reads them.

One model, two encodings, both round-trip (``read_json(write_json(doc)) == doc`` and
``read_csv_zip(write_csv_zip(doc)) == doc``):

- **JSON**: ``{"format": "supple-export", "version": 1, "exported_at": ..., "tables":
  {"account": [...], "profile": [...], ..., "sitting_breaks": [...]}}``; each table a list of
  objects with the columns of ``TABLES``. Exercise logs name their session by its ``id``.
- **CSV**: a zip holding ``about.csv`` (format, version, exported_at) and one ``<table>.csv``
  per table, header row first, in the column order of ``TABLES``. An empty cell is null;
  true/false are ``true``/``false``; lists and objects are JSON text in their cell. Text that
  a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) is written with a leading ``'``, as is text already starting with ``'``;
  reading removes exactly one, so the text comes back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal

FORMAT = "supple-export"
VERSION = 1

Kind = Literal["text", "int", "float", "bool", "date", "datetime", "time", "json"]


class ExportError(ValueError):
    """A file that is not a Supple export, or a row that does not fit its table."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    nullable: bool = False


def _cols(spec: str) -> tuple[Column, ...]:
    """``"name:kind, other:kind?"`` -> columns (``?`` marks a column that may be null)."""
    columns = []
    for part in spec.split(","):
        name, kind = part.strip().split(":")
        nullable = kind.endswith("?")
        columns.append(Column(name, kind.rstrip("?"), nullable))  # type: ignore[arg-type]
    return tuple(columns)


# Every table of an export, in order, with its columns in order.
TABLES: dict[str, tuple[Column, ...]] = {
    "account": _cols(
        "username:text, email:text, first_name:text, last_name:text, role:text, "
        "clinic:text, date_joined:datetime"
    ),
    "consent": _cols("accepted_at:datetime"),
    "profile": _cols(
        "pain_now:int, intake_pain:int, weeks_since_onset:float, age:int, "
        "can_get_on_floor:bool, minutes:int, equipment:json, direction:text, exclude:json, "
        "phase:int, phase_started_on:date, routine_days:json, routine_time:time?, "
        "alarm_minutes:int, sitting_breaks:bool, sitting_interval_minutes:int, "
        "sitting_days:json, sitting_from:time, sitting_until:time, created_at:datetime, "
        "updated_at:datetime"
    ),
    "screens": _cols(
        "taken_at:datetime, trigger:text, answers:json, checked:json, outcome:text, "
        "flags:json, message:text, clinician_confirmed_at:datetime?"
    ),
    "sessions": _cols(
        "id:text, date:date, started_at:datetime, ended_at:datetime?, status:text, flare:bool, "
        "phase:int, p_pre:int, p_post:int?, p_next:int?, p_next_at:datetime?, spread:bool, "
        "plan:json, source:text"
    ),
    "exercise_logs": _cols(
        "session:text, id:text, position:int, exercise:text, hold_s:int?, reps:int?, sets:int, "
        "p_during:int?, spread:bool, completed:bool, skipped:bool, swapped_from:text, "
        "logged_at:datetime"
    ),
    "decisions": _cols(
        "made_on:date, made_at:datetime, ladder:text, exercise:text, colour:text, "
        "decision:text, reason:text, before:json, after:json"
    ),
    "program_decisions": _cols(
        "made_on:date, made_at:datetime, action:text, trend:text, reason:text, "
        "phase_before:int, phase_after:int"
    ),
    "levels": _cols(
        "ladder:text, exercise:text, hold_s:int?, reps:int?, sets:int, "
        "last_progressed:date?, paused:bool"
    ),
    "psfs_activities": _cols("id:int, name:text, created_at:datetime, archived:bool"),
    "psfs_ratings": _cols("activity:int, rated_on:date, score:int"),
    "sitting_breaks": _cols("id:text, taken_at:datetime, exercise:text"),
    # The clinic's side: the person's clinician, and every look at their data by someone
    # else (the audit trail, which stays when the account is deleted).
    "care": _cols("clinician:text?, since:datetime"),
    "accesses": _cols("at:datetime, who:text, role:text, what:text, page:text, address:text"),
}

Row = dict[str, Any]
Document = dict[str, Any]


# --------------------------------------------------------------------------------------------
# Values: Python values -> JSON-ready cells, and checks


def plain(kind: Kind, value: object) -> object:
    """A Python value (a date, a datetime, a UUID, ...) as the JSON-ready value of a cell.

    Aware datetimes are written in UTC so that an export reads the same wherever it is opened.
    """
    if value is None:
        return None
    if kind == "datetime":
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ExportError(f"{value!r} is not an aware datetime")
        return value.astimezone(UTC).isoformat()
    if kind in ("date", "time"):
        if not isinstance(value, date | time):
            raise ExportError(f"{value!r} is not a {kind}")
        return value.isoformat()
    if kind == "text":
        return str(value)
    return value


def make_document(exported_at: datetime, tables: Mapping[str, list[Row]]) -> Document:
    """A whole export: every table of ``TABLES`` (missing ones empty), checked."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise ExportError(f"unknown table {sorted(unknown)[0]!r}")
    doc: Document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": plain("datetime", exported_at),
        "tables": {name: list(tables.get(name, [])) for name in TABLES},
    }
    check_document(doc)
    return doc


def _iso_ok(kind: str, text: str) -> bool:
    try:
        if kind == "date":
            date.fromisoformat(text)
        elif kind == "time":
            time.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_value(table: str, column: Column, value: object) -> None:
    where = f"{table}.{column.name}"
    if value is None:
        if not column.nullable:
            raise ExportError(f"{where} may not be empty")
        return
    kind = column.kind
    ok: bool
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "json":
        ok = isinstance(value, list | dict)
    else:
        ok = isinstance(value, str)
        if ok and kind in ("date", "datetime", "time"):
            ok = _iso_ok(kind, value)  # type: ignore[arg-type]
    if not ok:
        raise ExportError(f"{where}: {value!r} is not a valid {kind}")


def check_document(doc: object) -> None:
    """Raise ExportError naming the first problem of a document that is not an export."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError("this is not a Supple export (no 'format': 'supple-export')")
    if doc.get("version") != VERSION:
        raise ExportError(f"export version {doc.get('version')!r} is not {VERSION}")
    tables = doc.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(TABLES):
        raise ExportError(f"an export has exactly the tables {', '.join(TABLES)}")
    for name, columns in TABLES.items():
        rows = tables[name]
        if not isinstance(rows, list):
            raise ExportError(f"table {name!r} is not a list of rows")
        expected = [c.name for c in columns]
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or sorted(row) != sorted(expected):
                raise ExportError(f"row {number} of {name!r} must have the columns {expected}")
            for column in columns:
                _check_value(name, column, row[column.name])


# --------------------------------------------------------------------------------------------
# JSON


def write_json(doc: Document) -> str:
    check_document(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def read_json(text: str | bytes) -> Document:
    try:
        doc = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ExportError(f"not valid JSON: {error}") from None
    check_document(doc)
    result: Document = doc
    return result


# --------------------------------------------------------------------------------------------
# CSV in a zip

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(kind: Kind, value: object) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if kind == "float":
        return repr(float(value))  # type: ignore[arg-type]
    text = str(value)
    if kind == "text" and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _value(table: str, column: Column, cell: str) -> object:
    kind = column.kind
    if kind == "text":
        return cell[1:] if cell.startswith("'") else cell
    if cell == "":
        if column.nullable:
            return None
        raise ExportError(f"{table}.{column.name} may not be empty")
    try:
        if kind == "int":
            return int(cell)
        if kind == "float":
            return float(cell)
        if kind == "json":
            return json.loads(cell)
    except ValueError:
        raise ExportError(f"{table}.{column.name}: {cell!r} is not a valid {kind}") from None
    if kind == "bool":
        if cell not in ("true", "false"):
            raise ExportError(f"{table}.{column.name}: {cell!r} is not true or false")
        return cell == "true"
    return cell  # dates, times and datetimes stay ISO text


def _write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    # A byte-order mark so that spreadsheet programs read the text as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_csv_zip(doc: Document) -> bytes:
    """One CSV per table, and about.csv, in a zip (files in a fixed order and date)."""
    check_document(doc)
    out = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)  # fixed, so that equal exports give equal bytes
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        about = _write_csv(
            ["format", "version", "exported_at"],
            [[doc["format"], str(doc["version"]), doc["exported_at"]]],
        )
        archive.writestr(zipfile.ZipInfo("about.csv", stamp), about, zipfile.ZIP_DEFLATED)
        for name, columns in TABLES.items():
            rows = [[_cell(c.kind, row[c.name]) for c in columns] for row in doc["tables"][name]]
            data = _write_csv([c.name for c in columns], rows)
            archive.writestr(zipfile.ZipInfo(f"{name}.csv", stamp), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _read_csv(archive: zipfile.ZipFile, filename: str) -> tuple[list[str], list[list[str]]]:
    try:
        raw = archive.read(filename)
    except KeyError:
        raise ExportError(f"the zip has no {filename}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{filename} is not UTF-8 text") from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        raise ExportError(f"{filename} has no header row")
    return lines[0], lines[1:]


def read_csv_zip(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ExportError("not a zip file") from None
    with archive:
        header, rows = _read_csv(archive, "about.csv")
        if header != ["format", "version", "exported_at"] or len(rows) != 1:
            raise ExportError("about.csv must have format, version and exported_at")
        fmt, version, exported_at = rows[0]
        try:
            number = int(version)
        except ValueError:
            raise ExportError(f"export version {version!r} is not a number") from None
        tables: dict[str, list[Row]] = {}
        for name, columns in TABLES.items():
            header, lines = _read_csv(archive, f"{name}.csv")
            expected = [c.name for c in columns]
            if header != expected:
                raise ExportError(f"{name}.csv must have the columns {expected}")
            table = []
            for number_in_file, line in enumerate(lines, start=2):
                if len(line) != len(columns):
                    raise ExportError(f"{name}.csv line {number_in_file} has {len(line)} cells")
                table.append(
                    {c.name: _value(name, c, cell) for c, cell in zip(columns, line, strict=True)}
                )
            tables[name] = table
    doc: Document = {"format": fmt, "version": number, "exported_at": exported_at, "tables": tables}
    check_document(doc)
    return doc
