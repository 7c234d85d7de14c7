"""The engine's JSON input turned into domain objects without the CLI: every problem is an
``InputError`` that names where it is."""

from __future__ import annotations

from datetime import date

import pytest

from supple.content import load_catalog
from supple.interop.engine_json import InputError, history_from_json, validate

CATALOG = load_catalog()
FIRST = CATALOG.exercises[0].id


def history(**changes: object) -> dict[str, object]:
    session = {
        "date": "2024-06-13",
        "p_pre": 3,
        "p_post": 3,
        "p_next": 2,
        "exercises": [{"exercise": FIRST, "p_during": 3, "spread": False, "completed": True}],
    }
    return {"today": "2024-06-14", "intake_pain": 4, "sessions": [session], **changes}


def test_a_valid_history_becomes_the_domain_history() -> None:
    data = history()
    validate(data, "history", "h.json")
    result = history_from_json(data, CATALOG, "h.json")
    assert result.today == date(2024, 6, 14)
    assert [e.exercise for e in result.sessions[0].exercises] == [FIRST]


def test_a_schema_problem_names_the_field() -> None:
    with pytest.raises(InputError, match=r"^h\.json: missing field 'intake_pain'$"):
        validate({k: v for k, v in history().items() if k != "intake_pain"}, "history", "h.json")


def test_an_unknown_exercise_names_its_place_in_the_document() -> None:
    data = history()
    data["sessions"][0]["exercises"][0]["exercise"] = "no-such-move"  # type: ignore[index]
    with pytest.raises(InputError, match=r"sessions\[0\]\.exercises\[0\]\.exercise: unknown"):
        history_from_json(data, CATALOG, "h.json")
