"""How much of a session, or of a day's sessions, was done: told apart, never lumped.

An exercise is done when all of it was done, partly done when it was cut short, skipped when
passed over; a session with nothing done or partly done counts as "started, not done".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from supple.programs.models import ExerciseLog, Session


@dataclass(frozen=True, slots=True)
class ExerciseCounts:
    """One session's exercises: done (all of it), partly done (cut short), skipped, and those
    never reached (after a stop)."""

    planned: int
    done: int
    partly: int
    skipped: int

    @property
    def not_reached(self) -> int:
        return max(0, self.planned - self.done - self.partly - self.skipped)

    @property
    def anything_done(self) -> bool:
        return self.done + self.partly > 0

    def words(self) -> str:
        """ "3 of 8 exercises done, 1 partly done, 1 skipped, 3 not reached"."""
        parts = [f"{self.done} of {self.planned} exercise{'s' if self.planned != 1 else ''} done"]
        if self.partly:
            parts.append(f"{self.partly} partly done")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.not_reached:
            parts.append(f"{self.not_reached} not reached")
        return ", ".join(parts)


def exercise_counts(
    session: Session, entries: Iterable[ExerciseLog] | None = None
) -> ExerciseCounts:
    """Counted from the logs: an exercise is done only when all of it was done."""
    logs = list(session.entries.all() if entries is None else entries)
    done = sum(1 for e in logs if e.completed and not e.skipped)
    partly = sum(1 for e in logs if not e.completed and not e.skipped)
    skipped = sum(1 for e in logs if e.skipped)
    return ExerciseCounts(planned=len(session.plan), done=done, partly=partly, skipped=skipped)


@dataclass(frozen=True, slots=True)
class DayCounts:
    """Today's sessions told apart: finished with something done, stopped early with
    something done, and started with nothing done."""

    done: int
    stopped: int
    empty: int

    def words(self) -> str:
        if not (self.done or self.stopped):
            return ""
        parts = []
        if self.done:
            parts.append(f"{self.done} session{'s' if self.done != 1 else ''} done")
        if self.stopped:
            parts.append(f"{self.stopped} stopped early")
        return "Today: " + ", ".join(parts) + "."


def day_counts(sessions: Iterable[Session]) -> DayCounts:
    done = stopped = empty = 0
    for s in sessions:
        if s.status == Session.Status.ACTIVE:
            continue
        if not exercise_counts(s).anything_done:
            empty += 1
        elif s.status == Session.Status.DONE:
            done += 1
        else:
            stopped += 1
    return DayCounts(done=done, stopped=stopped, empty=empty)
