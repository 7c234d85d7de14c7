"""The pain log as the domain's History: two queries, whatever its length; and the sessions
between two dates, as ``supple log`` lists them; the session waiting for a morning check."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Prefetch

from supple.accounts.models import User
from supple.domain import history as domain
from supple.programs.models import DoseLevel, ExerciseLog, Profile, Session
from supple.programs.services.errors import ProgramError

# Enough for every rule: decisions look at the last two sessions of an exercise, the trend
# and the pause at 14 days, G4 at 6 weeks.
HISTORY_DAYS = 90


def sessions_since(user: User, start: date, end: date) -> list[Session]:
    entries = ExerciseLog.objects.filter(p_during__isnull=False, skipped=False).order_by("position")
    return list(
        Session.objects.filter(user=user, date__gte=start, date__lte=end)
        .order_by("date", "started_at")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )


def to_domain(session: Session) -> domain.SessionLog:
    return domain.SessionLog(
        date=session.date,
        p_pre=session.p_pre,
        p_post=session.p_post,
        p_next=session.p_next,
        exercises=tuple(
            domain.ExerciseLog(
                exercise=entry.exercise,
                p_during=entry.p_during if entry.p_during is not None else 0,
                spread=entry.spread,
                completed=entry.completed,
            )
            for entry in session.entries.all()
        ),
        spread=session.spread,
    )


def load_history(user: User, today: date, profile: Profile | None = None) -> domain.History:
    """Sessions of the last 90 days up to today, oldest first, with the intake pain and the
    dates each exercise last stepped up."""
    profile = profile or Profile.objects.get(user=user)
    sessions = sessions_since(user, today - timedelta(days=HISTORY_DAYS), today)
    last_progressed: dict[str, date] = {}
    for exercise, when in DoseLevel.objects.filter(
        user=user, last_progressed__isnull=False
    ).values_list("exercise", "last_progressed"):
        if when is not None:
            last_progressed[exercise] = when
    return domain.History(
        today=today,
        intake_pain=profile.intake_pain,
        sessions=tuple(to_domain(s) for s in sessions),
        last_progressed=last_progressed,
    )


def sessions_between(user: User, since: date, until: date) -> list[Session]:
    """Sessions dated ``since`` to ``until``, newest first, with every exercise entry."""
    if since > until:
        raise ProgramError(f"the start date {since} is after the end date {until}")
    entries = ExerciseLog.objects.order_by("position", "logged_at")
    return list(
        Session.objects.filter(user=user, date__gte=since, date__lte=until)
        .order_by("-date", "-started_at")
        .prefetch_related(Prefetch("entries", queryset=entries))
    )


def morning_check_due(user: User, today: date) -> Session | None:
    """Yesterday's last session, when its next-morning pain is not logged yet."""
    return (
        Session.objects.filter(user=user, date=today - timedelta(days=1), p_next__isnull=True)
        .order_by("-started_at")
        .first()
    )
