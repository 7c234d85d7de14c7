"""What the Today page and the session player show, built from the program services.

Read-only helpers for the patient's pages: dose wording, the player's script of exercises
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
from supple.domain import planner, progression, safety
from supple.domain.catalog import Catalog, Exercise
from supple.domain.dosage import Dosage, Range, format_dosage, format_seconds
from supple.library.services import current_catalog
from supple.programs.models import ExerciseLog, Profile, ProgramDecision, ScreenRecord, Session
from supple.programs.services.intake import domain_profile
from supple.programs.services.safety import SafetyStatus


def dose_words(hold_s: int | None, reps: int | None, sets: int, per_side: bool) -> str:
    """One prescribed dose in words: "Hold 20 s · 3 reps · each side" (one set goes unsaid)."""
    if hold_s is None and reps is None:
        # An untimed exercise (a walk given in words) counts a fixed time in the player.
        text = f"About {format_seconds(planner.UNTIMED_S)}"
        return text + (" · each side" if per_side else "")
    return format_dosage(
        Dosage(
            hold_s=Range.exactly(hold_s) if hold_s is not None else None,
            reps=Range.exactly(reps) if reps is not None else None,
            sets=Range.exactly(sets) if sets > 1 else None,
            per_side=per_side,
            frequency=None,
        )
    )


def minutes(seconds: int) -> int:
    """An honest duration: whole minutes, rounded up, never 0."""
    return max(1, math.ceil(seconds / 60))


def _step(exercise: Exercise, dose: progression.Dose) -> dict[str, Any]:
    """One exercise as the player script needs it."""
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
        "dose": dose_words(dose.hold_s, dose.reps, dose.sets, dose.per_side),
        # Seconds per repetition at the stated pace: the cadence of a repetition exercise.
        "beat_s": planner.REP_SECONDS.get(exercise.kind, 4),
        "figure": f"/exercises/{exercise.id}/figure.svg" if exercise.figure else "",
        "figure_still": f"/exercises/{exercise.id}/figure-still.svg" if exercise.figure else "",
    }


def swap_candidates(
    catalog: Catalog, profile: Profile, phase: int, plan_ids: Iterable[str]
) -> dict[str, list[str]]:
    """Same-kind exercises the plan allows instead of each exercise of the plan.

    Same kind, in the session's phase, allowed for the person; worked out for every item at
    once with the profile read once. ``sessions.log_exercise`` checks a swap with it too.
    """
    person = domain_profile(profile, phase=phase)
    in_plan = set(plan_ids)
    usable = [
        e
        for e in catalog.exercises
        if e.id not in in_plan and phase in e.phases and planner.allowed(e, person, phase)
    ]
    result: dict[str, list[str]] = {}
    for exercise_id in in_plan:
        if exercise_id not in catalog:
            continue
        kind = catalog.exercise(exercise_id).kind
        result[exercise_id] = [e.id for e in usable if e.kind == kind]
    return result


def player_script(
    items: Sequence[Mapping[str, Any]], profile: Profile, phase: int
) -> list[dict[str, Any]]:
    """The plan's items with names, steps, dose words and the swaps each one allows.

    ``items`` are plan items as dicts (``PlanItem.as_dict()`` or a session's stored plan).
    """
    catalog = current_catalog()
    ids = [str(item["exercise"]) for item in items]
    swaps = swap_candidates(catalog, profile, phase, ids)
    script = []
    for item in items:
        exercise_id = str(item["exercise"])
        if exercise_id not in catalog:
            continue  # removed from the library since the session started
        exercise = catalog.exercise(exercise_id)
        dose = progression.Dose(
            exercise_id, item["hold_s"], item["reps"], int(item["sets"]), bool(item["per_side"])
        )
        step = _step(exercise, dose)
        step["swaps"] = [
            _step(catalog.exercise(other), progression.starting_dose(catalog.exercise(other)))
            for other in swaps.get(exercise_id, [])
        ]
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
