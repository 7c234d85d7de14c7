"""Pain-guided progression: traffic lights, decisions, the dosage ladder and phase gates.

Implements docs/clinical-rules.md sections 2 (baseline), 3 (colours, per-exercise decisions, weekly
trend, program pause, flare day), 4 (one step up or down the dosage ladder) and 5 (phase
gates). Sources: Thomeé, Phys Ther 1997 and Silbernagel et al., AJSM 2007 (pain-monitoring
model); ACSM position stands on resistance training (2009) and flexibility (dosage); NICE NG59.

Every rule carries an id (``R-<section>-<name>``) that has an entry in
``docs/clinical-rules.md``. Every decision comes with its reason in plain words, naming the
exercise, the value and the day ("held: pain during Bridge was 5/10 on Tuesday 4 June").

Pain arithmetic is exact: medians and means are compared with integers (doubled medians,
cross-multiplied sums), never with floats, so a boundary such as "up by 2" cannot be missed by
a rounding error.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Final, Literal

from supple.domain.catalog import Catalog, Exercise
from supple.domain.history import ExerciseLog, History, SessionLog
from supple.domain.thresholds import (
    AMBER_PAIN,
    FLARE_PAIN,
    G4_MIN_FIRST_WEEK_PAIN,
    G4_WEEKS,
    IMPORTANT_CHANGE_FRACTION,
    IMPORTANT_CHANGE_POINTS,
    PAUSE_NEXT_PAIN,
    PAUSE_RED_DAYS,
    RED_NEXT_ABOVE_BASELINE,
    RED_PAIN,
    RESCREEN_PAIN,
    TREND_NO_PROGRESS,
    TREND_REGRESS,
)

Colour = Literal["green", "amber", "red"]
Decision = Literal["progress", "hold", "regress", "pause"]
Trend = Literal["steady", "no-progress", "regress"]
ProgramAction = Literal["continue", "pause"]

# R-3-progress-interval: at most one step up per exercise per 7 days.
PROGRESS_INTERVAL_DAYS: Final = 7
# R-4-step-up-reps / R-4-step-up-hold
REPS_STEP: Final = 2
HOLD_STEP: Final = 5
# R-4-sets-default: the top of the sets range when the source gives none.
DEFAULT_SETS: Final = (1, 3)
# R-5-advance
ADVANCE_MIN_DAYS: Final = 14
ADVANCE_ADHERENCE: Final = (4, 5)  # 80 %, as a fraction

# R-1-g4 in plain words, for the reasons.
G4_WORDS: Final = (
    "your weekly average pain has not improved by 2 points (or by 30%, if that is less) "
    "after 6 weeks"
)

_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@lru_cache(maxsize=4096)
def day_name(d: date) -> str:
    """A day in plain words: "Tuesday 4 June"."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def _fmt_half(doubled: int) -> str:
    """A doubled value (median x 2) in plain words: 7 -> "3.5", 8 -> "4"."""
    return str(doubled // 2) if doubled % 2 == 0 else f"{doubled / 2:.1f}"


def _fmt_mean(total: int, count: int) -> str:
    value = total / count
    return f"{value:.0f}" if total % count == 0 else f"{value:.1f}"


# --------------------------------------------------------------------------------------------
# Section 2: baseline


def baseline_doubled(dates: Sequence[date], pres: Sequence[int], d: date, intake_pain: int) -> int:
    """Twice the baseline B of a session dated ``d`` (R-2-baseline).

    B is the median of ``p_pre`` over the sessions dated ``d - 7`` to ``d - 1``; with none, the
    pain given at intake. ``dates`` must be sorted and ``pres`` aligned with it. The value is
    doubled so that the median of an even count (the mean of the middle two) stays an integer.
    """
    lo = bisect_left(dates, d - timedelta(days=7))
    hi = bisect_left(dates, d)
    if hi <= lo:
        return 2 * intake_pain
    window = sorted(pres[lo:hi])
    n = len(window)
    mid = n // 2
    if n % 2:
        return 2 * window[mid]
    return window[mid - 1] + window[mid]


def baseline(history: History, d: date) -> float:
    """The baseline B of a session dated ``d`` (R-2-baseline), for display."""
    sessions = sorted(history.sessions, key=_session_date)
    doubled = baseline_doubled(
        [s.date for s in sessions], [s.p_pre for s in sessions], d, history.intake_pain
    )
    return doubled / 2


def _session_date(s: SessionLog) -> date:
    return s.date


# --------------------------------------------------------------------------------------------
# Section 3: colours


@dataclass(slots=True)
class Light:
    """The colour of one exercise in one session, and why (R-3-colour-*)."""

    colour: Colour
    # The rule that set the colour: during, post, next, spread or green.
    key: str
    session: SessionLog
    entry: ExerciseLog
    baseline2: int
    name: str

    @property
    def provisional(self) -> bool:
        """R-3-provisional: computed while p_next is still missing."""
        return self.session.p_next is None

    @property
    def day(self) -> date:
        return self.session.date

    @property
    def p_during(self) -> int:
        return self.entry.p_during

    @property
    def cause(self) -> str:
        """Why, in plain words without the verb: "pain during Bridge was 5/10 on Tuesday 4
        June". Built only when a reason needs it."""
        return _cause(self.key, self.name, self.session, self.entry, self.baseline2)


def colour_of(
    p_during: int,
    p_post: int | None,
    p_next: int | None,
    baseline2: int,
    spread: bool,
) -> tuple[Colour, str]:
    """The colour of one exercise in one session, and which rule set it (first match wins).

    ``baseline2`` is twice the baseline B. Returns the colour and a rule key: ``during``,
    ``post``, ``next``, ``spread`` or ``green``.

    - R-3-colour-red: ``p_during >= 6``, or ``p_post >= 6``, or (``p_next`` known and
      ``p_next >= B + 2``), or ``spread``.
    - R-3-colour-amber: ``p_during`` is 4 or 5, or ``p_post`` is 4 or 5.
    - R-3-colour-green: otherwise.
    """
    if p_during >= RED_PAIN:
        return "red", "during"
    if p_post is not None and p_post >= RED_PAIN:
        return "red", "post"
    if p_next is not None and 2 * p_next >= baseline2 + 2 * RED_NEXT_ABOVE_BASELINE:
        return "red", "next"
    if spread:
        return "red", "spread"
    if p_during >= AMBER_PAIN:
        return "amber", "during"
    if p_post is not None and p_post >= AMBER_PAIN:
        return "amber", "post"
    return "green", "green"


def _cause(key: str, name: str, session: SessionLog, entry: ExerciseLog, baseline2: int) -> str:
    day = day_name(session.date)
    if key == "during":
        return f"pain during {name} was {entry.p_during}/10 on {day}"
    if key == "post":
        return f"pain after the session with {name} was {session.p_post}/10 on {day}"
    if key == "next":
        morning = day_name(session.date + timedelta(days=1))
        return (
            f"pain the morning after {name} ({morning}) was {session.p_next}/10, "
            f"2 or more above your usual {_fmt_half(baseline2)}/10"
        )
    if key == "spread":
        return f"symptoms spread down a leg during {name} on {day}"
    done = "all sets done" if entry.completed else "not all sets done"
    return f"{name} was comfortable on {day} (pain {entry.p_during}/10, {done})"


# --------------------------------------------------------------------------------------------
# Section 3: decisions


@dataclass(frozen=True, slots=True)
class ExerciseDecision:
    exercise: str
    colour: Colour
    decision: Decision
    reason: str
    provisional: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "exercise": self.exercise,
            "colour": self.colour,
            "decision": self.decision,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ProgramDecision:
    action: ProgramAction
    trend: Trend
    reason: str
    flare_today: bool = False
    # G4 (section 1, computed): no 2-point improvement after 6 weeks -> gp outcome.
    g4: bool = False
    # R-1-rescreen: ask the safety screen again (always true when the action is pause).
    rescreen: bool = False
    # R-5-pause-phase1: a program pause returns the user to phase 1.
    back_to_phase_1: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"action": self.action, "trend": self.trend, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Decisions:
    """What ``supple decide`` prints (docs/engine-cli.md): the program's decision and each
    exercise's."""

    program: ProgramDecision
    exercises: tuple[ExerciseDecision, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "program": self.program.as_dict(),
            "exercises": [e.as_dict() for e in self.exercises],
        }

    def for_exercise(self, exercise_id: str) -> ExerciseDecision:
        for e in self.exercises:
            if e.exercise == exercise_id:
                return e
        raise KeyError(exercise_id)


def exercise_decision(
    lights: Sequence[tuple[Light, bool]],
    name: str,
    today: date,
    last_progressed: date | None,
) -> tuple[Decision, str]:
    """The decision for one exercise from its sessions' (light, completed), newest last.

    First match wins:

    1. R-3-decide-pause: the last two sessions were red.
    2. R-3-decide-regress: the last session was red.
    3. R-3-decide-hold-amber: the last session was amber.
    4. R-3-decide-progress: the last two sessions were green and both completed, and
       ``today - last_progressed >= 7`` days (R-3-progress-interval).
    5. R-3-decide-hold: otherwise (including fewer than two sessions).
    """
    last, last_done = lights[-1]
    prev = lights[-2] if len(lights) >= 2 else None
    if last.colour == "red":
        if prev is not None and prev[0].colour == "red":
            return "pause", (
                f"paused: {last.cause}, and before that {prev[0].cause}; "
                f"please check with a clinician before doing {name} again"
            )
        return "regress", f"stepped back: {last.cause}"
    if last.colour == "amber":
        return "hold", f"held: {last.cause}"
    # Last session green.
    if prev is None:
        return "hold", (
            f"held: {name} has one session so far ({last.cause}); "
            "two comfortable sessions in a row are needed to step up"
        )
    prev_light, prev_done = prev
    if prev_light.colour != "green":
        return "hold", (
            f"held: {last.cause}, but before that {prev_light.cause}; "
            "two comfortable sessions in a row are needed to step up"
        )
    if not (last_done and prev_done):
        missed = last if not last_done else prev[0]
        return "hold", (
            f"held: not all sets of {name} were done ({missed.cause}); "
            "both of the last two sessions must be completed to step up"
        )
    if last_progressed is not None and (today - last_progressed).days < PROGRESS_INTERVAL_DAYS:
        return "hold", (
            f"held: {name} was last stepped up on {day_name(last_progressed)}, "
            f"less than {PROGRESS_INTERVAL_DAYS} days ago"
        )
    return "progress", _progress_reason(name, prev_light, last)


def _progress_reason(name: str, prev: Light, last: Light) -> str:
    reason = (
        f"stepped up: {name} was comfortable with all sets done on {day_name(prev.day)} "
        f"(pain {prev.p_during}/10) and {day_name(last.day)} (pain {last.p_during}/10)"
    )
    if last.provisional:
        reason += "; to be checked against the next-morning pain when it is logged"
    return reason


def _window_mean(
    sessions: Sequence[SessionLog], dates: Sequence[date], first: date, last: date
) -> tuple[int, int]:
    """(sum, count) of the known p_next of sessions dated first..last."""
    lo = bisect_left(dates, first)
    hi = bisect_left(dates, last + timedelta(days=1))
    total = 0
    count = 0
    for s in sessions[lo:hi]:
        if s.p_next is not None:
            total += s.p_next
            count += 1
    return total, count


def weekly_trend(
    sessions: Sequence[SessionLog], dates: Sequence[date], today: date
) -> tuple[Trend, str]:
    """R-3-trend-regress, R-3-trend-no-progress: mean ``p_next`` of the last 7 days against
    the 7 days before.

    "The last 7 days" is ``today - 6`` to ``today``; "the 7 days before" is ``today - 13`` to
    ``today - 7`` (dates of the sessions). Sessions without ``p_next`` are left out; with no
    value in either window there is no trend (reported as ``steady``).
    """
    s1, n1 = _window_mean(sessions, dates, today - timedelta(days=6), today)
    s0, n0 = _window_mean(sessions, dates, today - timedelta(days=13), today - timedelta(days=7))
    if n1 == 0 or n0 == 0:
        return (
            "steady",
            "no morning pain trend yet (needs next-morning pain in both of the last two weeks)",
        )
    # diff = s1/n1 - s0/n0, compared exactly.
    diff_num = s1 * n0 - s0 * n1
    denom = n0 * n1
    words = (
        f"your next-morning pain averaged {_fmt_mean(s1, n1)}/10 in the last 7 days "
        f"against {_fmt_mean(s0, n0)}/10 in the 7 days before"
    )
    if diff_num >= TREND_REGRESS * denom:
        return "regress", f"{words}, up by 2 or more"
    if diff_num >= TREND_NO_PROGRESS * denom:
        return "no-progress", f"{words}, up by 1 or more"
    return "steady", words


def g4_no_improvement(history: History) -> bool:
    """G4 (section 1, computed, R-1-g4): after 6 weeks of the program, weekly mean pain has not
    improved by an important change (R-8-important-change: 2 points or 30 % of the first
    week's mean, whichever is smaller), counted only when the first week's mean was 3 or more.

    The program is taken to start on the date of the first logged session. Weekly mean pain is
    the mean ``p_pre`` (pain at the start of a session) over a week's sessions: the first week
    of the program (its first 7 days) against the last 7 days. With no session in either week
    the rule cannot be applied and gives False.
    """
    sessions = sorted(history.sessions, key=_session_date)
    if not sessions:
        return False
    return _g4(sessions, [s.date for s in sessions], history.today)


def _g4(sessions: Sequence[SessionLog], dates: Sequence[date], today: date) -> bool:
    start = dates[0]
    if (today - start).days < 7 * G4_WEEKS:
        return False
    lo0, hi0 = 0, bisect_left(dates, start + timedelta(days=7))
    lo1, hi1 = bisect_left(dates, today - timedelta(days=6)), len(dates)
    if hi0 <= lo0 or hi1 <= lo1:
        return False
    first = [s.p_pre for s in sessions[lo0:hi0]]
    last = [s.p_pre for s in sessions[lo1:hi1]]
    return g4_from_weeks(WeekSums(sum(first), len(first)), WeekSums(sum(last), len(last)))


@dataclass(frozen=True, slots=True)
class WeekSums:
    """A week's ``p_pre`` as a sum and a count: enough for its exact mean."""

    total: int
    count: int


def g4_from_weeks(first: WeekSums, last: WeekSums) -> bool:
    """R-1-g4 once the program is 6 weeks old: the first week's and the last 7 days' pain
    (as sums, so a database can add them up) show no important improvement."""
    if first.count == 0 or last.count == 0:
        return False
    if first.total < G4_MIN_FIRST_WEEK_PAIN * first.count:
        return False  # from a low first week an important change is not possible
    return not _improved(first.total, first.count, last.total, last.count)


def important_improvement(before: Sequence[int], after: Sequence[int]) -> bool:
    """R-8-important-change on the pain scale: the mean of ``after`` is lower than the mean of
    ``before`` by 2 points or by 30 % of it, whichever is smaller (compared exactly)."""
    return _improved(sum(before), len(before), sum(after), len(after))


def _improved(s0: int, n0: int, s1: int, n1: int) -> bool:
    # improvement = s0/n0 - s1/n1 = drop / (n0 * n1)
    drop = s0 * n1 - s1 * n0
    by_points = drop >= IMPORTANT_CHANGE_POINTS * n0 * n1
    num, den = IMPORTANT_CHANGE_FRACTION
    by_fraction = den * drop >= num * s0 * n1
    return by_points or by_fraction


class _Log:
    """The history sorted newest last (R-3-order: sessions of the same date keep the order
    given), with each session's baseline and each exercise's name computed once."""

    def __init__(self, history: History, catalog: Catalog | None) -> None:
        self.today = history.today
        self.sessions = sorted(history.sessions, key=_session_date)
        self.dates = [s.date for s in self.sessions]
        self.pres = [s.p_pre for s in self.sessions]
        self.intake = history.intake_pain
        self.catalog = catalog
        self._names: dict[str, str] = {}
        self._baselines: dict[int, int] = {}

    def name_of(self, exercise_id: str) -> str:
        name = self._names.get(exercise_id)
        if name is None:
            catalog = self.catalog
            name = catalog.exercise(exercise_id).name if catalog is not None else exercise_id
            self._names[exercise_id] = name
        return name

    def baseline2(self, index: int) -> int:
        """Twice the baseline of the session at ``index`` (R-2-baseline)."""
        value = self._baselines.get(index)
        if value is None:
            value = baseline_doubled(self.dates, self.pres, self.dates[index], self.intake)
            self._baselines[index] = value
        return value

    def colour(self, index: int, entry: ExerciseLog) -> tuple[Colour, str]:
        s = self.sessions[index]
        # R-3-session-spread: a spread reported for the whole session counts for each exercise.
        spread = entry.spread or s.spread
        return colour_of(entry.p_during, s.p_post, s.p_next, self.baseline2(index), spread)

    def light(self, index: int, entry: ExerciseLog) -> Light:
        colour, key = self.colour(index, entry)
        s = self.sessions[index]
        return Light(colour, key, s, entry, self.baseline2(index), self.name_of(entry.exercise))


def _last_two_sessions(
    sessions: Sequence[SessionLog],
) -> dict[str, tuple[tuple[int, ExerciseLog], ...]]:
    """Each exercise's last two (session index, entry), newest last, in order of the
    exercise's first appearance. Walking back from the newest session, an exercise's first two
    sightings are its last two sessions."""
    last: dict[str, tuple[int, ExerciseLog]] = {}
    before: dict[str, tuple[int, ExerciseLog]] = {}
    first: dict[str, tuple[int, int]] = {}
    for index in range(len(sessions) - 1, -1, -1):
        for position, entry in enumerate(sessions[index].exercises):
            exercise_id = entry.exercise
            first[exercise_id] = (index, position)
            if exercise_id not in last:
                last[exercise_id] = (index, entry)
            elif exercise_id not in before:
                before[exercise_id] = (index, entry)
    # ``first`` ends with each exercise's first session and place in it.
    return {
        exercise_id: (before[exercise_id], last[exercise_id])
        if exercise_id in before
        else (last[exercise_id],)
        for exercise_id in sorted(first, key=first.__getitem__)
    }


@dataclass(slots=True)
class _LastWeek:
    """What the last 7 days hold for the program decision (R-3-program-pause, R-1-rescreen)."""

    red_dates: list[date]
    high_next: SessionLog | None
    rescreen_causes: list[str]


def _last_week(log: _Log) -> _LastWeek:
    """R-3-program-pause: the dates with a red exercise-session and the first ``p_next`` of 8
    or more in the last 7 days; R-1-rescreen: every pain of 8 or more and every spread."""
    week = _LastWeek([], None, [])
    start = bisect_left(log.dates, log.today - timedelta(days=6))
    for index in range(start, len(log.sessions)):
        s = log.sessions[index]
        if s.p_next is not None and s.p_next >= PAUSE_NEXT_PAIN and week.high_next is None:
            week.high_next = s
        red_here = any(log.colour(index, entry)[0] == "red" for entry in s.exercises)
        week.rescreen_causes.extend(_rescreen_causes(log, s))
        if red_here and (not week.red_dates or week.red_dates[-1] != s.date):
            week.red_dates.append(s.date)
    return week


def _rescreen_causes(log: _Log, s: SessionLog) -> list[str]:
    """R-1-rescreen: each pain of 8/10 or more and each spread in one session, in words."""
    day = day_name(s.date)
    causes = []
    for entry in s.exercises:
        if entry.p_during >= RESCREEN_PAIN:
            causes.append(
                f"pain during {log.name_of(entry.exercise)} was {entry.p_during}/10 on {day}"
            )
        if entry.spread:
            causes.append(
                f"symptoms spread down a leg during {log.name_of(entry.exercise)} on {day}"
            )
    if s.spread:
        causes.append(f"symptoms spread down a leg on {day}")
    for label, value in (("at the start of", s.p_pre), ("after", s.p_post)):
        if value is not None and value >= RESCREEN_PAIN:
            causes.append(f"pain {label} the session was {value}/10 on {day}")
    return causes


def _flare_session(log: _Log) -> SessionLog | None:
    """R-3-flare-day: today's newest session that started at a pain of 7 or more."""
    return next(
        (s for s in reversed(log.sessions) if s.date == log.today and s.p_pre >= FLARE_PAIN),
        None,
    )


@dataclass(frozen=True, slots=True)
class _Context:
    """The program-level facts that can override an exercise's own decision."""

    trend: Trend
    trend_words: str
    flare: SessionLog | None
    g4: bool
    progression_allowed: bool


def _with_trend(decision: Decision, reason: str, ctx: _Context) -> tuple[Decision, str]:
    """R-3-trend-regress: a rising trend turns progress or hold into regress;
    R-3-trend-no-progress: a slower rise turns progress into hold."""
    if ctx.trend == "regress" and decision in ("progress", "hold"):
        return "regress", f"stepped back: {ctx.trend_words} (otherwise {reason})"
    if ctx.trend == "no-progress" and decision == "progress":
        return "hold", f"held: {ctx.trend_words} (otherwise {reason})"
    return decision, reason


def _no_step_up(decision: Decision, reason: str, ctx: _Context) -> tuple[Decision, str]:
    """Nothing steps up on a flare day (R-3-flare-day), under G4 (R-1-g4), or when the screen
    allows no progression (R-1-effect-gp)."""
    if decision != "progress":
        return decision, reason
    if ctx.flare is not None:
        return "hold", (
            f"held: today is a flare day (pain {ctx.flare.p_pre}/10 at the start "
            f"of today's session), so nothing steps up today (otherwise {reason})"
        )
    if ctx.g4:
        return "hold", (
            f"held: {G4_WORDS}, so doses stay as they are until a doctor has seen you "
            f"(otherwise {reason})"
        )
    if not ctx.progression_allowed:
        return "hold", (
            "held: your safety screen asks you to see a doctor, so doses stay as they "
            f"are (otherwise {reason})"
        )
    return decision, reason


def _exercise_result(
    log: _Log,
    exercise_id: str,
    sightings: tuple[tuple[int, ExerciseLog], ...],
    last_progressed: date | None,
    ctx: _Context,
) -> ExerciseDecision:
    """One exercise's decision (R-3-decide-*), then the program's overrides in order."""
    lights = [(log.light(i, e), e.completed) for i, e in sightings]
    decision, reason = exercise_decision(
        lights, log.name_of(exercise_id), log.today, last_progressed
    )
    decision, reason = _no_step_up(*_with_trend(decision, reason, ctx), ctx)
    last_light = lights[-1][0]
    return ExerciseDecision(
        exercise=exercise_id,
        colour=last_light.colour,
        decision=decision,
        reason=reason,
        provisional=last_light.provisional,
    )


def _pause_causes(week: _LastWeek) -> list[str]:
    """R-3-program-pause: why the program pauses, in words (empty: it continues)."""
    causes: list[str] = []
    red_dates = week.red_dates
    if len(red_dates) >= PAUSE_RED_DAYS:
        causes.append(
            "red sessions on "
            f"{len(red_dates)} different days in the last 7 days ("
            + ", ".join(day_name(d) for d in red_dates)
            + ")"
        )
    if week.high_next is not None:
        causes.append(
            f"pain the morning after the session of {day_name(week.high_next.date)} "
            f"was {week.high_next.p_next}/10"
        )
    return causes


def _action_words(pause_causes: list[str], week: _LastWeek, any_session: bool) -> str:
    """The program action in words: paused and why, or why it continues."""
    if pause_causes:
        return (
            "paused: "
            + " and ".join(pause_causes)
            + "; please answer the safety screen again before going on, and the program "
            "goes back to phase 1"
        )
    red = len(week.red_dates)
    if not any_session:
        return "continue: no sessions logged yet"
    if red:
        days = f"{red} day{'s' if red > 1 else ''}"
        return f"continue: red sessions on {days} in the last 7 days, fewer than 3"
    return "continue: no red sessions in the last 7 days"


def _program_decision(log: _Log, week: _LastWeek, ctx: _Context) -> ProgramDecision:
    """R-3-program-pause, with the trend, the flare day, G4 and R-1-rescreen in the reason."""
    pause_causes = _pause_causes(week)
    action: ProgramAction = "pause" if pause_causes else "continue"
    parts = [_action_words(pause_causes, week, bool(log.sessions))]
    parts.append(f"trend {ctx.trend}: {ctx.trend_words}")
    if ctx.flare is not None:
        parts.append(
            f"today is a flare day (pain {ctx.flare.p_pre}/10 at the start of today's "
            "session): do the flare routine, nothing steps up today"
        )
    if ctx.g4:
        parts.append(
            f"{G4_WORDS}: please see your doctor within 2 weeks; gentle phase-1 routines only "
            "until then"
        )
    causes = week.rescreen_causes
    if causes and action != "pause":
        parts.append("please answer the safety screen again: " + "; ".join(dict.fromkeys(causes)))
    return ProgramDecision(
        action=action,
        trend=ctx.trend,
        reason="; ".join(parts) + ".",
        flare_today=ctx.flare is not None,
        g4=ctx.g4,
        rescreen=action == "pause" or bool(causes),
        back_to_phase_1=action == "pause",
    )


def decide(
    history: History,
    catalog: Catalog | None = None,
    *,
    progression_allowed: bool = True,
) -> Decisions:
    """Decide, for every exercise in the history, whether to progress, hold, regress or pause,
    and whether the program continues (docs/clinical-rules.md section 3).

    ``catalog`` gives the exercises' names for the reasons (ids are used without it); an id
    not in it raises ``catalog.UnknownId``. ``progression_allowed=False`` (a ``gp`` screen
    outcome, R-1-effect-gp) turns every ``progress`` into ``hold``.

    Order of application: per-exercise decisions (R-3-decide-*); the weekly trend
    (R-3-trend-regress, R-3-trend-no-progress); then no step up on a flare day
    (R-3-flare-day), under G4 (R-1-g4) or when progression is not allowed. The program pause
    (R-3-program-pause) does not change per-exercise decisions: they are still reported.
    """
    log = _Log(history, catalog)
    last_two = _last_two_sessions(log.sessions)
    week = _last_week(log)
    trend, trend_words = weekly_trend(log.sessions, log.dates, log.today)
    ctx = _Context(
        trend=trend,
        trend_words=trend_words,
        flare=_flare_session(log),
        g4=bool(log.sessions) and _g4(log.sessions, log.dates, log.today),
        progression_allowed=progression_allowed,
    )
    results = tuple(
        _exercise_result(log, exercise_id, sightings, history.last_progressed.get(exercise_id), ctx)
        for exercise_id, sightings in last_two.items()
    )
    return Decisions(program=_program_decision(log, week, ctx), exercises=results)


# --------------------------------------------------------------------------------------------
# Section 4: the dosage ladder


@dataclass(frozen=True, slots=True)
class Dose:
    """A prescribed dose of one exercise: single values, not ranges.

    ``hold_s`` and ``reps`` are None when the exercise's dosage has no such range (a hold-only
    stretch has no repetitions: it is held once, or once per side); ``sets`` is at least 1.
    """

    exercise: str
    hold_s: int | None
    reps: int | None
    sets: int
    per_side: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "exercise": self.exercise,
            "hold_s": self.hold_s,
            "reps": self.reps,
            "sets": self.sets,
            "per_side": self.per_side,
        }


