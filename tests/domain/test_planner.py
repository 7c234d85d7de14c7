"""The planner (docs/clinical-rules.md sections 1, 3, 5, 6 and 7) on a fixed, hand-built library."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supple.domain import planner, safety
from supple.domain.catalog import Catalog
from supple.domain.planner import Plan, Profile, ProfileError, make_plan
from tests.domain.engine_fixtures import make_catalog
from tests.domain.plan_checks import check_invariants

CATALOG = make_catalog()
TODAY = date(2024, 6, 3)
CLEAR = dict.fromkeys(safety.ASKED_IDS, False)


def profile(**changes: object) -> Profile:
    base = Profile(
        pain_now=3,
        weeks_since_onset=4,
        age=50,
        can_get_on_floor=True,
        minutes=15,
        equipment=frozenset(),
        direction="neither",
        exclude=frozenset(),
        screen=CLEAR,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def ids(plan: Plan) -> list[str]:
    return [i.exercise for i in plan.items]


# --------------------------------------------------------------------------------------------
# Screen and phase


@pytest.mark.parametrize(
    ("yes", "blocked"),
    [("E1", "emergency"), ("U3", "urgent"), ("C1", "clearance")],
)
def test_a_blocking_screen_gives_no_exercises(yes: str, blocked: str) -> None:
    plan = make_plan(profile(screen={**CLEAR, yes: True}), CATALOG, TODAY)
    assert plan.blocked == blocked
    assert plan.items == ()
    assert plan.seconds == 0
    assert plan.notes


def test_an_incomplete_screen_blocks_the_plan() -> None:
    plan = make_plan(profile(screen={"U1": False}), CATALOG, TODAY)
    assert plan.blocked == "incomplete"
    assert plan.items == ()


def test_the_emergency_note_carries_the_local_number() -> None:
    plan = make_plan(profile(screen={**CLEAR, "E8": True}), CATALOG, TODAY, emergency_number="112")
    assert "112" in plan.notes[0]


def test_everyone_starts_in_phase_1_unless_told_otherwise() -> None:
    assert make_plan(profile(), CATALOG, TODAY).phase == 1
    assert make_plan(profile(phase=2), CATALOG, TODAY).phase == 2


def test_a_gp_outcome_keeps_phase_1() -> None:
    plan = make_plan(profile(phase=3, screen={**CLEAR, "G2": True}), CATALOG, TODAY)
    assert plan.phase == 1
    assert plan.blocked is None
    assert plan.items
    assert any("2 weeks" in n for n in plan.notes)


def test_a_checked_answer_does_not_block() -> None:
    plan = make_plan(profile(screen={**CLEAR, "U3": True}, checked=("U3",)), CATALOG, TODAY)
    assert plan.blocked is None


def test_without_a_screen_the_plan_says_to_answer_it() -> None:
    plan = make_plan(profile(screen=None), CATALOG, TODAY)
    assert plan.items
    assert any("safety screen" in n for n in plan.notes)


# --------------------------------------------------------------------------------------------
# Flare day


@pytest.mark.parametrize("pain", [7, 8, 10])
def test_a_flare_day_gives_breathing_gentle_mobility_and_a_short_walk(pain: int) -> None:
    plan = make_plan(profile(pain_now=pain, phase=3), CATALOG, TODAY)
    assert plan.flare
    kinds = [CATALOG.exercise(i).kind for i in ids(plan)]
    assert kinds[0] == "breathing"
    assert kinds[1] in ("mobility", "stretch")
    assert ids(plan)[-1] == "walking"
    assert len(plan.items) == 3
    assert all(not CATALOG.exercise(i).end_range for i in ids(plan))


def test_pain_of_6_is_not_a_flare_day() -> None:
    assert not make_plan(profile(pain_now=6), CATALOG, TODAY).flare


# --------------------------------------------------------------------------------------------
# Choice


def test_someone_who_cannot_get_to_the_floor_gets_the_in_bed_routine() -> None:
    plan = make_plan(profile(can_get_on_floor=False), CATALOG, TODAY)
    assert plan.routine == "in-bed-morning"
    assert ids(plan)[:4] == ["deep-breathing", "single-knee-to-chest", "bridge", "lying-twist"]
    assert not any(CATALOG.exercise(i).floor_only for i in ids(plan))


def test_doses_start_at_the_bottom_of_each_range() -> None:
    plan = make_plan(profile(phase=2, minutes=30), CATALOG, TODAY)
    for item in plan.items:
        d = CATALOG.exercise(item.exercise).dosage
        assert item.hold_s == (d.hold_s.low if d.hold_s else None)
        assert item.reps == (d.reps.low if d.reps else None)
        assert item.sets == (d.sets.low if d.sets else 1)
        assert item.per_side == d.per_side


def test_a_warm_up_comes_first() -> None:
    for phase in (1, 2, 3):
        for offset in range(7):
            plan = make_plan(profile(phase=phase), CATALOG, TODAY + timedelta(days=offset))
            first = CATALOG.exercise(plan.items[0].exercise)
            assert first.kind in ("breathing", "mobility"), (phase, ids(plan))


def _position_runs(plan: Plan, catalog: Catalog) -> list[str]:
    groups = {
        "supine": "lying",
        "prone": "lying",
        "side-lying": "lying",
        "quadruped": "kneeling",
        "kneeling": "kneeling",
        "seated": "seated",
        "standing": "standing",
    }
    runs: list[str] = []
    for item in plan.items[1:]:  # after the warm-up
        group = groups[catalog.exercise(item.exercise).position]
        if not runs or runs[-1] != group:
            runs.append(group)
    return runs


@pytest.mark.parametrize("phase", [1, 2, 3])
def test_lying_exercises_are_grouped_so_one_gets_up_once(phase: int) -> None:
    for offset in range(7):
        plan = make_plan(profile(phase=phase, minutes=30), CATALOG, TODAY + timedelta(days=offset))
        runs = _position_runs(plan, CATALOG)
        assert len(runs) == len(set(runs)), (ids(plan), runs)


def test_a_balance_of_kinds() -> None:
    plan = make_plan(profile(phase=2, minutes=20), CATALOG, TODAY)
    kinds = {CATALOG.exercise(i).kind for i in ids(plan)}
    assert {"strength", "control"} <= kinds or {"strength", "mobility"} <= kinds
    assert len(kinds) >= 3


def test_no_two_rungs_of_the_same_ladder() -> None:
    for offset in range(10):
        plan = make_plan(profile(phase=2, minutes=40), CATALOG, TODAY + timedelta(days=offset))
        assert not {"single-knee-to-chest", "double-knee-to-chest"} <= set(ids(plan))
        assert not {"bridge", "single-leg-bridge"} <= set(ids(plan))


def test_the_same_day_gives_the_same_plan_and_days_vary() -> None:
    p = profile(phase=2)
    assert make_plan(p, CATALOG, TODAY) == make_plan(p, CATALOG, TODAY)
    week = {tuple(ids(make_plan(p, CATALOG, TODAY + timedelta(days=n)))) for n in range(7)}
    assert len(week) >= 2


@pytest.mark.parametrize(
    ("direction", "left_out"),
    [
        ("flexion", {"prone-press-up", "superman"}),
        ("extension", {"double-knee-to-chest", "partial-curl"}),
    ],
)
def test_a_directional_preference_leaves_out_end_range_of_the_other_direction(
    direction: str, left_out: set[str]
) -> None:
    for phase in (1, 2, 3):
        for offset in range(5):
            plan = make_plan(
                profile(direction=direction, phase=phase, minutes=60),
                CATALOG,
                TODAY + timedelta(days=offset),
            )
            assert not left_out & set(ids(plan))


def test_a_preference_brings_its_direction_first() -> None:
    plan = make_plan(profile(direction="extension", minutes=30), CATALOG, TODAY)
    assert "prone-press-up" in ids(plan)
    # The routine keeps its members, minus those of the other direction.
    assert "single-knee-to-chest" not in ids(plan)[:4]


def test_no_preference_in_phase_1_uses_mid_range_exercises() -> None:
    for offset in range(7):
        plan = make_plan(profile(minutes=60), CATALOG, TODAY + timedelta(days=offset))
        assert not any(CATALOG.exercise(i).end_range for i in ids(plan))


def test_short_time_gives_fewer_exercises_never_none() -> None:
    long = make_plan(profile(minutes=30), CATALOG, TODAY)
    short = make_plan(profile(minutes=5), CATALOG, TODAY)
    assert 0 < len(short.items) < len(long.items)
    assert short.seconds <= 5 * 60


def test_from_phase_2_there_is_a_strengthening_exercise_even_when_time_is_short() -> None:
    for offset in range(7):
        plan = make_plan(profile(phase=2, minutes=5), CATALOG, TODAY + timedelta(days=offset))
        kinds = {CATALOG.exercise(i).kind for i in ids(plan)}
        assert "strength" in kinds, ids(plan)
        assert kinds & {"mobility", "stretch"}


def test_nothing_allowed_gives_an_empty_plan_with_a_note() -> None:
    everything = frozenset(e.id for e in CATALOG.exercises)
    plan = make_plan(profile(exclude=everything), CATALOG, TODAY)
    assert plan.items == ()
    assert plan.blocked is None
    assert any("No exercise" in n for n in plan.notes)


def test_unknown_exclusions_and_equipment_are_refused() -> None:
    with pytest.raises(ProfileError, match="moonwalk"):
        planner.validate_profile(profile(exclude=frozenset({"moonwalk"})), CATALOG)
    with pytest.raises(ProfileError, match="trampoline"):
        planner.validate_profile(profile(equipment=frozenset({"trampoline"})), CATALOG)
    planner.validate_profile(profile(equipment=frozenset({"towel"})), CATALOG)


# --------------------------------------------------------------------------------------------
# The time model


def test_time_model() -> None:
    ex = CATALOG.exercise
    d = planner.starting_dose
    # 10 breaths at 6 s, plus the 5 s get-ready.
    assert planner.estimate_seconds(ex("deep-breathing"), d(ex("deep-breathing"))) == 65
    # 2 holds of 20 s (+2 s each) on each side, one switch: 2 * 22 * 2 + 5 + 5.
    assert planner.estimate_seconds(ex("single-knee-to-chest"), d(ex("single-knee-to-chest"))) == 98
    # 10 reps at 4 s on both sides, 3 sets, 2 rests of 30 s: 3 * (80 + 5) + 60 + 5.
    assert planner.estimate_seconds(ex("lateral-leg-lift"), d(ex("lateral-leg-lift"))) == 320


@pytest.mark.parametrize(
    ("a", "b", "seconds"),
    [
        (None, "supine", 0),
        ("supine", "supine", 0),
        ("supine", "prone", 10),
        ("supine", "quadruped", 10),
        ("seated", "standing", 5),
        ("supine", "standing", 20),
        ("quadruped", "seated", 20),
    ],
)
def test_changes_of_position(a: str | None, b: str, seconds: int) -> None:
    assert planner.change_seconds(a, b) == seconds


def test_item_seconds_add_up_to_the_total() -> None:
    plan = make_plan(profile(phase=2, minutes=20), CATALOG, TODAY)
    assert sum(i.seconds for i in plan.items) == plan.seconds


# --------------------------------------------------------------------------------------------
# Invariants

PROFILES = st.builds(
    Profile,
    pain_now=st.integers(0, 10),
    weeks_since_onset=st.integers(0, 520),
    age=st.integers(16, 100),
    can_get_on_floor=st.booleans(),
    minutes=st.integers(planner.MIN_MINUTES, 60),
    equipment=st.frozensets(st.sampled_from(["towel", "wall"])),
    direction=st.sampled_from(["flexion", "extension", "neither"]),
    exclude=st.frozensets(st.sampled_from([e.id for e in CATALOG.exercises]), max_size=6),
    phase=st.one_of(st.none(), st.integers(1, 3)),
    screen=st.one_of(
        st.none(),
        st.just(CLEAR),
        st.dictionaries(st.sampled_from(safety.ASKED_IDS), st.booleans()),
    ),
)


@settings(max_examples=120, deadline=None)
@given(PROFILES, st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_plan_invariants(p: Profile, today: date) -> None:
    plan = make_plan(p, CATALOG, today)
    check_invariants(plan, p, CATALOG)
    if not p.exclude and plan.blocked is None:
        assert plan.items  # never empty unless blocked (or everything excluded)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain_now": 11}, "pain_now"),
        ({"pain_now": True}, "pain_now"),
        ({"age": 15}, "age"),
        ({"minutes": 4}, "minutes"),
        ({"minutes": 121}, "minutes"),
        ({"weeks_since_onset": -1}, "weeks_since_onset"),
        ({"direction": "sideways"}, "direction"),
        ({"phase": 4}, "phase"),
    ],
)
def test_a_profile_out_of_range_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ProfileError, match=field):
        planner.validate_profile(profile(**changes), CATALOG)
