"""What many test suites build: Pat's intake and clear screen, whole sessions through the
services, and long histories.

Fixtures that use these live in ``tests/conftest.py`` (``library``, ``enrolled``) and in
``tests/e2e/conftest.py``; test modules import the helpers from here, never from each other.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.test import Client

from supple.accounts.models import Clinic, User
from supple.programs import services
from supple.programs.models import (
    ExerciseLog,
    Profile,
    PsfsActivity,
    PsfsRating,
    ScreenRecord,
    Session,
    SittingBreak,
)

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # a Monday morning
CLEAR = (
    {f"E{i}": False for i in range(1, 9)}
    | {f"U{i}": False for i in range(1, 7)}
    | {
        "C1": False,
        "G1": False,
        "G2": False,
        "G3": False,
    }
)
INTAKE = services.IntakeData(
    pain_now=4,
    weeks_since_onset=3,
    age=45,
    can_get_on_floor=True,
    minutes=15,
    equipment=("mat", "towel", "wall", "chair"),
    direction="neither",
)


def make_user(username: str, role: str, clinic: Clinic | None) -> User:
    """An account with the shared test password (tests/conftest.py ``PASSWORD``)."""
    from tests.conftest import PASSWORD

    user = User(username=username, role=role, clinic=clinic)
    user.set_password(PASSWORD)
    user.save()
    return user


def new_id() -> str:
    return str(uuid.uuid4())


def enrol(user: User, when: datetime = NOW) -> Profile:
    """The notice accepted, the intake saved and a clear screen, the day before ``when``."""
    services.accept_disclaimer(user, when - timedelta(days=1))
    profile = services.save_intake(user, INTAKE, when - timedelta(days=1))
    services.record_screen(user, CLEAR, trigger="intake", now=when - timedelta(days=1))
    return profile


def do_session(
    user: User,
    when: datetime,
    *,
    p_pre: int = 3,
    p_during: int = 2,
    p_post: int = 2,
    spread: bool = False,
    completed: bool = True,
) -> str:
    """A whole session as the player would send it: start, each exercise, finish."""
    session_id = new_id()
    session = services.start_session(user, session_id, p_pre=p_pre, now=when)
    for position, item in enumerate(session.plan):
        services.log_exercise(
            user,
            session_id,
            new_id(),
            position=position,
            exercise=item["exercise"],
            p_during=p_during,
            spread=spread,
            completed=completed,
            now=when + timedelta(minutes=position + 1),
        )
    services.finish_session(user, session_id, p_post=p_post, now=when + timedelta(minutes=20))
    return session_id


def build_history(user: User, days: int, *, start: datetime = NOW) -> None:
    """``days`` days of sessions (with next-morning pain and the daily decisions), a PSFS
    activity with ratings, and a sitting break a day. ``start`` is the first session's time."""
    for n in range(days):
        when = start + timedelta(days=n)
        if services.safety_status(user, when).due:  # the weekly screen (R-1-rescreen)
            services.record_screen(user, CLEAR, trigger="weekly", now=when - timedelta(minutes=5))
        do_session(user, when, p_pre=3 + n % 3, p_during=2, p_post=2 + n % 2)
        morning = (when + timedelta(days=1)).replace(hour=7, minute=0)
        services.log_morning(user, 2 + n % 4, morning)
        SittingBreak.objects.create(
            user=user, client_id=uuid.uuid4(), taken_at=when + timedelta(hours=3)
        )
    activity = PsfsActivity.objects.create(user=user, name="Putting on socks")
    PsfsRating.objects.create(activity=activity, rated_on=start.date(), score=3)
    PsfsRating.objects.create(
        activity=activity, rated_on=start.date() + timedelta(days=14), score=6
    )


def bulk_history(user: User, end: datetime, days: int) -> None:
    """A session a day for the ``days`` days before ``end`` (pain 3 before, 2 to 4 during, 2
    after and the next morning), with a clear weekly screen, written with ``bulk_create``.

    The first session goes through the services, so the plan is the one the app makes; the
    others copy it. Use it where the length of a history matters and not how it was made:
    building 250 days through the services takes half a minute."""
    first = end - timedelta(days=days)
    if services.safety_status(user, first).due:
        services.record_screen(user, CLEAR, trigger="weekly", now=first - timedelta(minutes=1))
    template = Session.objects.get(client_id=do_session(user, first))
    sessions = [
        Session(
            user=user,
            date=(when := first + timedelta(days=day)).date(),
            started_at=when,
            ended_at=when + timedelta(minutes=20),
            status=Session.Status.DONE,
            phase=template.phase,
            p_pre=3,
            p_post=2,
            p_next=2,
            p_next_at=when + timedelta(days=1),
            plan=template.plan,
        )
        for day in range(1, days)
    ]
    Session.objects.filter(pk=template.pk).update(p_next=2)
    Session.objects.bulk_create(sessions)
    saved = Session.objects.filter(user=user, started_at__gt=first).order_by("started_at")
    ExerciseLog.objects.bulk_create(
        ExerciseLog(
            session=session,
            position=position,
            exercise=item["exercise"],
            hold_s=item.get("hold_s"),
            reps=item.get("reps"),
            sets=item.get("sets") or 1,
            p_during=2 + n % 3,
            completed=True,
            logged_at=session.started_at + timedelta(minutes=position + 1),
        )
        for n, session in enumerate(saved)
        for position, item in enumerate(session.plan)
    )
    screen = ScreenRecord.objects.filter(user=user).latest("taken_at")
    ScreenRecord.objects.bulk_create(
        ScreenRecord(
            user=user,
            taken_at=first + timedelta(days=day, minutes=-1),
            trigger=ScreenRecord.Trigger.WEEKLY,
            answers=screen.answers,
            outcome=screen.outcome,
            flags=screen.flags,
            message=screen.message,
        )
        for day in range(7, days, 7)
    )


def abandoned(user: User, when: datetime, *, p_pre: int = 6, skip_all: bool = False) -> str:
    """A session started and ended with nothing done (or every exercise skipped)."""
    session_id = new_id()
    session = services.start_session(user, session_id, p_pre=p_pre, now=when)
    if skip_all:
        for position, item in enumerate(session.plan):
            services.log_exercise(
                user,
                session_id,
                new_id(),
                position=position,
                exercise=item["exercise"],
                skipped=True,
                now=when + timedelta(minutes=1),
            )
    services.finish_session(
        user, session_id, p_post=None, stopped=True, now=when + timedelta(minutes=2)
    )
    return session_id


def signed_in(user: User) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