def sets_range(exercise: Exercise) -> tuple[int, int]:
    """The sets range of an exercise; ``1-3`` when the source gives none (R-4-sets-default)."""
    sets = exercise.dosage.sets
    return (sets.low, sets.high) if sets is not None else DEFAULT_SETS


def starting_dose(exercise: Exercise) -> Dose:
    """R-4-start-bottom: a new exercise starts at the bottom of its range."""
    d = exercise.dosage
    return Dose(
        exercise=exercise.id,
        hold_s=d.hold_s.low if d.hold_s else None,
        reps=d.reps.low if d.reps else None,
        sets=sets_range(exercise)[0],
        per_side=d.per_side,
    )


def top_dose(exercise: Exercise) -> Dose:
    """The top of an exercise's range (where a step down to an easier variant lands)."""
    d = exercise.dosage
    return Dose(
        exercise=exercise.id,
        hold_s=d.hold_s.high if d.hold_s else None,
        reps=d.reps.high if d.reps else None,
        sets=sets_range(exercise)[1],
        per_side=d.per_side,
    )


def at_top(dose: Dose, exercise: Exercise) -> bool:
    """Every ranged variable of the dose is at the top of its range (R-5-advance)."""
    return step_up_within(dose, exercise) is None


@dataclass(frozen=True, slots=True)
class Step:
    """The result of one step on the ladder: the new dose and what changed, in plain words."""

    dose: Dose
    changed: Literal["hold_s", "reps", "sets", "variant"] | None
    reason: str


