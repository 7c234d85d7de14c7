"""One timeline per exercise: the planner's estimate is its sum, for the whole library."""

from __future__ import annotations

import pytest

from supple.content import load_catalog
from supple.domain import planner, progression, timeline
from supple.domain.catalog import Exercise

CATALOG = load_catalog()


def doses(exercise: Exercise) -> list[progression.Dose]:
    """The bottom and top of the exercise's range, one set and the most sets, one side and
    both: every shape a plan can give."""
    start, top = progression.starting_dose(exercise), progression.top_dose(exercise)
    low_sets, high_sets = progression.sets_range(exercise)
    out = []
    for base in (start, top):
        for sets in {low_sets, high_sets, 1}:
            for per_side in {base.per_side, not base.per_side}:
                out.append(progression.Dose(exercise.id, base.hold_s, base.reps, sets, per_side))
    return out


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.id)
def test_the_estimate_is_the_sum_of_the_timeline(exercise: Exercise) -> None:
    for dose in doses(exercise):
        segments = timeline.build(exercise.kind, dose)
        assert timeline.total_seconds(segments) == planner.estimate_seconds(exercise, dose)
        assert segments[0].kind == "ready"
        assert sum(s.kind == "rest" for s in segments) == dose.sets - 1
        assert sum(s.kind == "switch" for s in segments) == (dose.sets if dose.per_side else 0)
        if dose.hold_s is not None:
            # A relax follows every hold, the last one too (the planner's 2 s in and out).
            kinds = [s.kind for s in segments]
            holds = [n for n, k in enumerate(kinds) if k == "hold"]
            assert holds
            assert all(kinds[n + 1] == "relax" for n in holds)
            assert len(holds) == (dose.reps or 1) * dose.sets * (2 if dose.per_side else 1)


def test_a_hold_exercise_on_both_sides_reads_in_order() -> None:
    dose = progression.Dose("x", 20, 2, 2, True)
    segments = timeline.build("stretch", dose)
    assert [(s.kind, s.seconds, s.where) for s in segments] == [
        ("ready", 5, ""),
        ("hold", 20, "Set 1 of 2 · First side · Hold 1 of 2"),
        ("relax", 2, "Set 1 of 2 · First side"),
        ("hold", 20, "Set 1 of 2 · First side · Hold 2 of 2"),
        ("relax", 2, "Set 1 of 2 · First side"),
        ("switch", 5, "Next: other side"),
        ("hold", 20, "Set 1 of 2 · Other side · Hold 1 of 2"),
        ("relax", 2, "Set 1 of 2 · Other side"),
        ("hold", 20, "Set 1 of 2 · Other side · Hold 2 of 2"),
        ("relax", 2, "Set 1 of 2 · Other side"),
        ("rest", 30, "Next: set 2 of 2"),
        ("hold", 20, "Set 2 of 2 · First side · Hold 1 of 2"),
        ("relax", 2, "Set 2 of 2 · First side"),
        ("hold", 20, "Set 2 of 2 · First side · Hold 2 of 2"),
        ("relax", 2, "Set 2 of 2 · First side"),
        ("switch", 5, "Next: other side"),
        ("hold", 20, "Set 2 of 2 · Other side · Hold 1 of 2"),
        ("relax", 2, "Set 2 of 2 · Other side"),
        ("hold", 20, "Set 2 of 2 · Other side · Hold 2 of 2"),
        ("relax", 2, "Set 2 of 2 · Other side"),
    ]


def test_repetitions_keep_their_pace_and_untimed_exercises_their_fixed_time() -> None:
    reps = timeline.build("breathing", progression.Dose("x", None, 10, 1, False))
    assert [(s.kind, s.seconds, s.reps, s.pace) for s in reps] == [
        ("ready", 5, 0, 0),
        ("reps", 60, 10, 6),
    ]
    untimed = timeline.build("functional", progression.Dose("x", None, None, 1, False))
    assert [(s.kind, s.seconds) for s in untimed] == [("ready", 5), ("move", 120)]


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0"), (45, "45"), (59, "59"), (60, "1:00"), (897, "14:57")]
)
def test_a_countdown_over_a_minute_reads_as_minutes_and_seconds(seconds: int, shown: str) -> None:
    assert timeline.clock(seconds) == shown


def test_a_breathing_exercise_or_a_walk_is_timed_and_never_told_to_hold() -> None:
    dose = progression.Dose("x", 60, None, 1, False)
    for kind in ("breathing", "functional"):
        [hold] = [s for s in timeline.build(kind, dose) if s.kind == "hold"]
        assert (hold.title, hold.as_dict()["timed"]) == ("Keep going", True)
    [hold] = [s for s in timeline.build("strength", dose) if s.kind == "hold"]
    assert (hold.title, hold.as_dict()["timed"]) == ("Hold", False)
