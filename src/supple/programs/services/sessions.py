"""Sessions and their pain logs, saved as they happen (docs/clinical-rules.md section 2).

Every write is keyed by an id made by the client (the browser or the CLI): a retried request
finds the row it already made, so nothing is ever recorded twice.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import planner
from supple.library.services import current_catalog
from supple.programs.models import ExerciseLog, Profile, Session
from supple.programs.services.errors import ProgramError
from supple.programs.services.flare import mark_flare
from supple.programs.services.history import morning_check_due
from supple.programs.services.planning import (
    apply_due_decisions,
    build_plan,
    undo_progress_on_flare_day,
)
from supple.programs.services.safety import safety_status
from supple.programs.services.session_script import swap_options


def check_pain(name: str, value: object, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ProgramError(f"{name} must be a whole number from 0 to 10, not {value!r}")
    return value


def _session(user: User, client_id: uuid.UUID | str) -> Session:
    try:
        return Session.objects.get(user=user, client_id=client_id)
    except (Session.DoesNotExist, ValueError):
        raise ProgramError("no such session") from None


def plan_snapshot(plan: planner.Plan) -> list[dict[str, Any]]:
    catalog = current_catalog()
    return [{**asdict(item), "name": catalog.exercise(item.exercise).name} for item in plan.items]


def start_session(
    user: User,
    client_id: uuid.UUID | str,
    *,
    p_pre: int,
    now: datetime,
    flare: bool = False,
    source: str = "web",
) -> Session:
    """Start (or, for a retried request, find) a session with today's plan.

    A pain of 7 or more makes it a flare session (R-3-flare-day)."""
    check_pain("pain now", p_pre)
    existing = Session.objects.filter(user=user, client_id=client_id).first()
    if existing is not None:
        return existing
    if not Profile.objects.filter(user=user).exists():
        raise ProgramError("answer the first questions (the intake) before a session")
    flare = flare or p_pre >= planner.FLARE_PAIN
    # Decisions first: a program pause they make stops this session, and its phase counts.
    apply_due_decisions(user, now, flare=flare)
    if flare:
        undo_progress_on_flare_day(user, now)
        mark_flare(user, now)  # the rest of the day is a flare day too
    profile = Profile.objects.get(user=user)
    status = safety_status(user, now)
    if not status.may_exercise:
        raise ProgramError(
            "the safety questions come first: " + (status.due_reason or status.message)
        )
    today = timezone.localdate(now)
    plan = build_plan(user, profile, status, today, flare=flare)
    if not plan.items:
        raise ProgramError("there is no exercise in today's plan: " + " ".join(plan.notes))
    try:
        with transaction.atomic():
            return Session.objects.create(
                user=user,
                client_id=client_id,
                date=today,
                started_at=now,
                flare=flare,
                phase=plan.phase,
                p_pre=p_pre,
                plan=plan_snapshot(plan),
                source=source,
                position={"index": 0, "stage": "ready"},
            )
    except IntegrityError:
        # The same client id arrived twice at once: the other request made it.
        return Session.objects.get(user=user, client_id=client_id)


def _swap_allowed(session: Session, item: dict[str, Any], exercise_id: str) -> bool:
    """An exercise that fits the item's place in the session (the player's swap list)."""
    profile = Profile.objects.get(user=session.user)
    options = swap_options(
        current_catalog(), profile, session.phase, session.plan, flare=session.flare
    )
    return any(s.exercise.id == exercise_id for s in options.get(item["exercise"], ()))


def log_exercise(
    user: User,
    session_id: uuid.UUID | str,
    client_id: uuid.UUID | str,
    *,
    position: int,
    exercise: str,
    now: datetime,
    p_during: int | None = None,
    spread: bool = False,
    completed: bool = False,
    skipped: bool = False,
    seconds_done: int | None = None,
    reps_done: int | None = None,
) -> ExerciseLog:
    """Log one exercise of a session (once: a retry returns the first log).

    The pain during it may be missing (the person left before answering): such a log counts
    what was done and never stands for a pain of 0 (decisions read only answered pain).
    ``seconds_done`` and ``reps_done`` say how much of an exercise cut short was done."""
    session = _session(user, session_id)
    existing = session.entries.filter(client_id=client_id).first()
    if existing is not None:
        return existing
    if session.status != Session.Status.ACTIVE:
        # Its colours and decisions may already count: a late log would change the past.
        raise ProgramError("this session has ended: nothing more can be logged in it")
    if not 0 <= position < len(session.plan):
        raise ProgramError(f"position {position} is not in this session's plan")
    item = session.plan[position]
    swapped_from = ""
    if exercise != item["exercise"]:
        if not _swap_allowed(session, item, exercise):
            raise ProgramError(f"{exercise!r} cannot stand in for {item['exercise']!r} today")
        swapped_from = item["exercise"]
    if skipped:
        p_during, completed, seconds_done, reps_done = None, False, None, None
    else:
        check_pain("pain during the exercise", p_during, optional=True)
    for name, amount in (("seconds done", seconds_done), ("repetitions done", reps_done)):
        if amount is not None and (isinstance(amount, bool) or not 0 <= amount <= 86400):
            raise ProgramError(f"{name} must be a whole number from 0 to 86400, not {amount!r}")
    try:
        with transaction.atomic():
            return ExerciseLog.objects.create(
                session=session,
                client_id=client_id,
                position=position,
                exercise=exercise,
                hold_s=item["hold_s"] if not swapped_from else None,
                reps=item["reps"] if not swapped_from else None,
                sets=item["sets"],
                p_during=p_during,
                spread=spread,
                completed=completed,
                skipped=skipped,
                seconds_done=seconds_done,
                reps_done=reps_done,
                swapped_from=swapped_from,
                logged_at=now,
            )
    except IntegrityError:
        return session.entries.get(client_id=client_id)


def save_position(user: User, session_id: uuid.UUID | str, position: dict[str, Any]) -> Session:
    """Where the player is, so that a reload or a dropped connection resumes there."""
    session = _session(user, session_id)
    if session.status == Session.Status.ACTIVE:
        session.position = position
        session.save(update_fields=["position"])
    return session


def finish_session(
    user: User,
    session_id: uuid.UUID | str,
    *,
    now: datetime,
    p_post: int | None,
    stopped: bool = False,
    spread: bool = False,
) -> Session:
    """End a session with the pain after it. Finishing twice keeps the first answer."""
    check_pain("pain after the session", p_post, optional=True)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=_session(user, session_id).pk)
        if session.status != Session.Status.ACTIVE:
            return session
        session.p_post = p_post
        session.spread = session.spread or spread
        session.ended_at = now
        session.status = Session.Status.STOPPED if stopped else Session.Status.DONE
        session.save(update_fields=["p_post", "spread", "ended_at", "status"])
    return session


def log_morning(user: User, p_next: int, now: datetime) -> Session:
    """The pain on waking (p_next), for every session of yesterday still without one."""
    check_pain("pain on waking", p_next)
    session = morning_check_due(user, timezone.localdate(now))
    if session is None:
        raise ProgramError("there is no session from yesterday waiting for a morning check")
    Session.objects.filter(user=user, date=session.date, p_next__isnull=True).update(
        p_next=p_next, p_next_at=now
    )
    session.refresh_from_db()
    return session