def step_up_within(dose: Dose, exercise: Exercise) -> Step | None:
    """One step up inside the exercise's own ranges, or None at the top of all of them.

    R-4-step-up-order: (1) repetitions +2, or for a hold-based exercise hold +5 s, up to the top
    of the range; (2) sets +1 up to the top of the sets range (3 when none is given). For an
    exercise with both a hold and a repetition range, the hold is raised first and then the
    repetitions (one variable per step: R-4-one-variable).
    """
    d = exercise.dosage
    name = exercise.name
    if d.hold_s is not None and dose.hold_s is not None and dose.hold_s < d.hold_s.high:
        new = min(dose.hold_s + HOLD_STEP, d.hold_s.high)
        return Step(replace(dose, hold_s=new), "hold_s", f"{name}: hold {dose.hold_s} s -> {new} s")
    if d.reps is not None and dose.reps is not None and dose.reps < d.reps.high:
        new = min(dose.reps + REPS_STEP, d.reps.high)
        return Step(replace(dose, reps=new), "reps", f"{name}: repetitions {dose.reps} -> {new}")
    top_sets = sets_range(exercise)[1]
    if dose.sets < top_sets:
        return Step(
            replace(dose, sets=dose.sets + 1),
            "sets",
            f"{name}: sets {dose.sets} -> {dose.sets + 1}",
        )
    return None


