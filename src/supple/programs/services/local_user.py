"""The person at the terminal: whose program the ``supple`` commands work on, their session
log between two dates, and their breaks from sitting.

A single-person install has one patient account (made on the first web visit or by
``supple start``); a shared database needs ``--user NAME``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from supple.accounts.models import Role, User
from supple.programs.models import ExerciseLog, Session, SittingBreak
from supple.programs.services.errors import ProgramError

# How many account names an error message lists before "...".
LISTED = 8


def _names(users: list[User]) -> str:
    names = [u.username for u in users[:LISTED]]
    return ", ".join(names) + (", ..." if len(users) > LISTED else "")


def local_user(username: str | None) -> User:
    """The account named ``username``, else the only patient account; ProgramError saying
    what to do otherwise."""
    if username:
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            patients = list(User.objects.filter(role=Role.PATIENT).order_by("username"))
            known = f" (accounts here: {_names(patients)})" if patients else ""
            raise ProgramError(f"there is no account named {username!r}{known}")
        if not user.is_active:
            raise ProgramError(f"the account {user.username!r} is switched off")
        if not user.is_patient:
            raise ProgramError(
                f"{user.username!r} is a {user.get_role_display().lower()} account: these "
                "commands follow a person's own program; choose a patient with --user NAME"
            )
        return user
    patients = list(User.objects.filter(role=Role.PATIENT, is_active=True).order_by("username"))
    if len(patients) == 1:
        return patients[0]
    if not patients:
        raise ProgramError(
            "there is no account yet: run `supple start` to make one "
            "(or open the web app with `supple serve`)"
        )
    raise ProgramError(
        f"there are {len(patients)} accounts here ({_names(patients)}): choose one with --user NAME"
    )


def has_accounts() -> bool:
    return User.objects.exists()


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


def record_break(
    user: User, client_id: uuid.UUID | str, *, now: datetime, exercise: str = ""
) -> SittingBreak:
    """A break from sitting, once per client id (a retry finds the first)."""
    existing = SittingBreak.objects.filter(user=user, client_id=client_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return SittingBreak.objects.create(
                user=user, client_id=client_id, taken_at=now, exercise=exercise
            )
    except IntegrityError:
        return SittingBreak.objects.get(user=user, client_id=client_id)


def breaks_on(user: User, now: datetime) -> int:
    """Breaks taken on the local day of ``now``."""
    day = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return SittingBreak.objects.filter(
        user=user, taken_at__gte=start, taken_at__lt=start + timedelta(days=1)
    ).count()
