"""The export formats: JSON and CSV-in-a-zip round-trip exactly, and bad files are refused."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from supple.interop.export import (
    TABLES,
    ExportError,
    make_document,
    plain,
    read_csv_zip,
    read_json,
    write_csv_zip,
    write_json,
)

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
# Text a spreadsheet or a CSV parser could get wrong.
AWKWARD = ["=SUM(A1:A9)", "+44 20", "-3", "@home", "'quoted", 'say "hi", then\nleave', "café ✓", ""]


def sample() -> dict[str, object]:
    session = "6f1c7d2e-8a43-4b1d-9a0e-123456789abc"
    return make_document(
        NOW,
        {
            "account": [
                {
                    "username": "pat",
                    "email": "",
                    "first_name": "Pat",
                    "last_name": "O'Neill",
                    "role": "patient",
                    "clinic": "Riverside, Physio",
                    "date_joined": plain("datetime", NOW - timedelta(days=30)),
                }
            ],
            "sessions": [
                {
                    "id": session,
                    "date": "2026-11-01",
                    "started_at": plain("datetime", NOW - timedelta(days=1)),
                    "ended_at": None,
                    "status": "done",
                    "flare": False,
                    "phase": 1,
                    "p_pre": 0,
                    "p_post": None,
                    "p_next": 10,
                    "p_next_at": None,
                    "spread": True,
                    "plan": [{"exercise": "bridge", "hold_s": None, "reps": 8, "name": "Bridge"}],
                    "source": "web",
                }
            ],
            "psfs_activities": [
                {
                    "id": n,
                    "name": text,
                    "created_at": plain("datetime", NOW),
                    "archived": n % 2 == 0,
                }
                for n, text in enumerate(AWKWARD, start=1)
            ],
            "levels": [
                {
                    "ladder": "bridge",
                    "exercise": "bridge",
                    "hold_s": None,
                    "reps": 10,
                    "sets": 2,
                    "last_progressed": None,
                    "paused": False,
                }
            ],
            "screens": [
                {
                    "taken_at": plain("datetime", NOW),
                    "trigger": "intake",
                    "answers": {"E1": False, "U3": None},
                    "checked": [],
                    "outcome": "clear",
                    "flags": [],
                    "message": "Line one.\r\nLine two, with a comma.",
                    "clinician_confirmed_at": None,
                }
            ],
        },
    )


def test_json_round_trips_exactly() -> None:
    doc = sample()
    text = write_json(doc)
    assert read_json(text) == doc
    assert json.loads(text)["format"] == "supple-export"


def test_csv_zip_round_trips_exactly_with_one_file_per_table() -> None:
    doc = sample()
    data = write_csv_zip(doc)
    assert read_csv_zip(data) == doc
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["about.csv", *(f"{name}.csv" for name in TABLES)]
    assert write_csv_zip(doc) == data  # the same export, the same bytes


def test_csv_cells_are_plain_for_a_spreadsheet() -> None:
    archive = zipfile.ZipFile(io.BytesIO(write_csv_zip(sample())))
    text = archive.read("psfs_activities.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    names = [row["name"] for row in rows]
    # Formulas are defused with a leading quote; ordinary text is untouched.
    assert names[:5] == ["'=SUM(A1:A9)", "'+44 20", "'-3", "'@home", "''quoted"]
    assert names[5:] == ['say "hi", then\nleave', "café ✓", ""]
    assert rows[0]["archived"] == "false"
    sessions = list(
        csv.DictReader(io.StringIO(archive.read("sessions.csv").decode("utf-8-sig"), newline=""))
    )
    assert sessions[0]["p_post"] == ""
    assert sessions[0]["p_pre"] == "0"
    assert json.loads(sessions[0]["plan"])[0]["exercise"] == "bridge"


def test_datetimes_are_written_in_utc() -> None:
    paris_summer = datetime(2026, 7, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    assert plain("datetime", paris_summer) == "2026-07-01T07:00:00+00:00"
    assert plain("date", date(2026, 7, 1)) == "2026-07-01"
    assert plain("time", time(7, 30)) == "07:30:00"
    with pytest.raises(ExportError, match="aware"):
        plain("datetime", datetime(2026, 7, 1))


def _zip_with(changes: dict[str, bytes | None]) -> bytes:
    original = zipfile.ZipFile(io.BytesIO(write_csv_zip(sample())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in original.namelist():
            if name in changes:
                if changes[name] is not None:
                    archive.writestr(name, changes[name])  # type: ignore[arg-type]
            else:
                archive.writestr(name, original.read(name))
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"levels.csv": None}, "no levels.csv"),
        ({"levels.csv": b"ladder,exercise\r\n"}, "must have the columns"),
        ({"about.csv": b"format,version,exported_at\r\nsupple-export,2,x\r\n"}, "version"),
        ({"about.csv": b"format,version,exported_at\r\nother,1,x\r\n"}, "not a Supple export"),
        (
            {
                "levels.csv": b"ladder,exercise,hold_s,reps,sets,last_progressed,paused\r\n"
                b"b,b,,x,1,,false\r\n"
            },
            "levels.reps",
        ),
        (
            {
                "levels.csv": b"ladder,exercise,hold_s,reps,sets,last_progressed,paused\r\n"
                b"b,b,,1,1,,maybe\r\n"
            },
            "true or false",
        ),
        (
            {
                "levels.csv": b"ladder,exercise,hold_s,reps,sets,last_progressed,paused\r\n"
                b"b,b,,1,,,false\r\n"
            },
            "levels.sets may not be empty",
        ),
        ({"levels.csv": b"\xff\xfe"}, "not UTF-8"),
    ],
)
def test_a_broken_csv_zip_is_refused_naming_the_problem(
    changes: dict[str, bytes | None], message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        read_csv_zip(_zip_with(changes))


def test_a_file_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(ExportError, match="not a zip"):
        read_csv_zip(b"hello")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "not a Supple export"),
        ('{"format": "supple-export", "version": 1, "tables": {}}', "exactly the tables"),
    ],
)
def test_a_broken_json_export_is_refused(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        read_json(text)


def test_a_row_that_does_not_fit_its_table_is_refused() -> None:
    doc = sample()
    doc["tables"]["levels"][0]["sets"] = "two"  # type: ignore[index]
    with pytest.raises(ExportError, match=r"levels\.sets"):
        write_json(doc)
    doc = sample()
    del doc["tables"]["levels"][0]["paused"]  # type: ignore[index]
    with pytest.raises(ExportError, match="row 1 of 'levels'"):
        write_csv_zip(doc)
    with pytest.raises(ExportError, match="unknown table"):
        make_document(NOW, {"secrets": []})
