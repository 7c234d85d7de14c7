"""A program a clinician prescribed, as today's plan (docs/clinical-rules.md section 11).

A prescription replaces the generated plan; the rules of sections 1-3 still apply: the caller
gives the plan Supple would generate today, and a blocking screen outcome or a flare day
without the clinician's own flare routine gives that plan instead (R-11-safety-applies).
Progression moves each exercise's dose within the range the clinician set, unless its level
is locked (R-11-range); a paused ladder (two red sessions) is left out, and a step down to an
easier variant is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from supple.domain.catalog import Catalog
from supple.domain.planner import Plan, PlanItem, change_seconds, estimate_seconds, ladder_key
from supple.domain.progression import Dose, starting_dose

# The fields of a dose a clinician sets, with what the builder accepts (whole numbers).
DOSE_FIELDS = ("hold_s", "reps", "sets")


@dataclass(frozen=True, slots=True)
class Bounds:
    """The range progression may move a dose within: per field, (low, high) or None."""

    hold_s: tuple[int, int] | None = None
    reps: tuple[int, int] | None = None
    sets: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Prescribed:
    """One prescribed exercise: its dose, the range progression may move it within, and
    whether its level is locked."""

    dose: Dose
    bounds: Bounds
    locked: bool = False


def current_dose(item: Prescribed, catalog: Catalog, level: Dose | None) -> tuple[Dose, str | None]:
    """The dose to do today, and a note when it is an easier variant than prescribed.

    No level yet: the prescribed dose. A level on the prescribed variant: the level, capped at
    the top of the clinician's range, or at the prescribed dose when locked; never raised (a
    step down after a red session is kept). A level on an easier variant (a red session
    stepped it down): that variant and dose. A level on a harder variant: the cap on the
    prescribed variant (moving to a harder variant is the clinician's choice).
    """
    if level is None:
        return item.dose, None
    ceiling = item.dose if item.locked else top_of(item)
    if level.exercise == item.dose.exercise:
        return _capped(level, ceiling), None
    ladder = catalog.ladder_ids(item.dose.exercise)
    if level.exercise in ladder and ladder.index(level.exercise) < ladder.index(item.dose.exercise):
        return level, "an easier variant after a painful session"
    return ceiling, None


def top_of(item: Prescribed) -> Dose:
    """The prescribed variant at the top of the clinician's range."""
    b, d = item.bounds, item.dose
    return Dose(
        d.exercise,
        b.hold_s[1] if b.hold_s and d.hold_s is not None else d.hold_s,
        b.reps[1] if b.reps and d.reps is not None else d.reps,
        b.sets[1] if b.sets else d.sets,
        d.per_side,
    )


def _capped(level: Dose, ceiling: Dose) -> Dose:
    def cap(value: int | None, top: int | None) -> int | None:
        if value is None or top is None:
            return top
        return min(value, top)

    return Dose(
        ceiling.exercise,
        cap(level.hold_s, ceiling.hold_s),
        cap(level.reps, ceiling.reps),
        min(level.sets, ceiling.sets),
        ceiling.per_side,
    )


def timed(doses: Sequence[Dose], catalog: Catalog) -> tuple[tuple[PlanItem, ...], int]:
    """Items in the prescription's order, each with its time and the change of position
    into it (R-PLAN-time-model)."""
    items = []
    position: str | None = None
    for dose in doses:
        exercise = catalog.exercise(dose.exercise)
        seconds = change_seconds(position, exercise.position) + estimate_seconds(exercise, dose)
        position = exercise.position
        items.append(
            PlanItem(
                exercise=dose.exercise,
                hold_s=dose.hold_s,
                reps=dose.reps,
                sets=dose.sets,
                per_side=dose.per_side,
                seconds=seconds,
                ladder=ladder_key(catalog, dose.exercise),
            )
        )
    return tuple(items), sum(i.seconds for i in items)


def prescribed_plan(
    items: Sequence[Prescribed],
    flare_routine: Sequence[str],
    catalog: Catalog,
    generated: Plan,
    *,
    levels: Mapping[str, Dose],
    paused: frozenset[str],
) -> Plan:
    """Today's plan from a prescription. ``generated`` is the plan Supple would make today
    (its screen, phase and flare day decided); ``levels`` maps ladders to the person's
    current dose (progression), ``paused`` holds the ids of paused ladders' exercises."""
    if generated.blocked is not None:
        return generated
    if generated.flare:
        if not flare_routine:
            return generated
        gentle = [starting_dose(catalog.exercise(e)) for e in flare_routine if e in catalog]
        planned, total = timed(gentle, catalog)
        flare_notes = ("Today is a flare day: your physiotherapist's flare-day routine, gently.",)
        return Plan(
            generated.phase, True, planned, total, None, flare_notes, screen=generated.screen
        )
    doses: list[Dose] = []
    notes: list[str] = []
    for item in items:
        if item.dose.exercise not in catalog:
            continue
        name = catalog.exercise(item.dose.exercise).name
        if item.dose.exercise in paused:
            notes.append(f"{name} is left out for now after painful sessions.")
            continue
        level = levels.get(ladder_key(catalog, item.dose.exercise))
        dose, note = current_dose(item, catalog, level)
        if note is not None:
            notes.append(f"{name}: {note}.")
        doses.append(dose)
    planned, total = timed(doses, catalog)
    notes.insert(0, "This is the program your physiotherapist prescribed.")
    return Plan(generated.phase, False, planned, total, None, tuple(notes), screen=generated.screen)
