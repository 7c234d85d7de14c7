"""The pain log as plain data (docs/clinical-rules.md section 2).

Pain is the 0-10 numeric rating scale (NRS, LOINC 72514-3). ``p_post`` and ``p_next`` may be
missing (None): a missing value is never read as 0 (R-2-missing-not-zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    """One exercise in one session: worst pain during it, spread, all sets done."""

    exercise: str
    p_during: int
    spread: bool = False
    completed: bool = True


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One session: pain at the start, at the end (within 30 min), next morning."""

    date: date
    p_pre: int
    p_post: int | None
    p_next: int | None
    exercises: tuple[ExerciseLog, ...] = ()
    # Symptoms spread further down a leg during the session (section 2: "per exercise or
    # session"); a session-level spread makes every exercise of the session red.
    spread: bool = False


@dataclass(frozen=True, slots=True)
class History:
    """What ``supple decide`` reads: today's date, the intake pain and the sessions."""

    today: date
    intake_pain: int
    sessions: tuple[SessionLog, ...]
    last_progressed: Mapping[str, date] = field(default_factory=dict)
