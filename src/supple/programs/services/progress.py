"""What the Progress page and `supple progress` show: adherence, streak, pain, levels.

One set of rows behind every figure: the chart, its table, its summary sentence and the
terminal's numbers are all worked out here from the same sessions, so they cannot disagree.
A session with nothing done (stopped before its first exercise, or every exercise skipped)
is listed as "started, not done" and left out of the pain figures and of adherence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from django.db.models import Min
from django.utils import timezone

from supple.accounts.models import User
from supple.programs.models import Decision, Profile, ScreenRecord, Session
from supple.programs.services.counts import ExerciseCounts, exercise_counts
from supple.programs.services.planning import planned_days

CHART_DAYS = 90
# The decisions shown beside each exercise's level: the recent ones (every decision of one
# exercise has a page of its own).
DECISION_DAYS = 28


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One session as every figure sees it."""

    session: Session
    # "Thu 3 Dec", or "Thu 3 Dec, 18:05" when another session shares the day.
    label: str
    counts: ExerciseCounts
    what: str

    @property
    def counted(self) -> bool:
        """Counted in the pain figures and adherence: something was done."""
        return self.counts.anything_done


@dataclass(frozen=True, slots=True)
class PainPoint:
    date: date
    label: str
    p_pre: int
    p_post: int | None
    p_next: int | None


@dataclass(frozen=True, slots=True)
class Adherence:
    days: int
    done: int
    planned: int

    @property
    def percent(self) -> int:
        return round(100 * min(self.done, self.planned) / self.planned) if self.planned else 0


@dataclass(frozen=True, slots=True)
class Progress:
    sessions: tuple[Session, ...]
    # Newest first, every session of the last 90 days (the table).
    rows: tuple[SessionRow, ...]
    adherence_7: Adherence
    adherence_28: Adherence
    streak: int
    # Oldest first, only the sessions with something done (the chart).
    pain: tuple[PainPoint, ...]
    decisions: tuple[Decision, ...]
    summary: str
    program_start: date


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _what(session: Session, counts: ExerciseCounts) -> str:
    if not counts.anything_done:
        return "Started, not done" if session.status != Session.Status.ACTIVE else "Started"
    kind = "Flare routine: " if session.flare else ""
    text = kind + counts.words()
    if session.status == Session.Status.STOPPED:
        text += "; stopped early"
    elif session.status == Session.Status.ACTIVE:
        text += "; not finished"
    return text


def session_rows(sessions: Sequence[Session]) -> list[SessionRow]:
    """Rows in the order given; a day with several sessions names each one's start time."""
    per_day = Counter(s.date for s in sessions)
    rows = []
    for s in sessions:
        label = short_day(s.date)
        if per_day[s.date] > 1:
            label += f", {timezone.localtime(s.started_at):%H:%M}"
        counts = exercise_counts(s)
        rows.append(SessionRow(session=s, label=label, counts=counts, what=_what(s, counts)))
    return rows


def program_start(user: User, today: date, sessions: Sequence[Session] = ()) -> date:
    """The day the program began: the first safety screen (no session can come before one),
    or an earlier session among ``sessions`` (data from before screens were kept)."""
    first = ScreenRecord.objects.filter(user=user).aggregate(first=Min("taken_at"))["first"]
    days = [timezone.localdate(first)] if first is not None else []
    days += [s.date for s in sessions]
    return min(days, default=today)


def adherence(
    days: int, session_days: set[date], profile: Profile, today: date, start_of_program: date
) -> Adherence:
    """Days with a session out of the planned days in the last ``days`` days, counting only
    from the program's start (day one is "1 of 1", not "1 of 7")."""
    start = max(today - timedelta(days=days - 1), start_of_program)
    planned = planned_days(profile, start, today) if start <= today else 0
    done = sum(1 for d in session_days if start <= d <= today)
    return Adherence(days=days, done=done, planned=planned)


def streak(session_days: set[date], today: date) -> int:
    """Days in a row with a session, up to today (or yesterday, if today is still to come)."""
    day = today if today in session_days else today - timedelta(days=1)
    count = 0
    while day in session_days:
        count += 1
        day -= timedelta(days=1)
    return count


def _trend(values: list[int]) -> str:
    first, last = values[0], values[-1]
    if len(values) == 1:
        return f"{first} out of 10"
    return f"from {first} to {last} out of 10 (average {mean(values):.1f})"


def pain_summary(points: Sequence[PainPoint]) -> str:
    """One sentence that says what the chart shows, from the chart's own points."""
    if not points:
        return "No sessions with pain scores in the last 90 days yet."
    start, end = points[0].date, points[-1].date
    parts = [f"pain before sessions went {_trend([p.p_pre for p in points])}"]
    after = [p.p_post for p in points if p.p_post is not None]
    if after:
        parts.append(f"after sessions {_trend(after)}")
    morning = [p.p_next for p in points if p.p_next is not None]
    if morning:
        parts.append(f"the next morning {_trend(morning)}")
    sessions = f"{len(points)} session{'s' if len(points) != 1 else ''}"
    span = (
        f"{start.day} {start:%B %Y}"
        if start == end
        else f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    )
    return f"Over {sessions} ({span}), " + "; ".join(parts) + "."


def progress_for(user: User, today: date) -> Progress:
    """Five queries, whatever the length of the history."""
    profile = Profile.objects.get(user=user)
    start = today - timedelta(days=CHART_DAYS - 1)
    sessions = tuple(
        Session.objects.filter(user=user, date__gte=start, date__lte=today)
        .defer("position")
        .order_by("-date", "-started_at")
        .prefetch_related("entries")
    )
    rows = session_rows(sessions)
    counted = [r for r in rows if r.counted]
    # A day counts when something was done in a session of that day (a flare session too).
    days = {r.session.date for r in counted}
    pain = tuple(
        PainPoint(r.session.date, r.label, r.session.p_pre, r.session.p_post, r.session.p_next)
        for r in reversed(counted)
    )
    decisions = tuple(
        Decision.objects.filter(
            user=user, made_on__gte=today - timedelta(days=DECISION_DAYS - 1)
        ).order_by("made_at", "id")
    )
    began = program_start(user, today, sessions)
    return Progress(
        sessions=sessions,
        rows=tuple(rows),
        adherence_7=adherence(7, days, profile, today, began),
        adherence_28=adherence(28, days, profile, today, began),
        streak=streak(days, today),
        pain=pain,
        decisions=decisions,
        summary=pain_summary(pain),
        program_start=began,
    )
