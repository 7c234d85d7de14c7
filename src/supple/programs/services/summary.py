"""The summary at the end of a session: minutes, what was done, pain before and after, what
changes next time and why, the reason for a stop and the one next step."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from supple.accounts.models import User
from supple.domain import safety
from supple.library.services import current_catalog
from supple.programs.models import Session
from supple.programs.services.counts import ExerciseCounts, exercise_counts
from supple.programs.services.errors import ProgramError
from supple.programs.services.planning import preview_changes
from supple.programs.services.safety import safety_status
from supple.programs.services.session_script import minutes
from supple.programs.services.words import Changes, changes_in_words


@dataclass(frozen=True, slots=True)
class ExerciseLine:
    name: str
    outcome: str  # "Done, worst pain 2/10", "Partly done", "Skipped", "Not reached"


@dataclass(frozen=True, slots=True)
class Summary:
    session: Session
    minutes: int
    counts: ExerciseCounts
    exercises: tuple[ExerciseLine, ...]
    # Why the session stopped, in words, or "" when it was not stopped by the pain rule.
    stop_reason: str
    ended_early: bool
    saving: bool  # the end of the session has not reached the server yet
    changes: Changes
    screen_due: bool


def _stop_reason(session: Session, names: dict[str, str]) -> str:
    """A pain of 8 or more, or a pain spreading down a leg, ends the session (R-1-rescreen)."""
    for entry in session.entries.all():
        name = names.get(entry.exercise, entry.exercise)
        if entry.spread:
            return f"The pain spread down your leg during {name}."
        if entry.p_during is not None and entry.p_during >= safety.RESCREEN_PAIN:
            return f"Your pain reached {entry.p_during}/10 during {name}."
    if session.spread:
        return "The pain spread down your leg."
    return ""


def _lines(session: Session, names: dict[str, str]) -> tuple[ExerciseLine, ...]:
    by_position = {e.position: e for e in session.entries.all()}
    lines = []
    for position, item in enumerate(session.plan):
        entry = by_position.get(position)
        exercise = entry.exercise if entry else str(item["exercise"])
        name = names.get(exercise, str(item.get("name", exercise)))
        if entry is None:
            outcome = "Not reached"
        elif entry.skipped:
            outcome = "Skipped"
        elif not entry.completed:
            outcome = "Partly done"
        else:
            outcome = "Done"
        if entry is not None and entry.p_during is not None:
            outcome += f", worst pain {entry.p_during}/10"
        lines.append(ExerciseLine(name, outcome))
    return tuple(lines)


def session_summary(user: User, session_id: uuid.UUID | str, now: datetime) -> Summary:
    """The person's own session only: another's is "no such session"."""
    session = (
        Session.objects.filter(user=user, client_id=session_id).prefetch_related("entries").first()
    )
    if session is None:
        raise ProgramError("no such session")
    names = {e.id: e.name for e in current_catalog().exercises}
    end = session.ended_at or now
    return Summary(
        session=session,
        minutes=minutes(int((end - session.started_at).total_seconds())),
        counts=exercise_counts(session),
        exercises=_lines(session, names),
        stop_reason=_stop_reason(session, names),
        ended_early=session.status == Session.Status.STOPPED,
        saving=session.status == Session.Status.ACTIVE,
        changes=changes_in_words(preview_changes(user, session, now), names),
        screen_due=safety_status(user, now).due,
    )
