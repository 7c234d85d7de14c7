"""A swap fits its slot (R-PLAN-swap-fit): allowed today, same kind, same or neighbouring position,
at a dose that keeps the session within the person's minutes."""

from __future__ import annotations

from datetime import date

import pytest

from supple.content import load_catalog
from supple.domain import planner, progression, swaps
from supple.domain.catalog import Exercise

CATALOG = load_catalog()
FLOOR = {"supine", "side-lying", "prone", "quadruped", "kneeling"}


def person(minutes: float = 10, **changes: object) -> planner.Profile:
    base = planner.Profile(
        pain_now=2, weeks_since_onset=6, age=40, can_get_on_floor=True, minutes=minutes
    )
    return planner.Profile(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})  # type: ignore[arg-type]


def slot(exercise_id: str) -> swaps.Slot:
    return swaps.Slot(exercise_id, progression.starting_dose(CATALOG.exercise(exercise_id)))


def offered(
    profile: planner.Profile, ids: list[str], planned: int, flare: bool = False
) -> dict[str, tuple[swaps.Swap, ...]]:
    return swaps.swaps(
        CATALOG, profile, 1, [slot(i) for i in ids], flare=flare, planned_seconds=planned
    )


def test_a_fifteen_minute_hold_is_not_offered_in_a_ten_minute_routine() -> None:
    # Seen: swapping the sciatic nerve floss offered "Lying static leg raise · Hold 15 min".
    options = offered(
        person(minutes=10, equipment=frozenset({"wall"})), ["sciatic-nerve-floss"], planned=560
    )
    ids = {s.exercise.id for s in options["sciatic-nerve-floss"]}
    assert "lying-static-leg-raise" not in ids
    assert ids, "other gentle exercises on the back still fit"
    assert all(s.seconds <= 110 + (660 - 560) for s in options["sciatic-nerve-floss"])


def test_with_time_to_spare_a_longer_exercise_fits() -> None:
    options = offered(
        person(minutes=30, equipment=frozenset({"wall"})), ["sciatic-nerve-floss"], planned=110
    )
    assert "lying-static-leg-raise" in {s.exercise.id for s in options["sciatic-nerve-floss"]}


def test_no_swap_means_getting_up_or_down_from_the_floor() -> None:
    standing = [e for e in CATALOG.exercises if e.position == "standing" and 1 in e.phases]
    assert standing
    for exercise in standing:
        for swap in offered(person(minutes=60), [exercise.id], planned=0)[exercise.id]:
            assert swap.exercise.position not in FLOOR, (exercise.id, swap.exercise.id)


def test_a_flare_day_swap_is_gentle() -> None:
    for exercise in CATALOG.exercises:
        if 1 not in exercise.phases:
            continue
        for swap in offered(person(minutes=60), [exercise.id], planned=0, flare=True)[exercise.id]:
            assert not swap.exercise.end_range
            assert "floss" not in swap.exercise.id
            assert "nerve" not in swap.exercise.id


@pytest.mark.parametrize(
    "profile",
    [
        person(minutes=10),
        person(minutes=20, can_get_on_floor=False),
        person(minutes=15, direction="extension", exclude=frozenset({"cat-camel"})),
    ],
    ids=["ten minutes", "no floor", "extension"],
)
def test_every_swap_of_a_real_plan_fits_its_slot(profile: planner.Profile) -> None:
    for day in range(1, 8):
        plan = planner.make_plan(profile, CATALOG, date(2026, 12, day), seed=day)
        items = [
            swaps.Slot(
                i.exercise, progression.Dose(i.exercise, i.hold_s, i.reps, i.sets, i.per_side)
            )
            for i in plan.items
        ]
        result = swaps.swaps(
            CATALOG, profile, plan.phase, items, flare=plan.flare, planned_seconds=plan.seconds
        )
        budget = swaps.budget_seconds(profile.minutes)
        for item in items:
            current: Exercise = CATALOG.exercise(item.exercise)
            for swap in result[item.exercise]:
                other = swap.exercise
                assert other.id not in {i.exercise for i in items}
                assert other.kind == current.kind
                assert planner.allowed(other, profile, plan.phase)
                assert plan.phase in other.phases
                assert planner.change_seconds(current.position, other.position) <= 10
                # The session with the swap still fits the person's minutes.
                new_total = (
                    plan.seconds - planner.estimate_seconds(current, item.dose) + swap.seconds
                )
                assert new_total <= max(budget, plan.seconds), (item.exercise, other.id)