def step_up(
    dose: Dose,
    catalog: Catalog,
    allowed: Callable[[Exercise], bool] | None = None,
) -> Step:
    """One step up the ladder (R-4-step-up-order): within the ranges, then (3) the next harder
    variant at the bottom of its range. ``allowed`` filters variants (the user's constraints,
    R-4-variant-constraints).
    At the very top the dose is unchanged (``changed`` is None)."""
    exercise = catalog.exercise(dose.exercise)
    step = step_up_within(dose, exercise)
    if step is not None:
        return step
    variant = _first_allowed(exercise.harder, catalog, allowed)
    if variant is None:
        return Step(dose, None, f"{exercise.name} is at the top of its ladder")
    words = f"{exercise.name} -> {variant.name}, at the bottom of its range"
    return Step(starting_dose(variant), "variant", words)


def step_down(
    dose: Dose,
    catalog: Catalog,
    allowed: Callable[[Exercise], bool] | None = None,
) -> Step:
    """One step down the ladder (R-4-step-down-order), the reverse of a step up: sets -1 (not
    below 1), then repetitions -2 (not below the bottom of the range), then hold -5 s (not below
    the bottom), then the next easier variant at the top of its range. At the very bottom the
    dose is unchanged (``changed`` is None)."""
    exercise = catalog.exercise(dose.exercise)
    d = exercise.dosage
    name = exercise.name
    if dose.sets > 1:
        return Step(
            replace(dose, sets=dose.sets - 1),
            "sets",
            f"{name}: sets {dose.sets} -> {dose.sets - 1}",
        )
    if d.reps is not None and dose.reps is not None and dose.reps > d.reps.low:
        new = max(dose.reps - REPS_STEP, d.reps.low)
        return Step(replace(dose, reps=new), "reps", f"{name}: repetitions {dose.reps} -> {new}")
    if d.hold_s is not None and dose.hold_s is not None and dose.hold_s > d.hold_s.low:
        new = max(dose.hold_s - HOLD_STEP, d.hold_s.low)
        return Step(replace(dose, hold_s=new), "hold_s", f"{name}: hold {dose.hold_s} s -> {new} s")
    variant = _first_allowed(exercise.easier, catalog, allowed)
    if variant is None:
        return Step(dose, None, f"{exercise.name} is at the bottom of its ladder")
    words = f"{exercise.name} -> {variant.name}, at the top of its range"
    return Step(top_dose(variant), "variant", words)


