"""The flags a clinician sees on the dashboard (R-11-flags), most severe first.

Pure: the facts about one patient come in (the clinic's services gather them for every
patient in a fixed number of queries), the flags with their reason and date go out. A flag
the clinician marked as seen stays hidden until a newer one of its kind (a later date).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from supple.domain.progression import WeekSums, g4_from_weeks
from supple.domain.thresholds import G4_WEEKS, PAUSE_NEXT_PAIN, RESCREEN_EVERY_DAYS

# R-11-flags: "no session for 7 days while a program is active".
NO_SESSION_DAYS: Final = RESCREEN_EVERY_DAYS


class FlagKind(StrEnum):
    # In the order of R-11-flags: the most severe first.
    SCREEN = "screen"
    PROGRAM_PAUSE = "program-pause"
    EXERCISE_PAUSE = "exercise-pause"
    G4 = "g4"
    NO_SESSION = "no-session"
    MORNING_PAIN = "morning-pain"


SEVERITY: Final = {kind: rank for rank, kind in enumerate(FlagKind)}

SCREEN_WORDS: Final = {
    "emergency": "Safety questions: an answer calls for emergency care",
    "urgent": "Safety questions: needs to be seen within 48 hours",
    "clearance": "Safety questions: needs a clinician's clearance to start",
    "gp": "Safety questions: to see a doctor within 2 weeks; gentle routines only",
    "incomplete": "Safety questions: not all emergency questions answered",
}


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    on: date
    reason: str

    @property
    def severity(self) -> int:
        return SEVERITY[self.kind]


@dataclass(frozen=True, slots=True)
class G4Facts:
    """R-1-g4's inputs: the first session of the pain log's window, its first 7 days' and the
    last 7 days' ``p_pre``."""

    first_session: date
    first_week: WeekSums
    last_week: WeekSums


@dataclass(frozen=True, slots=True)
class PatientFacts:
    """What the flags are worked out from, for one patient on ``today``."""

    today: date
    # The latest safety screen's outcome and day.
    screen_outcome: str | None = None
    screen_on: date | None = None
    # The latest program decision (R-3-program-pause), its day and reason.
    program_action: str | None = None
    program_on: date | None = None
    program_reason: str = ""
    # Exercises paused now (R-3-decide-pause) and the day of the latest pause.
    paused_exercises: int = 0
    paused_on: date | None = None
    g4: G4Facts | None = None
    # A program is active from the intake on; the last session with something done.
    program_since: date | None = None
    last_session: date | None = None
    # The highest next-morning pain of the last 7 days and the latest day it was that high.
    high_morning_pain: int | None = None
    high_morning_on: date | None = None
    # Per kind, the date of the newest flag the clinician marked as seen.
    seen: Mapping[str, date] = field(default_factory=dict)


def flags_for(facts: PatientFacts) -> list[Flag]:
    """Every flag that holds and has not been seen, most severe first."""
    found = [
        _screen(facts),
        _program_pause(facts),
        _exercise_pause(facts),
        _g4(facts),
        _no_session(facts),
        _morning_pain(facts),
    ]
    return [f for f in found if f is not None and not _seen(f, facts.seen)]


def _seen(flag: Flag, seen: Mapping[str, date]) -> bool:
    marked = seen.get(flag.kind.value)
    return marked is not None and marked >= flag.on


def _screen(facts: PatientFacts) -> Flag | None:
    outcome = facts.screen_outcome
    if outcome is None or outcome == "clear" or facts.screen_on is None:
        return None
    words = SCREEN_WORDS.get(outcome, f"Safety questions: {outcome}")
    return Flag(FlagKind.SCREEN, facts.screen_on, words)


def _program_pause(facts: PatientFacts) -> Flag | None:
    if facts.program_action != "pause" or facts.program_on is None:
        return None
    reason = "Program paused" + (f": {facts.program_reason}" if facts.program_reason else "")
    return Flag(FlagKind.PROGRAM_PAUSE, facts.program_on, reason)


def _exercise_pause(facts: PatientFacts) -> Flag | None:
    if facts.paused_exercises <= 0 or facts.paused_on is None:
        return None
    n = facts.paused_exercises
    what = "An exercise" if n == 1 else f"{n} exercises"
    return Flag(FlagKind.EXERCISE_PAUSE, facts.paused_on, f"{what} paused after two red sessions")


def _g4(facts: PatientFacts) -> Flag | None:
    g4 = facts.g4
    if g4 is None or (facts.today - g4.first_session).days < 7 * G4_WEEKS:
        return None
    if not g4_from_weeks(g4.first_week, g4.last_week):
        return None
    first = g4.first_week.total / g4.first_week.count
    last = g4.last_week.total / g4.last_week.count
    reason = (
        f"No important improvement after 6 weeks (G4): pain before sessions averaged "
        f"{first:.1f} in the first week and {last:.1f} in the last 7 days"
    )
    # Dated by the first day it could be raised: a later history does not make it newer.
    return Flag(FlagKind.G4, g4.first_session + timedelta(weeks=G4_WEEKS), reason)


def _no_session(facts: PatientFacts) -> Flag | None:
    since = facts.last_session or facts.program_since
    if facts.program_since is None or since is None:
        return None
    if (facts.today - since).days < NO_SESSION_DAYS:
        return None
    reason = (
        f"No session since {since:%a} {since.day} {since:%b}"
        if facts.last_session
        else f"No session since the program began on {since:%a} {since.day} {since:%b}"
    )
    return Flag(FlagKind.NO_SESSION, since + timedelta(days=NO_SESSION_DAYS), reason)


def _morning_pain(facts: PatientFacts) -> Flag | None:
    pain, on = facts.high_morning_pain, facts.high_morning_on
    if pain is None or on is None or pain < PAUSE_NEXT_PAIN:
        return None
    return Flag(FlagKind.MORNING_PAIN, on, f"Pain of {pain}/10 the morning after a session")


def most_severe_first(rows: list[tuple[list[Flag], str]]) -> list[int]:
    """The order of patients by need: the most severe flag first, then the newest of those
    flags, then the name; patients without a flag last, by name. Returns indexes into
    ``rows``."""

    def key(i: int) -> tuple[int, int, str]:
        flags, name = rows[i]
        if not flags:
            return (len(SEVERITY), 0, name.casefold())
        top = min(f.severity for f in flags)
        newest = max(f.on for f in flags if f.severity == top)
        return (top, -newest.toordinal(), name.casefold())

    return sorted(range(len(rows)), key=key)
