"""What may replace an exercise of today's session (R-PLAN-swap-fit, docs/clinical-rules.md).

A swap fits the slot it fills:

- allowed today: the exercise's phase, the person's floor, equipment, exclusions and
  directional preference (``planner.allowed``); on a flare day only what the flare routine may
  hold (phase 1, not end of range, no nerve gliding);
- the same kind, so the session keeps its balance;
- the same or a neighbouring position: no getting up from, or down to, the floor for it
  (a change of position of at most ``NEIGHBOUR_CHANGE_S``);
- at its starting dose, a time that keeps the session within the person's minutes (the
  plan's own 10 % tolerance): the swap may take what the slot took plus what is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from supple.domain import planner
from supple.domain.catalog import Catalog, Exercise
from supple.domain.progression import Dose, starting_dose

# Rolling over, or lying <-> hands and knees; sitting <-> standing (planner.change_seconds).
NEIGHBOUR_CHANGE_S: Final = 10


@dataclass(frozen=True, slots=True)
class Slot:
    """One exercise of the session as planned."""

    exercise: str
    dose: Dose


@dataclass(frozen=True, slots=True)
class Swap:
    exercise: Exercise
    dose: Dose
    seconds: int


def budget_seconds(minutes: float) -> int:
    """The longest a session may take: the person's minutes and the plan's tolerance."""
    return int(minutes * 60 * (1 + planner.TIME_TOLERANCE))


def allowed_today(exercise: Exercise, profile: planner.Profile, phase: int, flare: bool) -> bool:
    if flare:
        return (
            1 in exercise.phases
            and planner.allowed(exercise, profile, 1)
            and not exercise.end_range
            and not planner._is_neural(exercise)
        )
    return phase in exercise.phases and planner.allowed(exercise, profile, phase)


def neighbours(a: str, b: str) -> bool:
    return planner.change_seconds(a, b) <= NEIGHBOUR_CHANGE_S


def swaps(
    catalog: Catalog,
    profile: planner.Profile,
    phase: int,
    slots: Sequence[Slot],
    *,
    flare: bool,
    planned_seconds: int,
) -> dict[str, tuple[Swap, ...]]:
    """For each slot's exercise, the exercises that fit its place, with their doses."""
    in_plan = {slot.exercise for slot in slots}
    spare = max(0, budget_seconds(profile.minutes) - planned_seconds)
    usable = [
        e
        for e in catalog.exercises
        if e.id not in in_plan and allowed_today(e, profile, phase, flare)
    ]
    result: dict[str, tuple[Swap, ...]] = {}
    for slot in slots:
        if slot.exercise not in catalog:
            continue
        result[slot.exercise] = tuple(
            _fitting(catalog.exercise(slot.exercise), slot, usable, spare)
        )
    return result


def _fitting(
    current: Exercise, slot: Slot, usable: Iterable[Exercise], spare: int
) -> Iterable[Swap]:
    room = planner.estimate_seconds(current, slot.dose) + spare
    for other in usable:
        if other.kind != current.kind or not neighbours(current.position, other.position):
            continue
        dose = starting_dose(other)
        seconds = planner.estimate_seconds(other, dose)
        if seconds <= room:
            yield Swap(other, dose, seconds)


def planned_seconds(items: Iterable[Mapping[str, object]]) -> int:
    """A stored plan's total seconds (each item's own, the change of position included)."""
    return sum(int(str(item.get("seconds") or 0)) for item in items)
