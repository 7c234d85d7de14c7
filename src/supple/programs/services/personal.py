"""Every table that holds something about a person: the one list that the export and the
deletion of an account both walk, so a table added later is exported and deleted alike."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from supple.accounts.models import User
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


def personal_rows(user: User) -> dict[str, QuerySet[Any]]:
    """The person's rows of each table (not read yet), children before their parents."""
    return {
        "exercise_logs": ExerciseLog.objects.filter(session__user=user),
        "sessions": Session.objects.filter(user=user),
        "decisions": Decision.objects.filter(user=user),
        "program_decisions": ProgramDecision.objects.filter(user=user),
        "levels": DoseLevel.objects.filter(user=user),
        "psfs_ratings": PsfsRating.objects.filter(activity__user=user),
        "psfs_activities": PsfsActivity.objects.filter(user=user),
        "sitting_breaks": SittingBreak.objects.filter(user=user),
        "screens": ScreenRecord.objects.filter(user=user),
        "profile": Profile.objects.filter(user=user),
        "consent": Consent.objects.filter(user=user),
    }