def _first_allowed(
    variant_ids: Iterable[str], catalog: Catalog, allowed: Callable[[Exercise], bool] | None
) -> Exercise | None:
    """The nearest variant in the catalog that the person can do (R-4-variant-constraints)."""
    for variant_id in variant_ids:
        if variant_id in catalog:
            variant = catalog.exercise(variant_id)
            if allowed is None or allowed(variant):
                return variant
    return None


def apply_decision(
    decision: Decision,
    dose: Dose,
    catalog: Catalog,
    allowed: Callable[[Exercise], bool] | None = None,
) -> Step:
    """The dose after a decision: progress one step up, regress one step down, hold or pause
    unchanged (a paused exercise keeps its dose for when it is resumed)."""
    if decision == "progress":
        return step_up(dose, catalog, allowed)
    if decision == "regress":
        return step_down(dose, catalog, allowed)
    return Step(dose, None, f"{catalog.exercise(dose.exercise).name}: {decision}")


# --------------------------------------------------------------------------------------------
# Section 5: phases


@dataclass(frozen=True, slots=True)
class Gate:
    """Whether a phase may advance, with every condition's result in plain words."""

    advance: bool
    reasons: tuple[str, ...]


def phase_gate(
    phase: int,
    entered: date,
    history: History,
    planned_sessions: int,
    doses: Iterable[Dose],
    catalog: Catalog,
    *,
    progression_allowed: bool = True,
) -> Gate:
    """R-5-advance: advance a phase when all hold: at least 14 days in the phase; adherence of
    at least 80 % of the sessions planned in the last 14 days; no red in the last 7 days; and
    most (more than half) of the phase's exercises at the top of their range.

    ``doses`` are the current doses of the program's exercises; those whose exercise belongs to
    ``phase`` are counted. Phase 3 is the last; a ``gp`` outcome (``progression_allowed`` False)
    keeps phase 1 (R-1-effect-gp). With no sessions planned, adherence cannot be shown and the
    gate stays closed (cautious).
    """
    if phase >= 3:
        return Gate(False, ("phase 3 is the last phase",))
    if not progression_allowed:
        return Gate(False, ("your safety screen keeps you in phase 1 until a doctor has seen you",))
    checks = (
        _days_in_phase(phase, (history.today - entered).days),
        _adherence(history, planned_sessions),
        _no_red_last_week(history),
        _most_at_top(phase, doses, catalog),
    )
    return Gate(all(ok for ok, _ in checks), tuple(reason for _, reason in checks))


