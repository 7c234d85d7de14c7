"""Plans with levels: where a person is on each exercise ladder (R-PLAN-levels).

On the hand-built library (tests/domain/engine_fixtures.py) for the exact semantics, and on the
real library for its floor-only and equipment variants and for the invariants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supple.content import load_catalog
from supple.domain import planner, safety
from supple.domain.catalog import Catalog, Exercise, UnknownId
from supple.domain.planner import LevelError, Plan, Profile, ProfileError, ladder_key, make_plan
from supple.domain.progression import Dose, starting_dose, step_up, top_dose
from tests.domain.engine_fixtures import make_catalog

CATALOG = make_catalog()
REAL = load_catalog()
TODAY = date(2024, 6, 3)
CLEAR = dict.fromkeys(safety.ASKED_IDS, False)


def profile(**changes: object) -> Profile:
    base = Profile(
        pain_now=3,
        weeks_since_onset=4,
        age=50,
        can_get_on_floor=True,
        minutes=30,
        equipment=frozenset(),
        direction="neither",
        exclude=frozenset(),
        screen=CLEAR,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def ids(plan: Plan) -> list[str]:
    return [i.exercise for i in plan.items]


def on_ladder(plan: Plan, key: str) -> list[planner.PlanItem]:
    return [i for i in plan.items if i.ladder == key]


def week(p: Profile, catalog: Catalog, levels: Mapping[str, Dose]) -> list[Plan]:
    return [make_plan(p, catalog, TODAY + timedelta(days=n), levels=levels) for n in range(7)]


SINGLE_LEG_BRIDGE = Dose("single-leg-bridge", hold_s=10, reps=8, sets=2, per_side=True)


# --------------------------------------------------------------------------------------------
# ladder_key and PlanItem.ladder


def test_ladder_key_is_the_first_rung() -> None:
    assert ladder_key(CATALOG, "double-knee-to-chest") == "single-knee-to-chest"
    assert ladder_key(CATALOG, "single-knee-to-chest") == "single-knee-to-chest"
    assert ladder_key(CATALOG, "single-leg-bridge") == "bridge"
    assert ladder_key(CATALOG, "walking") == "walking"  # on no ladder: its own first rung
    with pytest.raises(UnknownId):
        ladder_key(CATALOG, "moonwalk")


def test_ladder_key_matches_the_real_library_ladders() -> None:
    for e in REAL.exercises:
        assert ladder_key(REAL, e.id) == REAL.ladder(e.id)[0].id
    for chain in REAL.ladders():
        assert {ladder_key(REAL, e.id) for e in chain} == {chain[0].id}


def test_every_item_says_its_ladder_but_the_json_does_not() -> None:
    plan = make_plan(profile(phase=3), CATALOG, TODAY, levels={"bridge": SINGLE_LEG_BRIDGE})
    assert plan.items
    for item in plan.items:
        assert item.ladder == ladder_key(CATALOG, item.exercise)
        assert set(item.as_dict()) == {"exercise", "hold_s", "reps", "sets", "per_side", "seconds"}
    assert "ladder" not in str(plan.as_dict())


def test_an_item_gives_its_dose() -> None:
    plan = make_plan(profile(phase=3), CATALOG, TODAY, levels={"bridge": SINGLE_LEG_BRIDGE})
    (item,) = on_ladder(plan, "bridge")
    assert item.dose == SINGLE_LEG_BRIDGE


def test_no_levels_and_empty_levels_give_the_same_plan() -> None:
    for phase in (1, 2, 3):
        p = profile(phase=phase)
        assert make_plan(p, CATALOG, TODAY) == make_plan(p, CATALOG, TODAY, levels={})


# --------------------------------------------------------------------------------------------
# The level's variant and dose


def test_a_level_on_the_first_rung_gives_its_dose() -> None:
    level = Dose("bridge", hold_s=15, reps=5, sets=2, per_side=False)
    plan = make_plan(profile(can_get_on_floor=False), CATALOG, TODAY, levels={"bridge": level})
    (item,) = on_ladder(plan, "bridge")
    assert item.dose == level


def test_a_level_on_a_harder_rung_stands_for_the_whole_ladder() -> None:
    plans = week(profile(phase=3), CATALOG, {"bridge": SINGLE_LEG_BRIDGE})
    found = 0
    for plan in plans:
        assert "bridge" not in ids(plan)
        for item in on_ladder(plan, "bridge"):
            assert item.dose == SINGLE_LEG_BRIDGE
            found += 1
    assert found


def test_the_time_estimate_uses_the_level_dose() -> None:
    level = Dose("bridge", hold_s=15, reps=5, sets=3, per_side=False)
    plan = make_plan(profile(minutes=60), CATALOG, TODAY, levels={"bridge": level})
    previous: str | None = None
    for item in plan.items:
        e = CATALOG.exercise(item.exercise)
        expected = planner.estimate_seconds(e, item.dose) + planner.change_seconds(
            previous, e.position
        )
        assert item.seconds == expected
        previous = e.position
    (item,) = on_ladder(plan, "bridge")
    # 3 sets of 5 holds of 15 s (+2 s), with 2 rests of 30 s and the get-ready.
    assert item.seconds - planner.change_seconds(None, "supine") >= 5 + 3 * 5 * 17 + 2 * 30
    assert sum(i.seconds for i in plan.items) == plan.seconds


def test_a_routine_member_is_planned_at_its_ladder_level() -> None:
    level = starting_dose(CATALOG.exercise("double-knee-to-chest"))
    plan = make_plan(
        profile(can_get_on_floor=False, direction="flexion"),
        CATALOG,
        TODAY,
        levels={"single-knee-to-chest": level},
    )
    assert plan.routine == "in-bed-morning"
    assert ids(plan)[:4] == ["deep-breathing", "double-knee-to-chest", "bridge", "lying-twist"]
    assert "single-knee-to-chest" not in ids(plan)


# --------------------------------------------------------------------------------------------
# A level's variant not allowed today: the nearest allowed easier rung, at the top of its range


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"exclude": frozenset({"double-knee-to-chest"})}, "leave out"),
        # Phase 1 with no preference: no end-range exercise (R-6-no-preference).
        ({"direction": "neither"}, "direction"),
        # An extension preference: no end-range flexion (R-6-preference-exclude).
        ({"direction": "extension", "phase": 2}, "direction"),
    ],
)
def test_a_variant_not_allowed_steps_down_to_the_top_of_the_easier_rung(
    changes: dict[str, object], why: str
) -> None:
    level = Dose("double-knee-to-chest", hold_s=30, reps=3, sets=1, per_side=False)
    top = top_dose(CATALOG.exercise("single-knee-to-chest"))
    p = profile(minutes=60, **changes)
    found = 0
    for plan in week(p, CATALOG, {"single-knee-to-chest": level}):
        assert "double-knee-to-chest" not in ids(plan)
        for item in on_ladder(plan, "single-knee-to-chest"):
            assert item.dose == top
            assert any(why in n and "Single knee to chest" in n for n in plan.notes), plan.notes
            found += 1
    assert found


@pytest.mark.parametrize("phase", [1, 2])
def test_a_variant_of_a_later_phase_steps_down(phase: int) -> None:
    p = profile(phase=phase, minutes=60)
    top = top_dose(CATALOG.exercise("bridge"))
    found = 0
    for plan in week(p, CATALOG, {"bridge": SINGLE_LEG_BRIDGE}):
        assert "single-leg-bridge" not in ids(plan)
        for item in on_ladder(plan, "bridge"):
            assert item.dose == top
            found += 1
    assert found


def test_a_gp_outcome_keeps_the_level_to_phase_1_variants() -> None:
    p = profile(phase=3, minutes=60, screen={**CLEAR, "G2": True})
    for plan in week(p, CATALOG, {"bridge": SINGLE_LEG_BRIDGE}):
        assert plan.phase == 1
        assert "single-leg-bridge" not in ids(plan)


def test_a_ladder_with_no_allowed_rung_is_left_out() -> None:
    p = profile(phase=2, minutes=60, exclude=frozenset({"bridge"}))
    for plan in week(p, CATALOG, {"bridge": SINGLE_LEG_BRIDGE}):
        assert not on_ladder(plan, "bridge")


def test_a_level_never_plans_a_harder_rung() -> None:
    level = top_dose(CATALOG.exercise("bridge"))
    for plan in week(profile(phase=3, minutes=60), CATALOG, {"bridge": level}):
        assert "single-leg-bridge" not in ids(plan)


def test_real_library_floor_only_variants_step_down_for_someone_off_the_floor() -> None:
    push_up = starting_dose(REAL.exercise("push-up"))
    p = profile(phase=3, can_get_on_floor=False, equipment=frozenset({"wall"}), minutes=60)
    top = top_dose(REAL.exercise("mini-push-up-further"))
    found = 0
    for plan in week(p, REAL, {"mini-push-up": push_up}):
        assert not {"push-up", "knee-push-up"} & set(ids(plan))
        for item in on_ladder(plan, "mini-push-up"):
            assert item.dose == top  # the nearest allowed easier rung, two rungs down
            assert any("done on the floor" in n for n in plan.notes)
            found += 1
    assert found


def test_real_library_missing_equipment_leaves_the_ladder_out() -> None:
    push_up = starting_dose(REAL.exercise("push-up"))
    p = profile(phase=3, can_get_on_floor=False, minutes=60)
    for plan in week(p, REAL, {"mini-push-up": push_up}):
        assert not on_ladder(plan, "mini-push-up")


def test_real_library_a_level_is_used_where_allowed() -> None:
    push_up = Dose("push-up", hold_s=None, reps=10, sets=2, per_side=False)
    found = 0
    for plan in week(profile(phase=3, minutes=60), REAL, {"mini-push-up": push_up}):
        for item in on_ladder(plan, "mini-push-up"):
            assert item.dose == push_up
            found += 1
    assert found


# --------------------------------------------------------------------------------------------
# Flare day, invalid levels


def test_a_flare_day_sets_levels_aside() -> None:
    levels = {
        "bridge": SINGLE_LEG_BRIDGE,
        "single-knee-to-chest": top_dose(CATALOG.exercise("single-knee-to-chest")),
        "deep-breathing": Dose("deep-breathing", hold_s=None, reps=10, sets=3, per_side=False),
    }
    plan = make_plan(profile(pain_now=8, phase=3), CATALOG, TODAY, levels=levels)
    assert plan.flare
    assert plan.items
    for item in plan.items:
        assert item.dose == starting_dose(CATALOG.exercise(item.exercise))
    assert any("levels are set aside" in n for n in plan.notes)
    assert not any("levels" in n for n in make_plan(profile(pain_now=8), CATALOG, TODAY).notes)


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"moonwalk": starting_dose(CATALOG.exercise("bridge"))}, "'moonwalk': unknown"),
        ({"single-leg-bridge": SINGLE_LEG_BRIDGE}, "not the first rung.*'bridge'"),
        ({"bridge": replace(SINGLE_LEG_BRIDGE, exercise="moonwalk")}, "unknown.*'moonwalk'"),
        (
            {"bridge": starting_dose(CATALOG.exercise("double-knee-to-chest"))},
            "'double-knee-to-chest' is not on that ladder",
        ),
        ({"walking": starting_dose(CATALOG.exercise("bridge"))}, "'bridge' is not on that"),
    ],
)
def test_invalid_levels_are_refused(levels: dict[str, Dose], message: str) -> None:
    with pytest.raises(LevelError, match=message):
        make_plan(profile(), CATALOG, TODAY, levels=levels)
    with pytest.raises(ProfileError, match=message):
        planner.validate_levels(levels, CATALOG)
    # Even on a flare day, and before a blocking screen.
    with pytest.raises(LevelError):
        make_plan(profile(pain_now=9, screen={**CLEAR, "E1": True}), CATALOG, TODAY, levels=levels)


def test_level_values_outside_the_ranges_are_brought_inside() -> None:
    stale = Dose("single-leg-bridge", hold_s=None, reps=40, sets=0, per_side=False)
    plan = make_plan(profile(phase=3), CATALOG, TODAY, levels={"bridge": stale})
    (item,) = on_ladder(plan, "bridge")
    # hold_s missing: the bottom (5); reps above the top: the top (10); sets below the
    # bottom: 1; per_side from the library.
    assert item.dose == Dose("single-leg-bridge", hold_s=5, reps=10, sets=1, per_side=True)
    extra = Dose("walking", hold_s=300, reps=3, sets=1, per_side=False)
    assert planner.within_ranges(extra, CATALOG.exercise("walking")).reps is None


# --------------------------------------------------------------------------------------------
# Invariants with random levels


def ladders_of(catalog: Catalog) -> list[tuple[Exercise, ...]]:
    seen: dict[str, tuple[Exercise, ...]] = {}
    for e in catalog.exercises:
        chain = catalog.ladder(e.id)
        seen.setdefault(chain[0].id, chain)
    return list(seen.values())


@st.composite
def levels_strategy(draw: st.DrawFn, catalog: Catalog) -> dict[str, Dose]:
    """Levels on a random set of ladders: a random rung, then up to 8 steps up from its
    starting dose (which may move on to the next harder rung), as progression would."""
    chains = draw(
        st.lists(st.sampled_from(ladders_of(catalog)), min_size=3, max_size=12, unique=True)
    )
    levels = {}
    for chain in chains:
        dose = starting_dose(draw(st.sampled_from(chain)))
        for _ in range(draw(st.integers(0, 8))):
            dose = step_up(dose, catalog).dose
        levels[chain[0].id] = dose
    return levels


def profiles_strategy(catalog: Catalog) -> st.SearchStrategy[Profile]:
    return st.builds(
        Profile,
        pain_now=st.integers(0, 10),
        weeks_since_onset=st.integers(0, 520),
        age=st.integers(16, 100),
        can_get_on_floor=st.booleans(),
        minutes=st.integers(planner.MIN_MINUTES, 60),
        equipment=st.frozensets(st.sampled_from(["towel", "wall", "small-ball", "mat"])),
        direction=st.sampled_from(["flexion", "extension", "neither"]),
        exclude=st.frozensets(st.sampled_from([e.id for e in catalog.exercises]), max_size=6),
        phase=st.one_of(st.none(), st.integers(1, 3)),
        screen=st.one_of(st.just(CLEAR), st.just({**CLEAR, "G1": True})),
    )


def can_do(e: Exercise, p: Profile, phase: int) -> bool:
    """Section 7 and section 6, written out again for the test, and not of a later phase."""
    return (
        e.id not in p.exclude
        and e.usable_with(p.equipment)
        and (p.can_get_on_floor or not e.floor_only)
        and planner.direction_allows(e, p.direction, phase)
        and min(e.phases) <= phase
    )


def check_level_invariants(
    plan: Plan, p: Profile, catalog: Catalog, levels: Mapping[str, Dose]
) -> None:
    assert plan.blocked is None
    assert plan.seconds <= p.minutes * 60 * (1 + planner.TIME_TOLERANCE)
    assert sum(i.seconds for i in plan.items) == plan.seconds
    rule_phase = 1 if plan.flare else plan.phase
    keys = [i.ladder for i in plan.items]
    assert len(keys) == len(set(keys))  # never two rungs of one ladder
    for item in plan.items:
        e = catalog.exercise(item.exercise)
        assert item.ladder == ladder_key(catalog, e.id)
        assert e.id not in p.exclude
        assert e.usable_with(p.equipment)
        assert p.can_get_on_floor or not e.floor_only
        assert planner.direction_allows(e, p.direction, rule_phase)
        assert item.per_side == e.dosage.per_side
        level = levels.get(item.ladder)
        if plan.flare or level is None:
            assert item.dose == starting_dose(e)
            continue
        chain = catalog.ladder_ids(item.ladder)
        at = chain.index(level.exercise)
        assert chain.index(e.id) <= at  # never above the level
        if can_do(catalog.exercise(level.exercise), p, plan.phase):
            assert item.dose == level  # exactly the level's exercise and dose
        else:
            # The nearest allowed easier rung, at the top of its range.
            nearest = next(
                i for i in reversed(chain[:at]) if can_do(catalog.exercise(i), p, plan.phase)
            )
            assert item.dose == top_dose(catalog.exercise(nearest))


@settings(max_examples=60, deadline=None)
@given(
    profiles_strategy(CATALOG),
    levels_strategy(CATALOG),
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
)
def test_level_invariants_on_the_fixture_library(
    p: Profile, levels: dict[str, Dose], today: date
) -> None:
    check_level_invariants(make_plan(p, CATALOG, today, levels=levels), p, CATALOG, levels)


@settings(max_examples=80, deadline=None)
@given(
    profiles_strategy(REAL),
    levels_strategy(REAL),
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
)
def test_level_invariants_on_the_real_library(
    p: Profile, levels: dict[str, Dose], today: date
) -> None:
    check_level_invariants(make_plan(p, REAL, today, levels=levels), p, REAL, levels)
