"""Each exercise's level over time: the decisions of one ladder, grouped, with the dose before
and after in words (the Progress page and `supple progress`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from supple.accounts.models import User
from supple.domain.catalog import Catalog
from supple.domain.dosage import Dosage, Range, format_dosage
from supple.library.services import current_catalog
from supple.programs.models import Decision, DoseLevel

DECISION_WORDS = {
    "progress": "Stepped up",
    "hold": "Kept the same",
    "regress": "Stepped down",
    "pause": "Paused",
}
COLOUR_WORDS = {
    "green": "Green: went well",
    "amber": "Amber: some pain",
    "red": "Red: too much pain",
}


def dose_words(
    dose: Mapping[str, Any] | None, names: Mapping[str, str], *, named: bool = True
) -> str:
    """``{"exercise": "bridge", "reps": 8, "sets": 1, ...}`` -> "Bridge: 8 reps · 1 set"
    (without the name when ``named`` is false)."""
    if not dose:
        return "not set"
    exercise = str(dose.get("exercise", ""))
    hold, reps, sets = dose.get("hold_s"), dose.get("reps"), dose.get("sets")
    text = format_dosage(
        Dosage(
            hold_s=Range.exactly(hold) if isinstance(hold, int) else None,
            reps=Range.exactly(reps) if isinstance(reps, int) else None,
            sets=Range.exactly(sets) if isinstance(sets, int) else None,
            per_side=bool(dose.get("per_side")),
            frequency=None,
        )
    )
    return f"{names.get(exercise, exercise)}: {text}" if named else text


def _moved(decision: Decision) -> bool:
    before, after = decision.before or {}, decision.after or {}
    return bool(before.get("exercise") != after.get("exercise"))


@dataclass(frozen=True, slots=True)
class Step:
    made_on: date
    decision: str
    decision_words: str
    colour: str
    colour_words: str
    before: str
    after: str
    changed: bool
    reason: str


@dataclass(frozen=True, slots=True)
class LadderHistory:
    ladder: str
    name: str  # the exercise the person is at now
    current: str  # its dose, in words
    paused: bool
    steps: tuple[Step, ...]  # newest first


def ladder_histories(
    decisions: Iterable[Decision], levels: Iterable[DoseLevel], catalog: Catalog
) -> list[LadderHistory]:
    """Decisions grouped by ladder, each ladder with its current level; ladders in order of
    their latest decision, newest first."""
    names = {e.id: e.name for e in catalog.exercises}
    by_ladder: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_ladder.setdefault(decision.ladder, []).append(decision)
    current = {level.ladder: level for level in levels}
    histories = []
    for ladder, rows in by_ladder.items():
        rows.sort(key=lambda d: (d.made_at, d.pk))
        level = current.get(ladder)
        now_dose = (
            {
                "exercise": level.exercise,
                "hold_s": level.hold_s,
                "reps": level.reps,
                "sets": level.sets,
                "per_side": catalog.exercise(level.exercise).dosage.per_side
                if level.exercise in catalog
                else False,
            }
            if level is not None
            else rows[-1].after
        )
        exercise = str(now_dose.get("exercise", ladder))
        histories.append(
            LadderHistory(
                ladder=ladder,
                name=names.get(exercise, exercise),
                current=dose_words(now_dose, names, named=False),
                paused=bool(level and level.paused),
                steps=tuple(
                    Step(
                        made_on=d.made_on,
                        decision=d.decision,
                        decision_words=DECISION_WORDS.get(d.decision, d.decision),
                        colour=d.colour,
                        colour_words=COLOUR_WORDS.get(d.colour, d.colour),
                        # The exercise's name only when the step moved to another variant.
                        before=dose_words(d.before, names, named=_moved(d)),
                        after=dose_words(d.after, names, named=_moved(d)),
                        changed=d.before != d.after,
                        reason=d.reason,
                    )
                    for d in reversed(rows)
                ),
            )
        )
    histories.sort(key=lambda h: h.steps[0].made_on, reverse=True)
    return histories


def levels_for(user: User, decisions: Iterable[Decision]) -> list[LadderHistory]:
    """One query (the current levels) on top of the decisions already read."""
    return ladder_histories(decisions, DoseLevel.objects.filter(user=user), current_catalog())
