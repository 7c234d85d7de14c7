"""What the server sends the browser's player: the domain's timeline for every exercise, as it
is (the browser has no timing model of its own), and swaps that fit the session."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from django.test import Client

from supple.accounts.models import User
from supple.content import load_catalog
from supple.domain import planner, progression, timeline
from supple.programs.services import session_script
from tests.programs.test_views_patient import now, pat, signed_in  # noqa: F401

CATALOG = load_catalog()


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.id)
def test_each_step_carries_the_domain_timeline(exercise: object) -> None:
    from supple.domain.catalog import Exercise

    assert isinstance(exercise, Exercise)
    for dose in (progression.starting_dose(exercise), progression.top_dose(exercise)):
        step = session_script._step(exercise, dose)
        segments = timeline.build(exercise.kind, dose)
        assert step["timeline"] == [s.as_dict() for s in segments]
        assert step["seconds"] == planner.estimate_seconds(exercise, dose)
        assert sum(s["seconds"] for s in step["timeline"]) == step["seconds"]


def player_data(client: Client) -> dict[str, object]:
    page = client.get("/session/").content.decode()
    found = re.search(r'<script id="player-data" type="application/json">(.*?)</script>', page)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_the_player_page_sends_the_timelines_and_no_timing_of_its_own(
    pat: User,  # noqa: F811
) -> None:
    data = player_data(signed_in(pat))
    assert "timing" not in data
    plans = data["plans"]
    assert isinstance(plans, dict)
    for script in plans.values():
        for step in script:
            exercise = CATALOG.exercise(step["exercise"])
            dose = progression.Dose(
                exercise.id, step["hold_s"], step["reps"], step["sets"], step["per_side"]
            )
            assert step["timeline"] == [s.as_dict() for s in timeline.build(exercise.kind, dose)]
            assert "beat_s" not in step
            assert step["figure"].endswith("figure.svg?hold=off")
            for swap in step["swaps"]:
                assert swap["thumbnail"].endswith("/figure-still.svg")
                assert swap["seconds"] == sum(s["seconds"] for s in swap["timeline"])


def test_every_swap_offered_keeps_the_session_within_its_minutes(
    pat: User,  # noqa: F811
    now: datetime,  # noqa: F811
) -> None:
    data = player_data(signed_in(pat))
    minutes = pat.profile.minutes
    budget = minutes * 60 * (1 + planner.TIME_TOLERANCE)
    plans = data["plans"]
    assert isinstance(plans, dict)
    offered = 0
    for script in plans.values():
        total = sum(step["seconds"] for step in script)
        for step in script:
            for swap in step["swaps"]:
                offered += 1
                assert total - step["seconds"] + swap["seconds"] <= max(budget, total)
                assert "15 min" not in swap["dose"]
    assert offered, "the plan offers some swaps"
