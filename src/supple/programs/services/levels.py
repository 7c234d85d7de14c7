"""Each exercise's level over time: the decisions of one ladder, grouped, with the dose before
and after in words (the Progress page and `supple progress`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count

from supple.accounts.models import User
from supple.domain.catalog import Catalog
from supple.domain.dosage import dose_words
from supple.library.services import current_catalog
from supple.programs.models import Decision, DoseLevel
from supple.programs.services import words

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


def named_dose(
    dose: Mapping[str, Any] | None,
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    *,
    named: bool = True,
) -> str:
    """``{"exercise": "bridge", "reps": 8, "sets": 2, ...}`` -> "Bridge: 8 reps · 2 sets"
    (without the name when ``named`` is false), worded by ``dosage.dose_words``."""
    if not dose or not any(dose.get(key) is not None for key in ("hold_s", "reps", "sets")):
        return "not set"
    exercise = str(dose.get("exercise", ""))
    hold, reps, sets = dose.get("hold_s"), dose.get("reps"), dose.get("sets")
    text = dose_words(
        hold if isinstance(hold, int) else None,
        reps if isinstance(reps, int) else None,
        sets if isinstance(sets, int) else None,
        bool(dose.get("per_side")),
        (kinds or {}).get(exercise),
    )
    return f"{names.get(exercise, exercise)}: {text}" if named else text


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _moved(decision: Decision) -> bool:
    before, after = decision.before or {}, decision.after or {}
    return bool(before.get("exercise") != after.get("exercise"))


@dataclass(frozen=True, slots=True)
class Step:
    made_on: date
    day: str  # "Fri 20 Nov": formatted here, cheaper than the template's date filter
    decision: str
    decision_words: str
    colour: str
    colour_words: str
    before: str
    after: str
    changed: bool
    reason: str
    # The change in one plain sentence, and the reason without its label (services.words).
    sentence: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class LadderHistory:
    ladder: str
    name: str  # the exercise the person is at now
    current: str  # its dose, in words
    paused: bool
    steps: tuple[Step, ...]  # newest first (the latest few, or all of them)
    total: int  # decisions in all for this ladder

    @property
    def more(self) -> int:
        return self.total - len(self.steps)


def _dose_of(level: DoseLevel, catalog: Catalog) -> dict[str, Any]:
    per_side = level.exercise in catalog and catalog.exercise(level.exercise).dosage.per_side
    return {
        "exercise": level.exercise,
        "hold_s": level.hold_s,
        "reps": level.reps,
        "sets": level.sets,
        "per_side": per_side,
    }


def _step(d: Decision, names: Mapping[str, str], kinds: Mapping[str, str]) -> Step:
    moved = _moved(d)  # the exercise's name only when the step moved to another variant
    return Step(
        made_on=d.made_on,
        day=short_day(d.made_on),
        decision=d.decision,
        decision_words=DECISION_WORDS.get(d.decision, d.decision),
        colour=d.colour,
        colour_words=COLOUR_WORDS.get(d.colour, d.colour),
        before=named_dose(d.before, names, kinds, named=moved),
        after=named_dose(d.after, names, kinds, named=moved),
        changed=d.before != d.after,
        reason=d.reason,
        sentence=words.change_line(d, names).sentence,
        detail=words.reason_detail(d.reason),
    )


def ladder_histories(
    decisions: Iterable[Decision],
    levels: Iterable[DoseLevel],
    catalog: Catalog,
    totals: Mapping[str, int] | None = None,
    latest: int | None = None,
) -> list[LadderHistory]:
    """Decisions grouped by ladder, each ladder with its current level, newest decision first;
    ladders in order of their latest decision, newest first, then those without one.

    ``totals``: decisions in all per ladder when only some are given (a ladder in ``totals``
    without any given decision is listed with no steps); ``latest``: keep that many per ladder.
    """
    names = {e.id: e.name for e in catalog.exercises}
    kinds = {e.id: e.kind for e in catalog.exercises}
    by_ladder: dict[str, list[Decision]] = {ladder: [] for ladder in totals or {}}
    for decision in decisions:
        by_ladder.setdefault(decision.ladder, []).append(decision)
    current = {level.ladder: level for level in levels}
    histories = []
    for ladder, rows in by_ladder.items():
        rows.sort(key=lambda d: (d.made_at, d.pk), reverse=True)
        level = current.get(ladder)
        if level is not None:
            now_dose: Mapping[str, Any] = _dose_of(level, catalog)
        elif rows:
            now_dose = rows[0].after
        else:
            now_dose = {"exercise": ladder}
        exercise = str(now_dose.get("exercise", ladder))
        kept = rows if latest is None else rows[:latest]
        histories.append(
            LadderHistory(
                ladder=ladder,
                name=names.get(exercise, exercise),
                current=named_dose(now_dose, names, kinds, named=False),
                paused=bool(level and level.paused),
                steps=tuple(_step(d, names, kinds) for d in kept),
                total=(totals or {}).get(ladder, len(rows)),
            )
        )
    histories.sort(key=lambda h: h.steps[0].made_on if h.steps else date.min, reverse=True)
    return histories


def levels_for(user: User, recent: Iterable[Decision], latest: int = 2) -> list[LadderHistory]:
    """Every ladder the person has decisions for, with its ``latest`` decisions among the
    ``recent`` ones already read (the Progress page's 90 days) and the count of all of them:
    two small queries, whatever the length of the history."""
    totals = dict(
        Decision.objects.filter(user=user)
        .order_by()
        .values_list("ladder")
        .annotate(n=Count("id"))
        .values_list("ladder", "n")
    )
    return ladder_histories(
        recent, DoseLevel.objects.filter(user=user), current_catalog(), totals, latest
    )


def ladder_history(user: User, ladder: str) -> LadderHistory | None:
    """One ladder with every decision (None when the person has none for it)."""
    decisions = list(Decision.objects.filter(user=user, ladder=ladder))
    if not decisions:
        return None
    [history] = ladder_histories(
        decisions, DoseLevel.objects.filter(user=user, ladder=ladder), current_catalog()
    )
    return history
