"""Deleting an account and everything stored about the person, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import QuerySet

from supple.accounts.models import User
from supple.accounts.services import end_sessions, forget_deleted_data
from supple.programs.models import (
    Consent,
    Decision,
    DoseLevel,
    ExerciseLog,
    Profile,
    ProgramDecision,
    PsfsActivity,
    PsfsRating,
    ScreenRecord,
    Session,
    SittingBreak,
)
from supple.programs.services.errors import ProgramError

# Rows about the person kept by other apps (the clinic's care of them, the flags its staff
# marked as seen), registered when those apps start: this module imports none of them.
OTHER_ROWS: list[tuple[str, Callable[[User], QuerySet[Any]]]] = []


def confirmation_matches(user: User, typed: str) -> bool:
    """The person typed their password (the username alone would let anyone at an unlocked
    browser erase everything)."""
    return bool(typed) and user.check_password(typed)


def delete_account(user: User, confirmation: str) -> dict[str, int]:
    """Delete the person and every row of theirs; returns how many rows went, per table.

    Each table is emptied of the person's rows explicitly (children first) rather than left
    to cascades, so that the count is exact and a table added later without a cascade makes
    this fail loudly instead of keeping data. All or nothing: one transaction.
    """
    if not confirmation_matches(user, confirmation):
        raise ProgramError("type your password to confirm")
    counts: dict[str, int] = {}
    with transaction.atomic():
        steps = (
            ("exercise logs", ExerciseLog.objects.filter(session__user=user)),
            ("sessions", Session.objects.filter(user=user)),
            ("decisions", Decision.objects.filter(user=user)),
            ("program decisions", ProgramDecision.objects.filter(user=user)),
            ("levels", DoseLevel.objects.filter(user=user)),
            ("functional scale ratings", PsfsRating.objects.filter(activity__user=user)),
            ("functional scale activities", PsfsActivity.objects.filter(user=user)),
            ("sitting breaks", SittingBreak.objects.filter(user=user)),
            ("safety screens", ScreenRecord.objects.filter(user=user)),
            ("profile", Profile.objects.filter(user=user)),
            ("consent", Consent.objects.filter(user=user)),
            ("admin history", LogEntry.objects.filter(user=user)),
            *((label, rows(user)) for label, rows in OTHER_ROWS),
        )
        for label, rows in steps:
            counts[label], _ = rows.delete()
        counts["signed-in sessions"] = end_sessions(user)
        deleted, _ = User.objects.filter(pk=user.pk).delete()
        counts["account"] = deleted
    forget_deleted_data()
    return counts
