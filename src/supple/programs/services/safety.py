"""The safety screen over time (docs/clinical-rules.md section 1, R-1-rescreen, R-1-effect-*).

Every screen is stored with its time and never edited; the status is worked out from the
latest screen and what was logged since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from supple.accounts.models import User
from supple.domain import safety
from supple.domain.progression import g4_no_improvement
from supple.programs.models import ExerciseLog, Profile, ProgramDecision, ScreenRecord, Session
from supple.programs.services.errors import ProgramError
from supple.programs.services.history import load_history

# The questions in short groups, so that a phone shows one small block at a time; every
# question is still asked and answered (docs/clinical-rules.md section 1).
SCREEN_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Numbness, bladder and bowels", ("E1", "E2", "E3", "E4")),
    ("Your legs, how it began, how you feel", ("E5", "E6", "E7", "E8")),
    ("Your health in general", ("U1", "U2", "U3", "U4", "U5", "U6")),
    ("Your back's history", ("C1", "G1", "G2", "G3")),
)
# G4 is never asked: it is worked out from the pain log, and said so.
_COMPUTED = {
    "G4": "Your pain has not eased by 2 points or more after 6 weeks of the program",
}


def answers_named(record: ScreenRecord | None) -> list[str]:
    """The answers that set a screen's outcome, as the person read them."""
    if record is None:
        return []
    names = []
    for flag in record.flags:
        question = safety.QUESTION_BY_ID.get(flag)
        if flag in _COMPUTED:
            names.append(_COMPUTED[flag])
        elif question is not None:
            names.append(question.text)
    return names


@dataclass(frozen=True, slots=True)
class SafetyStatus:
    """Where a person stands with the safety screen right now."""

    latest: ScreenRecord | None
    # May a session start now?
    may_exercise: bool
    # Must the screen be answered (again) now? And why, in plain words.
    due: bool
    due_reason: str | None
    # An emergency outcome locks the program until this time (R-1-effect-emergency).
    locked_until: datetime | None
    # urgent / clearance: waiting for the person to confirm a clinician saw them.
    needs_confirmation: bool
    progression_allowed: bool
    max_phase: int
    message: str

    @property
    def outcome(self) -> str | None:
        return self.latest.outcome if self.latest else None


PAUSE_REASON = "the program paused: the pain log asks for a check before going on"


def _triggered_since(user: User, since: datetime) -> str | None:
    """R-1-rescreen: a pain of 8/10 or more, or spreading symptoms, logged since ``since``."""
    pain = safety.RESCREEN_PAIN
    high_session = Q(p_pre__gte=pain) | Q(p_post__gte=pain) | Q(p_next__gte=pain)
    sessions = Session.objects.filter(user=user).filter(
        Q(started_at__gt=since) | Q(ended_at__gt=since) | Q(p_next_at__gt=since)
    )
    if sessions.filter(high_session).exists():
        return f"a pain of {pain}/10 or more was logged"
    if (
        sessions.filter(spread=True).exists()
        or ExerciseLog.objects.filter(session__user=user, logged_at__gt=since)
        .filter(Q(spread=True) | Q(p_during__gte=pain))
        .exists()
    ):
        return f"a pain of {pain}/10 or more, or symptoms spreading down a leg, was logged"
    if ProgramDecision.objects.filter(user=user, made_at__gt=since, action="pause").exists():
        return PAUSE_REASON
    return None


def with_program_pause(status: SafetyStatus) -> SafetyStatus:
    """The status once a program pause (R-3-program-pause), worked out and not saved yet, is
    made: as after a saved one, the screen is due before the next session."""
    if status.latest is None or status.due or status.locked_until is not None:
        return status
    return replace(status, may_exercise=False, due=True, due_reason=PAUSE_REASON)


