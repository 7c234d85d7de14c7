"""Plain words: one short sentence per change, grouped, positions as a person says them,
planner notes without jargon. The engine's reasons stay unchanged underneath."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from supple.programs.services import words

NAMES = {"bridge": "Bridge", "pelvic-tilt": "Pelvic tilt", "cat-camel": "Cat-camel"}


@dataclass
class FakeDecision:
    decision: str
    colour: str
    reason: str
    before: dict[str, Any]
    after: dict[str, Any] = field(default_factory=dict)
    exercise: str = "bridge"

    def __post_init__(self) -> None:
        self.after = self.after or dict(self.before)


BRIDGE = {"exercise": "bridge", "hold_s": 15, "reps": 3, "sets": 1, "per_side": False}


def test_a_hold_after_one_easy_session_says_what_comes_next() -> None:
    line = words.change_line(
        FakeDecision(
            "hold",
            "green",
            "held: Bridge has one session so far (Bridge was comfortable on Mon 2 Nov "
            "(pain 2/10, all sets done)); two comfortable sessions in a row are needed",
            BRIDGE,
        ),
        NAMES,
    )
    assert line.sentence == "Bridge stays at 15 s × 3: one more easy session and it steps up."
    assert not line.changed
    assert line.detail.startswith("Bridge has one session so far")  # no "held:" label


def test_steps_back_only_when_the_dose_went_down() -> None:
    red = "stepped back: pain during Bridge was 6/10 on Mon 2 Nov"
    lower = dict(BRIDGE, hold_s=10)
    went_down = words.change_line(FakeDecision("regress", "red", red, BRIDGE, lower), NAMES)
    assert went_down.sentence == "Bridge steps back to 10 s × 3: it hurt too much last time."
    assert went_down.changed
    at_bottom = words.change_line(FakeDecision("regress", "red", red, BRIDGE), NAMES)
    assert "steps back" not in at_bottom.sentence
    assert (
        at_bottom.sentence == "Bridge stays at 15 s × 3, its easiest: it hurt too much last time."
    )
    assert not at_bottom.changed


def test_changes_are_grouped_with_the_same_ones_counted() -> None:
    same = [
        FakeDecision("hold", "amber", "held: pain during it was 4/10", dict(BRIDGE, exercise=e))
        for e in ("bridge", "pelvic-tilt", "cat-camel", "bridge")
    ]
    up = FakeDecision("progress", "green", "stepped up: easy", BRIDGE, dict(BRIDGE, hold_s=20))
    changes = words.changes_in_words([*same, up], NAMES)
    assert [line.sentence for line in changes.changed] == [
        "Bridge steps up to 20 s × 3: it was easy two sessions in a row."
    ]
    assert changes.same_words == "4 exercises stay the same"
    assert (
        changes.same[1].sentence == "Pelvic tilt stays at 15 s × 3: it was a little sore last time."
    )


def test_positions_and_notes_in_plain_words() -> None:
    assert words.position_words("supine") == "on your back"
    assert words.position_words("prone") == "on your front"
    assert words.position_words("side-lying") == "on your side"
    assert words.position_words("quadruped") == "on hands and knees"
    assert words.position_words("seated") == "sitting"
    assert words.position_words("standing") == "standing"
    assert words.plain_note(
        "Phase 2 was asked for, but your safety screen keeps you in phase 1 until a doctor "
        "has seen you."
    ) == (
        "The second stage was asked for, but your safety screen keeps you in the first stage "
        "until a doctor has seen you."
    )


def test_today_says_each_change_in_a_sentence_without_labels(
    client: Any, enrolled: Any, patient: Any
) -> None:
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from supple.programs import services
    from tests.conftest import PASSWORD
    from tests.programs.conftest import CLEAR, do_session

    start = timezone.now() - timedelta(days=2)
    services.record_screen(patient, CLEAR, trigger="user", now=start - timedelta(minutes=1))
    do_session(patient, start, p_during=2)
    do_session(patient, start + timedelta(days=1), p_during=2)
    client.login(username="pat", password=PASSWORD)
    page = client.get(reverse("today")).content.decode()
    assert "What changed since last time" in page
    assert "steps up to" in page or "stay the same" in page or "stays the same" in page
    for jargon in ("held:", "stepped up:", "Phase 1", "phase 1"):
        assert jargon not in page, jargon
