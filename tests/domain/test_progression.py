"""Pain-guided progression (docs/clinical-rules.md sections 2, 3, 4 and 5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supple.domain import progression
from supple.domain.catalog import Catalog
from supple.domain.history import ExerciseLog, History, SessionLog
from supple.domain.progression import (
    Dose,
    apply_decision,
    colour_of,
    decide,
    starting_dose,
    step_down,
    step_up,
)
from tests.domain.engine_fixtures import make_catalog

CATALOG = make_catalog()
TODAY = date(2024, 6, 14)  # a Friday


def day(n: int) -> date:
    """``n`` days before today."""
    return TODAY - timedelta(days=n)


def session(
    days_ago: int,
    *exercises: ExerciseLog,
    pre: int = 3,
    post: int | None = 3,
    next_: int | None = 3,
    spread: bool = False,
) -> SessionLog:
    return SessionLog(
        date=day(days_ago),
        p_pre=pre,
        p_post=post,
        p_next=next_,
        exercises=exercises,
        spread=spread,
    )


def bridge(during: int = 2, *, spread: bool = False, completed: bool = True) -> ExerciseLog:
    return ExerciseLog("bridge", during, spread=spread, completed=completed)


def history(*sessions: SessionLog, intake: int = 3, **last: date) -> History:
    return History(
        today=TODAY,
        intake_pain=intake,
        sessions=sessions,
        last_progressed={k.replace("_", "-"): v for k, v in last.items()},
    )


# --------------------------------------------------------------------------------------------
# Section 2: baseline


@pytest.mark.parametrize(
    ("pres", "expected"),
    [
        ([], 3.0),  # no session in the week before: the intake pain
        ([4], 4.0),
        ([2, 6, 3], 3.0),
        ([2, 6, 3, 5], 4.0),  # even count: mean of the middle two
        ([1, 2], 1.5),
    ],
)
def test_baseline_is_the_median_of_the_week_before(pres: list[int], expected: float) -> None:
    sessions = [session(i + 2, pre=p) for i, p in enumerate(pres)]
    assert progression.baseline(history(*sessions), day(1)) == expected


def test_baseline_window_is_d_minus_7_to_d_minus_1() -> None:
    h = history(session(9, pre=9), session(8, pre=9), session(1, pre=9), session(0, pre=9))
    # For a session dated d = today: d-7..d-1 holds only the session of yesterday.
    assert progression.baseline(h, TODAY) == 9.0
    # For d = 9 days ago: nothing before it -> intake.
    assert progression.baseline(h, day(9)) == 3.0
    # For d = 1 day ago: d-7 = 8 days ago is in, 9 is out.
    assert progression.baseline(h, day(1)) == 9.0


# --------------------------------------------------------------------------------------------
# Section 3: colours


@pytest.mark.parametrize(
    ("during", "post", "next_", "b", "spread", "colour"),
    [
        (6, 0, 0, 3, False, "red"),  # p_during >= 6
        (10, None, None, 3, False, "red"),
        (0, 6, 0, 3, False, "red"),  # p_post >= 6
        (0, 0, 5, 3, False, "red"),  # p_next >= B + 2
        (0, 0, 5, 3.5, False, "green"),  # 5 < 3.5 + 2, and no pain of 4 or 5 during/after
        (0, 0, 6, 3.5, False, "red"),
        (0, 0, None, 0, False, "green"),  # p_next missing is never read as 0
        (0, 0, 4, 3, False, "green"),
        (1, 1, 1, 3, True, "red"),  # spread
        (4, 0, 0, 3, False, "amber"),
        (5, 3, 0, 3, False, "amber"),
        (0, 4, 0, 3, False, "amber"),
        (3, 5, 0, 3, False, "amber"),
        (3, 3, 3, 3, False, "green"),
        (3, None, None, 3, False, "green"),
    ],
)
def test_colour_table(
    during: int, post: int | None, next_: int | None, b: float, spread: bool, colour: str
) -> None:
    assert colour_of(during, post, next_, int(2 * b), spread)[0] == colour


def test_a_colour_without_next_morning_pain_is_provisional() -> None:
    d = decide(history(session(1, bridge(), next_=None)), CATALOG).for_exercise("bridge")
    assert d.provisional
    d = decide(history(session(1, bridge(), next_=2)), CATALOG).for_exercise("bridge")
    assert not d.provisional


def test_next_morning_pain_compared_with_the_baseline() -> None:
    # Baseline of yesterday's session: the week before had p_pre 2, 2, 3 -> B = 2.
    h = history(
        session(4, pre=2),
        session(3, pre=2),
        session(2, pre=3),
        session(1, bridge(1), post=1, next_=4),
    )
    d = decide(h, CATALOG).for_exercise("bridge")
    assert d.colour == "red"
    assert "4/10" in d.reason
    assert "usual 2/10" in d.reason


# --------------------------------------------------------------------------------------------
# Section 3: per-exercise decisions


@pytest.mark.parametrize(
    ("colours", "completed", "decision"),
    [
        (["red", "red"], [True, True], "pause"),
        (["green", "red", "red"], [True, True, True], "pause"),
        (["green", "red"], [True, True], "regress"),
        (["red"], [True], "regress"),
        (["amber", "red"], [True, True], "regress"),
        (["red", "amber"], [True, True], "hold"),
        (["amber"], [True], "hold"),
        (["green", "amber"], [True, True], "hold"),
        (["green", "green"], [True, True], "progress"),
        (["red", "green", "green"], [True, True, True], "progress"),
        (["green", "green"], [True, False], "hold"),
        (["green", "green"], [False, True], "hold"),
        (["green"], [True], "hold"),  # fewer than two sessions
        (["amber", "green"], [True, True], "hold"),
        (["red", "green"], [True, True], "hold"),
    ],
)
def test_decision_table(colours: list[str], completed: list[bool], decision: str) -> None:
    pain = {"green": 1, "amber": 4, "red": 7}
    sessions = [
        session(2 * (len(colours) - i), bridge(pain[c], completed=done), next_=None)
        for i, (c, done) in enumerate(zip(colours, completed, strict=True))
    ]
    result = decide(history(*sessions), CATALOG).for_exercise("bridge")
    assert result.decision == decision
    assert result.colour == colours[-1]


@pytest.mark.parametrize(
    ("days_since", "decision"), [(6, "hold"), (7, "progress"), (30, "progress")]
)
def test_at_most_one_step_up_per_7_days(days_since: int, decision: str) -> None:
    h = history(session(3, bridge()), session(1, bridge()), bridge=day(days_since))
    result = decide(h, CATALOG).for_exercise("bridge")
    assert result.decision == decision
    if decision == "hold":
        assert "less than 7 days" in result.reason


def test_reasons_name_the_exercise_the_value_and_the_day() -> None:
    h = history(session(3, bridge(2)), session(0, bridge(5)))
    result = decide(h, CATALOG).for_exercise("bridge")
    assert result.decision == "hold"
    assert result.reason == "held: pain during Bridge was 5/10 on Friday 14 June"

    h = history(session(3, bridge(2)), session(2, bridge(7)))
    assert decide(h, CATALOG).for_exercise("bridge").reason == (
        "stepped back: pain during Bridge was 7/10 on Wednesday 12 June"
    )

    h = history(session(3, bridge(2)), session(2, bridge(1, spread=True)))
    assert "symptoms spread down a leg during Bridge on Wednesday 12 June" in (
        decide(h, CATALOG).for_exercise("bridge").reason
    )


def test_a_session_level_spread_makes_every_exercise_red() -> None:
    h = history(
        session(2, bridge(1), ExerciseLog("pelvic-tilt", 1), spread=True),
    )
    decisions = decide(h, CATALOG)
    assert {e.colour for e in decisions.exercises} == {"red"}


def test_exercises_are_reported_once_each_in_order_of_first_appearance() -> None:
    h = history(
        session(3, ExerciseLog("pelvic-tilt", 1), bridge()),
        session(1, bridge(), ExerciseLog("cat-camel", 1)),
    )
    assert [e.exercise for e in decide(h, CATALOG).exercises] == [
        "pelvic-tilt",
        "bridge",
        "cat-camel",
    ]


def test_an_unknown_exercise_is_refused() -> None:
    from supple.domain.catalog import UnknownId

    with pytest.raises(UnknownId):
        decide(history(session(1, ExerciseLog("moonwalk", 1))), CATALOG)


# --------------------------------------------------------------------------------------------
# Section 3: program level


def _trend_history(before: list[int], last: list[int]) -> History:
    sessions = [session(13 - i, bridge(), next_=v) for i, v in enumerate(before)]
    sessions += [session(6 - i, bridge(), next_=v) for i, v in enumerate(last)]
    return history(*sessions, intake=9)  # a high intake keeps p_next below B + 2


@pytest.mark.parametrize(
    ("before", "last", "trend"),
    [
        ([2, 2], [4, 4], "regress"),  # up by exactly 2
        ([2, 3, 3], [4, 5, 5], "regress"),  # 2.667 -> 4.667: exactly 2
        ([2, 2], [3, 4], "no-progress"),  # up by 1.5
        ([2, 2], [3, 3], "no-progress"),  # exactly 1
        ([2, 2, 3], [3, 3, 3], "steady"),  # up by 0.667
        ([4, 4], [2, 2], "steady"),  # down
        ([], [5, 5], "steady"),  # no value in one window: no trend
        ([5], [], "steady"),
    ],
)
def test_weekly_trend(before: list[int], last: list[int], trend: str) -> None:
    assert decide(_trend_history(before, last), CATALOG).program.trend == trend


def test_trend_windows_are_today_minus_6_and_today_minus_13_to_7() -> None:
    # p_next 9 dated today-14 is outside both windows; 2 at today-7 is "the 7 days before".
    h = history(
        session(14, bridge(), next_=9),
        session(7, bridge(), next_=2),
        session(0, bridge(), next_=None),
        session(6, bridge(), next_=4),
        intake=9,
    )
    assert decide(h, CATALOG).program.trend == "regress"


def test_a_rising_trend_turns_progress_and_hold_into_regress() -> None:
    h = history(
        session(10, bridge(), ExerciseLog("cat-camel", 4), next_=2),
        session(3, bridge(), ExerciseLog("cat-camel", 4), next_=4),
        session(1, bridge(), ExerciseLog("cat-camel", 4), next_=4),
        intake=9,
    )
    result = decide(h, CATALOG)
    assert result.program.trend == "regress"
    assert result.for_exercise("bridge").decision == "regress"
    assert result.for_exercise("cat-camel").decision == "regress"
    assert "up by 2 or more" in result.for_exercise("bridge").reason


def test_a_slightly_rising_trend_turns_progress_into_hold() -> None:
    h = history(
        session(10, bridge(), next_=2),
        session(3, bridge(), next_=3),
        session(1, bridge(), next_=3),
        intake=9,
    )
    result = decide(h, CATALOG)
    assert result.program.trend == "no-progress"
    assert result.for_exercise("bridge").decision == "hold"


@pytest.mark.parametrize(
    ("red_days", "action"),
    [((0, 2, 5), "pause"), ((0, 2), "continue"), ((1, 3, 7), "continue"), ((6, 6, 6), "continue")],
)
def test_program_pause_on_red_sessions_on_3_dates_in_the_last_7_days(
    red_days: tuple[int, ...], action: str
) -> None:
    sessions = [session(d, ExerciseLog("cat-camel", 7)) for d in red_days]
    result = decide(history(*sessions), CATALOG)
    assert result.program.action == action
    # Per-exercise decisions are still reported.
    assert result.for_exercise("cat-camel").decision in ("pause", "regress")


def test_program_pause_on_next_morning_pain_of_8() -> None:
    h = history(session(2, bridge(), next_=8), intake=8)
    result = decide(h, CATALOG)
    assert result.program.action == "pause"
    assert "8/10" in result.program.reason
    assert "phase 1" in result.program.reason
    assert result.program.back_to_phase_1
    assert result.program.rescreen
    h = history(session(7, bridge(), next_=8), session(1, bridge()), intake=8)
    assert decide(h, CATALOG).program.action == "continue"


def test_a_flare_day_progresses_nothing() -> None:
    h = history(session(3, bridge()), session(0, bridge(), pre=7, next_=None))
    result = decide(h, CATALOG)
    assert result.program.flare_today
    assert result.for_exercise("bridge").decision == "hold"
    assert "flare day" in result.for_exercise("bridge").reason
    h = history(session(3, bridge()), session(0, bridge(), pre=6, next_=None))
    assert decide(h, CATALOG).for_exercise("bridge").decision == "progress"


def test_a_gp_outcome_allows_no_progression() -> None:
    h = history(session(3, bridge()), session(1, bridge()))
    result = decide(h, CATALOG, progression_allowed=False).for_exercise("bridge")
    assert result.decision == "hold"


def test_high_pain_asks_for_the_screen_again_without_pausing() -> None:
    h = history(session(1, ExerciseLog("cat-camel", 8)))
    program = decide(h, CATALOG).program
    assert program.action == "continue"
    assert program.rescreen
    assert "screen again" in program.reason


def test_no_improvement_after_6_weeks_is_g4() -> None:
    flat = [session(d, bridge(), pre=5) for d in range(45, -1, -3)]
    h = history(*flat)
    assert progression.g4_no_improvement(h)
    result = decide(h, CATALOG)
    assert result.program.g4
    assert "doctor" in result.program.reason
    assert result.for_exercise("bridge").decision == "hold"
    better = [session(d, bridge(), pre=5 if d > 38 else 3) for d in range(45, -1, -3)]
    assert not progression.g4_no_improvement(history(*better))
    short = [session(d, bridge(), pre=5) for d in range(40, -1, -3)]
    assert not progression.g4_no_improvement(history(*short))


def six_weeks(first_week: int, last_week: list[int]) -> History:
    """Sessions from 45 days ago to today: the first week at ``first_week``, the last 7 days
    at ``last_week`` (one session a day, newest last), steady in between."""
    early = [session(d, bridge(), pre=first_week) for d in range(45, 38, -1)]
    middle = [session(d, bridge(), pre=first_week) for d in range(38, 6, -3)]
    late = [session(i, bridge(), pre=p) for i, p in zip(range(6, -1, -1), last_week, strict=False)]
    return history(*early, *middle, *late)


@pytest.mark.parametrize(
    ("first_week", "last_week", "g4"),
    [
        (5, [4, 3] * 3 + [4], True),  # mean 5 -> 3.57: 1.43 points, under 30 % of 5 (1.5)
        (5, [4, 3] * 3 + [3], False),  # 5 -> 3.43: 1.57 points, 30 % of 5 is enough
        (9, [7] * 7, False),  # 2 points, under 30 % of 9: 2 points is the smaller, enough
        (9, [8] * 7, True),  # 1 point
        (4, [3] * 7, True),  # 1 point is 25 %, under both
        (2, [2] * 7, False),  # a first week under 3/10 is not counted
        (3, [3] * 7, True),  # a first week of 3/10 is
    ],
)
def test_g4_is_an_important_change_from_a_first_week_of_3_or_more(
    first_week: int, last_week: list[int], g4: bool
) -> None:
    assert progression.g4_no_improvement(six_weeks(first_week, last_week)) is g4


def test_an_important_improvement_is_2_points_or_30_percent_whichever_is_smaller() -> None:
    assert progression.important_improvement([10], [8])
    assert not progression.important_improvement([10], [9])
    assert progression.important_improvement([5], [3, 4])  # 1.5 points = 30 %
    assert not progression.important_improvement([5, 5, 5], [4, 4, 3])  # 1.33 points


def test_an_empty_history_continues() -> None:
    result = decide(history(), CATALOG)
    assert result.program.action == "continue"
    assert result.exercises == ()


# --------------------------------------------------------------------------------------------
# Section 4: the ladder


def test_a_new_exercise_starts_at_the_bottom_of_its_range() -> None:
    assert starting_dose(CATALOG.exercise("bridge")) == Dose("bridge", 15, 3, 1, False)
    assert starting_dose(CATALOG.exercise("lateral-leg-lift")) == Dose(
        "lateral-leg-lift", None, 10, 3, True
    )


def _climb(dose: Dose, steps: int) -> list[Dose]:
    out = [dose]
    for _ in range(steps):
        out.append(step_up(out[-1], CATALOG).dose)
    return out


def test_step_up_order_reps_then_sets_then_harder_variant() -> None:
    doses = _climb(starting_dose(CATALOG.exercise("bridge")), 5)
    assert [(d.exercise, d.hold_s, d.reps, d.sets) for d in doses] == [
        ("bridge", 15, 3, 1),
        ("bridge", 15, 5, 1),  # reps +2 (the hold is already at its top)
        ("bridge", 15, 5, 2),  # sets +1 up to 3 (the source gives none)
        ("bridge", 15, 5, 3),
        ("single-leg-bridge", 5, 5, 1),  # harder variant at the bottom of its range
        ("single-leg-bridge", 10, 5, 1),  # hold-based: hold +5 s
    ]


def test_step_up_by_hold_is_capped_at_the_top_of_the_range() -> None:
    dose = Dose("lying-twist", 115, None, 1, True)
    assert step_up(dose, CATALOG).dose.hold_s == 120
    dose = Dose("pelvic-tilt", 5, 14, 1, False)
    assert step_up(dose, CATALOG).dose.reps == 15


def test_step_down_order_sets_then_reps_then_easier_variant() -> None:
    dose = Dose("single-leg-bridge", 10, 7, 2, True)
    steps = []
    for _ in range(6):
        step = step_down(dose, CATALOG)
        steps.append(step.changed)
        dose = step.dose
    assert steps == ["sets", "reps", "hold_s", "variant", "sets", "sets"]
    assert dose == Dose("bridge", 15, 5, 1, False)


def test_one_variable_changes_per_step() -> None:
    dose = starting_dose(CATALOG.exercise("single-knee-to-chest"))
    for _ in range(8):
        new = step_up(dose, CATALOG).dose
        if new.exercise == dose.exercise:
            changed = [f for f in ("hold_s", "reps", "sets") if getattr(new, f) != getattr(dose, f)]
            assert len(changed) <= 1
        dose = new


def test_the_top_and_bottom_of_a_ladder_stay_put() -> None:
    top = Dose("lateral-leg-lift", None, 10, 3, True)
    assert step_up(top, CATALOG).changed is None
    bottom = Dose("single-knee-to-chest", 20, 2, 1, True)
    assert step_down(bottom, CATALOG).changed is None


def test_a_variant_the_user_cannot_do_is_skipped() -> None:
    top = Dose("bridge", 15, 5, 3, False)
    step = step_up(top, CATALOG, allowed=lambda e: e.id != "single-leg-bridge")
    assert step.changed is None


DECISION_SESSIONS = st.lists(
    st.tuples(
        st.integers(0, 10),  # p_during
        st.one_of(st.none(), st.integers(0, 10)),  # p_post
        st.one_of(st.none(), st.integers(0, 10)),  # p_next
        st.integers(0, 10),  # p_pre
        st.booleans(),  # spread
        st.booleans(),  # completed
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(
    DECISION_SESSIONS,
    st.sampled_from(["bridge", "pelvic-tilt", "single-leg-bridge", "lateral-leg-lift"]),
    st.integers(0, 2),
    st.integers(0, 4),
)
def test_a_red_session_never_raises_a_dose(
    rows: list[tuple[int, int | None, int | None, int, bool, bool]],
    exercise_id: str,
    extra_sets: int,
    extra_reps: int,
) -> None:
    sessions = [
        SessionLog(
            date=day(len(rows) - i),
            p_pre=pre,
            p_post=post,
            p_next=nxt,
            exercises=(ExerciseLog(exercise_id, during, spread=spread, completed=done),),
        )
        for i, (during, post, nxt, pre, spread, done) in enumerate(rows)
    ]
    h = History(today=TODAY, intake_pain=3, sessions=tuple(sessions))
    result = decide(h, CATALOG).for_exercise(exercise_id)
    start = starting_dose(CATALOG.exercise(exercise_id))
    ex = CATALOG.exercise(exercise_id)
    top_sets = progression.sets_range(ex)[1]
    reps = None if start.reps is None else min(start.reps + extra_reps, ex.dosage.reps.high)  # type: ignore[union-attr]
    dose = Dose(
        exercise_id, start.hold_s, reps, min(start.sets + extra_sets, top_sets), start.per_side
    )
    after = apply_decision(result.decision, dose, CATALOG).dose
    if result.colour == "red":
        assert result.decision in ("regress", "pause")
        assert dose_rank(after, CATALOG) <= dose_rank(dose, CATALOG)
    if result.decision != "progress":
        assert dose_rank(after, CATALOG) <= dose_rank(dose, CATALOG)


def dose_rank(dose: Dose, catalog: Catalog) -> tuple[int, int, int, int]:
    """A comparable size of a dose along the ladder: (variant level, sets, reps, hold), the
    variant level counting the easier steps below the exercise."""
    level = 0
    seen = {dose.exercise}
    current = catalog.exercise(dose.exercise)
    while current.easier and current.easier[0] in catalog and current.easier[0] not in seen:
        seen.add(current.easier[0])
        current = catalog.exercise(current.easier[0])
        level += 1
    return (level, dose.sets, dose.reps or 0, dose.hold_s or 0)


# --------------------------------------------------------------------------------------------
# Section 5: phases


def _gate(days_in: int, done: int, planned: int, red: bool, at_top: int) -> progression.Gate:
    sessions = [session(d, bridge(7 if red and d == 1 else 1)) for d in range(1, done + 1)]
    h = history(*sessions)
    doses = [
        Dose("bridge", 15, 5, 3, False) if at_top >= 1 else Dose("bridge", 15, 3, 1, False),
        Dose("cat-camel", None, 10, 3, False)
        if at_top >= 2
        else Dose("cat-camel", None, 5, 1, False),
        Dose("lying-twist", 30, None, 1, True),
    ]
    return progression.phase_gate(1, day(days_in), h, planned, doses, CATALOG)


@pytest.mark.parametrize(
    ("days_in", "done", "planned", "red", "at_top", "advance"),
    [
        (14, 12, 14, False, 2, True),
        (13, 12, 14, False, 2, False),  # fewer than 14 days in the phase
        (14, 11, 14, False, 2, False),  # 11/14 < 80 %
        (20, 12, 15, False, 2, True),  # exactly 80 %
        (14, 12, 14, True, 2, False),  # a red in the last 7 days
        (14, 12, 14, False, 1, False),  # 1 of 3 at the top: not most
        (14, 0, 0, False, 2, False),  # nothing planned: cannot show adherence
    ],
)
def test_phase_advance_gates(
    days_in: int, done: int, planned: int, red: bool, at_top: int, advance: bool
) -> None:
    gate = _gate(days_in, done, planned, red, at_top)
    assert gate.advance is advance, gate.reasons


def test_phase_3_is_the_last_and_a_pause_returns_to_phase_1() -> None:
    gate = progression.phase_gate(3, day(30), history(), 10, [], CATALOG)
    assert not gate.advance
    assert progression.phase_after_pause(3) == 1