def safety_status(user: User, now: datetime) -> SafetyStatus:
    latest = ScreenRecord.objects.filter(user=user).first()
    if latest is None:
        return SafetyStatus(
            latest=None,
            may_exercise=False,
            due=True,
            due_reason="answer the safety questions before your first session",
            locked_until=None,
            needs_confirmation=False,
            progression_allowed=False,
            max_phase=1,
            message="Please answer the safety questions first.",
        )
    effect = safety.EFFECTS[latest.outcome]
    locked_until = None
    due_reason: str | None = None
    needs_confirmation = False
    may = effect.exercises_allowed
    if latest.outcome == "emergency":
        lock_end = latest.taken_at + timedelta(hours=safety.EMERGENCY_LOCK_HOURS)
        if now < lock_end:
            locked_until = lock_end
        else:
            due_reason = "after an emergency answer, the questions must be answered again"
    elif latest.outcome in ("urgent", "clearance"):
        if latest.clinician_confirmed_at is None:
            needs_confirmation = True
        else:
            may = True
    elif latest.outcome == "incomplete":
        due_reason = "some emergency questions were not answered"
    if due_reason is None and locked_until is None:
        if now - latest.taken_at >= timedelta(days=safety.RESCREEN_EVERY_DAYS):
            due_reason = f"it is {safety.RESCREEN_EVERY_DAYS} days or more since the last check"
        else:
            due_reason = _triggered_since(user, latest.taken_at)
    due = due_reason is not None
    if due or locked_until is not None or needs_confirmation:
        may = False
    confirmed = latest.outcome in ("urgent", "clearance") and not needs_confirmation
    return SafetyStatus(
        latest=latest,
        may_exercise=may,
        due=due,
        due_reason=due_reason,
        locked_until=locked_until,
        needs_confirmation=needs_confirmation,
        # Cautious: after urgent or clearance, a clinician's word lets gentle work go on;
        # progression waits for a clear screen.
        progression_allowed=effect.progression_allowed and not confirmed,
        max_phase=effect.max_phase or 1,
        message=latest.message,
    )


def record_screen(
    user: User,
    answers: Mapping[str, bool | None],
    *,
    checked: Iterable[str] = (),
    trigger: str = ScreenRecord.Trigger.USER,
    now: datetime,
) -> ScreenRecord:
    """Screen the answers and store them with the outcome. Refused while an emergency lock
    holds (R-1-effect-emergency: it cannot be dismissed for 24 hours). G4 (no improvement
    after 6 weeks) is worked out from the pain log, never asked."""
    status = safety_status(user, now)
    if status.locked_until is not None:
        raise ProgramError(
            "after an emergency answer the program stays locked until "
            f"{status.locked_until:%A %H:%M}: please seek emergency care"
        )
    given = {key: value for key, value in answers.items() if key != "G4"}
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and g4_no_improvement(load_history(user, now.date(), profile)):
        given["G4"] = True
    try:
        result = safety.screen(
            given, checked=tuple(checked), emergency_number=settings.SUPPLE_EMERGENCY_NUMBER
        )
    except safety.ScreenError as error:
        raise ProgramError(str(error)) from None
    with transaction.atomic():
        close_stopped_sessions(user, now)
        return ScreenRecord.objects.create(
            user=user,
            taken_at=now,
            trigger=trigger,
            answers=given,
            checked=list(result.checked),
            outcome=result.outcome,
            flags=list(result.flags),
            message=result.message,
        )


def close_stopped_sessions(user: User, now: datetime) -> int:
    """End, as stopped, the open sessions the pain rule stopped (a pain of 8 or more or a
    spread, R-1-rescreen) and whose last question was never answered: a new screen starts
    afresh, so the next Start begins a new session instead of the old stop screen. Every
    exercise logged in them is kept."""
    pain = safety.RESCREEN_PAIN
    stopped = (
        Session.objects.filter(user=user, status=Session.Status.ACTIVE, started_at__lt=now)
        .filter(
            Q(spread=True)
            | Q(entries__spread=True)
            | Q(entries__p_during__gte=pain)
            | Q(position__stage="stopped")
        )
        .distinct()
    )
    return Session.objects.filter(pk__in=list(stopped.values_list("pk", flat=True))).update(
        status=Session.Status.STOPPED, ended_at=now
    )


def confirm_clinician(user: User, now: datetime) -> ScreenRecord:
    """Record that a clinician assessed (urgent) or cleared (clearance) the person."""
    with transaction.atomic():
        latest = ScreenRecord.objects.select_for_update().filter(user=user).first()
        if latest is None or latest.outcome not in ("urgent", "clearance"):
            raise ProgramError("there is nothing to confirm: the last check did not ask for it")
        if latest.clinician_confirmed_at is None:
            latest.clinician_confirmed_at = now
            latest.save(update_fields=["clinician_confirmed_at"])
    return latest