def _days_in_phase(phase: int, days_in: int) -> tuple[bool, str]:
    """R-5-advance: at least 14 days in the phase."""
    if days_in < ADVANCE_MIN_DAYS:
        return False, f"{days_in} days in phase {phase}, fewer than {ADVANCE_MIN_DAYS}"
    return True, f"{days_in} days in phase {phase}"


def _adherence(history: History, planned_sessions: int) -> tuple[bool, str]:
    """R-5-advance: at least 80 % of the sessions planned in the last 14 days done (with none
    planned, adherence cannot be shown)."""
    today = history.today
    start = today - timedelta(days=13)
    done = sum(1 for s in history.sessions if start <= s.date <= today)
    words = f"{done} of {planned_sessions} planned sessions done in the last 14 days"
    num, den = ADVANCE_ADHERENCE
    if planned_sessions <= 0 or done * den < planned_sessions * num:
        return False, f"{words}, fewer than 80%"
    return True, words


def _no_red_last_week(history: History) -> tuple[bool, str]:
    """R-5-advance: no red session in the last 7 days."""
    log = _Log(history, None)
    week = history.today - timedelta(days=6)
    reds = [
        s.date
        for index, s in enumerate(log.sessions)
        if s.date >= week and any(log.colour(index, e)[0] == "red" for e in s.exercises)
    ]
    if reds:
        return False, f"a red session in the last 7 days ({day_name(reds[-1])})"
    return True, "no red session in the last 7 days"


def _most_at_top(phase: int, doses: Iterable[Dose], catalog: Catalog) -> tuple[bool, str]:
    """R-5-advance: most (more than half) of the phase's exercises at the top of their range."""
    members = [d for d in doses if phase in catalog.exercise(d.exercise).phases]
    top = sum(1 for d in members if at_top(d, catalog.exercise(d.exercise)))
    words = f"{top} of {len(members)} phase-{phase} exercises at the top of their range"
    if not members or 2 * top <= len(members):
        return False, f"{words}, not most"
    return True, words


def phase_after_pause(phase: int) -> int:
    """R-5-pause-phase1: a program pause returns the user to phase 1."""
    del phase
    return 1
