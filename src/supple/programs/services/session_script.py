"""What the Today page and the session player show, built from the program services.

Read-only helpers for the patient's pages: the player's script of exercises
(with same-kind swaps worked out in one pass), the state a player resumes from, and which
trigger a safety screen answers. No rule lives here: the rules are in ``supple.domain`` and
the writes in the other service modules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from supple.accounts.models import User
from supple.domain import progression, safety, swaps, timeline
from supple.domain.catalog import Catalog, Exercise
from supple.domain.dosage import dose_words
from supple.library.services import current_catalog
from supple.programs.models import ExerciseLog, Profile, ProgramDecision, ScreenRecord, Session
from supple.programs.services.intake import domain_profile
from supple.programs.services.safety import SafetyStatus


def minutes(seconds: int) -> int:
    """An honest duration: whole minutes, rounded up, never 0."""
    return max(1, math.ceil(seconds / 60))


def _step(exercise: Exercise, dose: progression.Dose) -> dict[str, Any]:
    """One exercise as the player script needs it, with the timeline the player plays."""
    segments = timeline.build(exercise.kind, dose)
    figure = f"/exercises/{exercise.id}/figure.svg" if exercise.figure else ""
    still = f"/exercises/{exercise.id}/figure-still.svg" if exercise.figure else ""
    return {
        "exercise": exercise.id,
        "name": exercise.name,
        "kind": exercise.kind,
        "steps": list(exercise.steps),
        "cautions": list(exercise.cautions),
        "hold_s": dose.hold_s,
        "reps": dose.reps,
        "sets": dose.sets,
        "per_side": dose.per_side,
        "dose": dose_words(dose.hold_s, dose.reps, dose.sets, dose.per_side, exercise.kind),
        # The domain's timeline (R-PLAN-timeline): the player plays it as it is.
        "timeline": [segment.as_dict() for segment in segments],
        "seconds": timeline.total_seconds(segments),
        # The player shows the dose's real countdown: the figure without its own hold timing.
        "figure": f"{figure}?hold=off" if figure else "",
        "figure_still": f"{still}?hold=off" if still else "",
        # A small still picture for the swap list.
        "thumbnail": still,
    }


def _slots(items: Iterable[Mapping[str, Any]]) -> list[swaps.Slot]:
    return [
        swaps.Slot(
            str(item["exercise"]),
            progression.Dose(
                str(item["exercise"]),
                item["hold_s"],
                item["reps"],
                int(item["sets"]),
                bool(item["per_side"]),
            ),
        )
        for item in items
    ]


def swap_options(
    catalog: Catalog,
    profile: Profile,
    phase: int,
    items: Sequence[Mapping[str, Any]],
    *,
    flare: bool,
) -> dict[str, tuple[swaps.Swap, ...]]:
    """What may replace each exercise of a plan (R-PLAN-swap-fit): allowed today, the same kind,
    the same or a neighbouring position, at a dose that keeps the session within its time.
    ``sessions.log_exercise`` checks a swap with it too."""
    person = domain_profile(profile, phase=phase)
    return swaps.swaps(
        catalog,
        person,
        phase,
        _slots(items),
        flare=flare,
        planned_seconds=swaps.planned_seconds(items),
    )


def player_script(
    items: Sequence[Mapping[str, Any]], profile: Profile, phase: int, *, flare: bool
) -> list[dict[str, Any]]:
    """The plan's items with names, steps, dose words, timelines and the swaps each allows.

    ``items`` are plan items as dicts (``PlanItem.as_dict()`` or a session's stored plan).
    """
    catalog = current_catalog()
    known = [item for item in items if str(item["exercise"]) in catalog]
    options = swap_options(catalog, profile, phase, known, flare=flare)
    script = []
    # An exercise removed from the library since the session started is left out.
    for slot in _slots(known):
        step = _step(catalog.exercise(slot.exercise), slot.dose)
        step["swaps"] = [_step(s.exercise, s.dose) for s in options.get(slot.exercise, ())]
        script.append(step)
    return script


def session_state(session: Session, entries: Iterable[ExerciseLog] | None = None) -> dict[str, Any]:
    """What a player needs to resume a session: where it was and what is logged already."""
    logged = list(session.entries.all() if entries is None else entries)
    return {
        "id": str(session.client_id),
        "status": session.status,
        "flare": session.flare,
        "p_pre": session.p_pre,
        "position": session.position or {},
        "logged": sorted({entry.position for entry in logged}),
    }


def screen_trigger(user: User, status: SafetyStatus, now: datetime) -> str:
    """Why a screen is being answered now: the first one, the weekly one, or what was logged."""
    latest: ScreenRecord | None = status.latest
    if latest is None:
        return ScreenRecord.Trigger.INTAKE
    if not status.due:
        return ScreenRecord.Trigger.USER
    if now - latest.taken_at >= timedelta(days=safety.RESCREEN_EVERY_DAYS):
        return ScreenRecord.Trigger.WEEKLY
    since = latest.taken_at
    if ProgramDecision.objects.filter(user=user, made_at__gt=since, action="pause").exists():
        return ScreenRecord.Trigger.PAUSE
    spread = (
        Session.objects.filter(user=user, spread=True, started_at__gt=since).exists()
        or ExerciseLog.objects.filter(session__user=user, spread=True, logged_at__gt=since).exists()
    )
    return ScreenRecord.Trigger.SPREAD if spread else ScreenRecord.Trigger.PAIN
