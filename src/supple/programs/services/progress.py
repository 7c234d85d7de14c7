"""What the Progress page and `supple progress` show: adherence, streak, pain, levels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from supple.accounts.models import User
from supple.programs.models import Decision, Profile, Session
from supple.programs.services.planning import planned_days

CHART_DAYS = 90
# The decisions shown beside each exercise's level: the recent ones (every decision of one
# exercise has a page of its own).
DECISION_DAYS = 28


@dataclass(frozen=True, slots=True)
class PainPoint:
    date: date
    p_pre: int
    p_post: int | None
    p_next: int | None


@dataclass(frozen=True, slots=True)
class Adherence:
    days: int
    done: int
    planned: int

    @property
    def percent(self) -> int:
        return round(100 * min(self.done, self.planned) / self.planned) if self.planned else 0


@dataclass(frozen=True, slots=True)
class Progress:
    sessions: tuple[Session, ...]
    adherence_7: Adherence
    adherence_28: Adherence
    streak: int
    pain: tuple[PainPoint, ...]
    decisions: tuple[Decision, ...]


def _adherence(days: int, session_days: set[date], profile: Profile, today: date) -> Adherence:
    start = today - timedelta(days=days - 1)
    planned = planned_days(profile, start, today)
    done = sum(1 for d in session_days if start <= d <= today)
    return Adherence(days=days, done=done, planned=planned)


def streak(session_days: set[date], today: date) -> int:
    """Days in a row with a session, up to today (or yesterday, if today is still to come)."""
    day = today if today in session_days else today - timedelta(days=1)
    count = 0
    while day in session_days:
        count += 1
        day -= timedelta(days=1)
    return count


def progress_for(user: User, today: date) -> Progress:
    """Three queries, whatever the length of the history."""
    profile = Profile.objects.get(user=user)
    start = today - timedelta(days=CHART_DAYS - 1)
    sessions = tuple(
        Session.objects.filter(user=user, date__gte=start, date__lte=today)
        .defer("position")
        .order_by("-date", "-started_at")
    )
    # A day counts when a session was finished or stopped (a flare session counts as done).
    days = {s.date for s in sessions if s.status != Session.Status.ACTIVE}
    pain = tuple(PainPoint(s.date, s.p_pre, s.p_post, s.p_next) for s in reversed(sessions))
    decisions = tuple(
        Decision.objects.filter(
            user=user, made_on__gte=today - timedelta(days=DECISION_DAYS - 1)
        ).order_by("made_at", "id")
    )
    return Progress(
        sessions=sessions,
        adherence_7=_adherence(7, days, profile, today),
        adherence_28=_adherence(28, days, profile, today),
        streak=streak(days, today),
        pain=pain,
        decisions=decisions,
    )
