"""The pain log as plain data (CLINICAL_RULES.md section 2).

Pain is the 0-10 numeric rating scale (NRS, LOINC 72514-3). ``p_post`` and ``p_next`` may be
missing (None): a missing value is never read as 0 (R-2-missing-not-zero).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
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


class HistoryError(ValueError):
    """A pain log that cannot be: a session after today, an unknown exercise, a pain off the
    0-10 scale, an exercise twice in one session."""


def check_history(history: History, known: Container[str]) -> None:
    """Raise HistoryError naming the first problem of a pain log (for callers that do not use
    the JSON Schema of ``supple decide``); ``known`` holds the exercise ids of the library."""

    def pain(value: int | None, where: str) -> None:
        if value is not None and (isinstance(value, bool) or not 0 <= value <= 10):
            raise HistoryError(f"{where}: {value!r} is not a pain from 0 to 10")

    pain(history.intake_pain, "intake_pain")
    for n, s in enumerate(history.sessions):
        where = f"sessions[{n}]"
        if s.date > history.today:
            raise HistoryError(f"{where}.date: {s.date} is after today ({history.today})")
        pain(s.p_pre, f"{where}.p_pre")
        pain(s.p_post, f"{where}.p_post")
        pain(s.p_next, f"{where}.p_next")
        seen: set[str] = set()
        for m, e in enumerate(s.exercises):
            if e.exercise not in known:
                raise HistoryError(
                    f"{where}.exercises[{m}].exercise: unknown exercise id {e.exercise!r}"
                )
            if e.exercise in seen:
                raise HistoryError(
                    f"{where}.exercises[{m}].exercise: {e.exercise!r} appears twice in the "
                    "same session"
                )
            seen.add(e.exercise)
            pain(e.p_during, f"{where}.exercises[{m}].p_during")
    for exercise_id, when in history.last_progressed.items():
        if exercise_id not in known:
            raise HistoryError(f"last_progressed.{exercise_id}: unknown exercise id")
        if when > history.today:
            raise HistoryError(
                f"last_progressed.{exercise_id}: {when} is after today ({history.today})"
            )
