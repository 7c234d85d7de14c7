"""Deleting an account and everything stored about the person, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import QuerySet

from supple.accounts.models import User
from supple.accounts.services import end_sessions, forget_deleted_data
from supple.programs.services.errors import ProgramError
from supple.programs.services.personal import personal_rows

# What the person is told went, per table.
LABELS = {
    "exercise_logs": "exercise logs",
    "sessions": "sessions",
    "decisions": "decisions",
    "program_decisions": "program decisions",
    "levels": "levels",
    "psfs_ratings": "functional scale ratings",
    "psfs_activities": "functional scale activities",
    "sitting_breaks": "sitting breaks",
    "screens": "safety screens",
    "profile": "profile",
    "consent": "consent",
}

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
        for table, rows in personal_rows(user).items():
            counts[LABELS[table]], _ = rows.delete()
        for label, other_rows in OTHER_ROWS:
            counts[label], _ = other_rows(user).delete()
        counts["admin history"], _ = LogEntry.objects.filter(user=user).delete()
        counts["signed-in sessions"] = end_sessions(user)
        deleted, _ = User.objects.filter(pk=user.pk).delete()
        counts["account"] = deleted
    forget_deleted_data()
    return counts
