"""``supple go``: the guided session in the terminal, hands-free.

For each exercise: its steps, a get-ready countdown, then hold countdowns or a beat for the
repetitions, "switch sides" and rests, with a bell at each change and spoken cues through
espeak-ng when it is installed. Keys (no Enter needed on a terminal): p or space pause, s skip,
q quit. Pain prompts take one key: 0-9, and t for 10; y/n for symptoms spreading down a leg.

Nothing is lost: the session, each exercise and the end are written as they happen through
the program services with ids made here (uuid4). Ctrl-C, a closed terminal (SIGHUP) or SIGTERM
end the session as "stopped" and keep everything logged so far.

The timing model is the planner's (R-PLAN-time-model), so the session lasts what the plan said.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from supple.commands import CommandError
from supple.commands.keys import Clock, Keys
from supple.commands.terminal import hanging

if TYPE_CHECKING:
    from supple.accounts.models import User
    from supple.domain.catalog import Exercise

# The longest a countdown waits for a key before it redraws (real seconds).
TICK = 0.1
# Pain at or above this during an exercise, or symptoms spreading, end the session (the more
# cautious reading of docs/clinical-rules.md section 10: "stop and seek advice").
STOP_PAIN = 8

Outcome = Literal["done", "skip", "quit"]


class TerminalClosed(BaseException):
    """The terminal went away (SIGHUP) or the session was told to end (SIGTERM)."""


@dataclass(frozen=True, slots=True)
class Beat:
    """One timed part of an exercise: get ready, a hold, the repetitions, a switch, a rest."""

    kind: Literal["ready", "hold", "relax", "reps", "move", "switch", "rest"]
    seconds: float
    label: str
    cue: str | None = None
    reps: int = 0
    # Seconds per repetition (reps only).
    pace: float = 0.0
    # Counts as work done (not a get-ready, a switch or a rest).
    work: bool = True


def timeline(item: Mapping[str, Any], exercise: Exercise) -> list[Beat]:
    """The beats of one plan item, in order: the domain's timeline (``supple.domain.timeline``,
    the planner's time model, R-PLAN-time-model), with the terminal's labels and cues."""
    from supple.domain import timeline as domain_timeline
    from supple.domain.progression import Dose

    dose = Dose(
        exercise.id,
        item.get("hold_s"),
        item.get("reps"),
        max(1, int(item.get("sets") or 1)),
        bool(item.get("per_side")),
    )
    beats = []
    first_hold = True
    for segment in domain_timeline.build(exercise.kind, dose):
        cue: str | None = _CUES.get(segment.kind, segment.title)
        label = _join(segment.where, segment.title)
        if segment.kind == "ready":
            cue = f"Get ready: {exercise.name}"
        elif segment.kind == "hold":
            cue = "Hold" if first_hold else "Again"
            label = segment.where if "Hold " in segment.where else label
        elif segment.kind == "reps":
            label = _join(segment.where, f"{segment.reps} repetitions")
        elif segment.kind in ("switch", "rest"):
            label = segment.title
        # A new set or side starts its holds with "Hold" again.
        first_hold = segment.kind in ("rest", "switch", "ready")
        beats.append(
            Beat(
                segment.kind,
                float(segment.seconds),
                label,
                cue,
                reps=segment.reps,
                pace=float(segment.pace),
                work=segment.work,
            )
        )
    return beats


_CUES = {"relax": "Relax", "reps": "Begin", "move": "Begin"}


def _join(where: str, what: str) -> str:
    return f"{where} · {what}" if where else what


def timeline_seconds(beats: list[Beat]) -> float:
    return sum(b.seconds for b in beats)


# --------------------------------------------------------------------------------------------
# Cues: a bell and, when espeak-ng is installed, a voice


class Voice:
    """Spoken cues through espeak-ng, one at a time (a new cue cuts the previous one short)."""

    def __init__(self, wanted: bool | None) -> None:
        self.program = shutil.which("espeak-ng") if wanted is not False else None
        self.missing = wanted is True and self.program is None
        self._process: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        if self.program is None:
            return
        self.stop()
        try:
            self._process = subprocess.Popen(
                [self.program, "-s", "150", text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.program = None  # gone or broken: go on silently

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
        self._process = None


NUMBERS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)


def spoken_number(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def spoken_duration(seconds: float) -> str:
    """A duration in words for the voice: "1 minute", "30 seconds", "2 minutes 30 seconds"."""
    minutes, secs = divmod(round(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


# Beats that are the exercise itself: their seconds count as time done.
WORK_KINDS = frozenset({"hold", "reps", "move"})


def worded(beat: Beat, exercise_kind: str) -> Beat:
    """A breathing or functional exercise (the body scan, a walk) is done for a time, not held:
    its timed beat is shown and spoken as a duration ("For 1 min"), as its dose is written."""
    from supple.domain.timeline import TIMED_KINDS

    if beat.kind != "hold" or exercise_kind not in TIMED_KINDS:
        return beat
    words = f"For {_seconds(beat.seconds)}"
    label = beat.label.replace("Hold", words, 1) if "Hold" in beat.label else words
    cue = f"Begin, for {spoken_duration(beat.seconds)}" if beat.cue == "Hold" else beat.cue
    return Beat(beat.kind, beat.seconds, label, cue, beat.reps, beat.pace, beat.work)


@dataclass(slots=True)
class Done:
    """How much of one exercise was done so far, updated as the beats run."""

    total_s: float = 0.0
    total_reps: int = 0
    seconds: float = 0.0
    reps: int = 0
    started: bool = False
    finished: bool = False

    def describe(self) -> str:
        """ "45 s of 1 min", "4 of 10 repetitions" (what a partly done exercise kept)."""
        if self.total_reps and self.reps:
            return f"{self.reps} of {self.total_reps} repetitions"
        return f"{_seconds(self.seconds)} of {_seconds(self.total_s)}"


def plan_totals(beats: list[Beat]) -> tuple[float, int]:
    """Seconds of work and holds or repetitions in an exercise's beats."""
    seconds = sum(b.seconds for b in beats if b.kind in WORK_KINDS)
    reps = sum(b.reps if b.kind == "reps" else 1 for b in beats if b.kind in ("hold", "reps"))
    return seconds, reps


class Player:
    """Runs the beats of one exercise after another on ``out`` (a rich Console), reading keys
    from ``keys`` and time from ``clock``."""

    def __init__(
        self,
        out: Any,
        keys: Keys,
        clock: Clock,
        voice: Voice,
        *,
        live: bool,
    ) -> None:
        self.out = out
        self.keys = keys
        self.clock = clock
        self.voice = voice
        self.live = live
        from supple.library.services import current_catalog

        self.catalog = current_catalog()

    def cue(self, text: str | None) -> None:
        self.out.bell()
        if text:
            self.voice.say(text)

    def introduce(self, n: int, total: int, item: Mapping[str, Any], exercise: Exercise) -> None:
        from rich.text import Text

        from supple.commands.terminal import dose_text, minutes_text

        self.out.rule(Text(f"Exercise {n} of {total}: {exercise.name}", style="bold"))
        about = minutes_text(int(item.get("seconds", 0)))
        self.out.print(Text(f"{dose_text(item, self.catalog)} · about {about}"))
        for number, step in enumerate(exercise.steps, start=1):
            self.out.print(hanging(f"  {number}. ", step))
        for caution in exercise.cautions:
            self.out.print(hanging("  Take care: ", caution, "yellow"))
        self.out.print(
            Text("Keys: p or space pause · s skip · q quit", style="dim"), highlight=False
        )

    def run_exercise(
        self, n: int, total: int, item: Mapping[str, Any], exercise: Exercise, done: Done
    ) -> Outcome:
        """Run every beat, keeping ``done`` up to date (an interruption keeps what it says)."""
        self.introduce(n, total, item, exercise)
        beats = [worded(beat, exercise.kind) for beat in timeline(item, exercise)]
        done.total_s, done.total_reps = plan_totals(beats)
        for beat in beats:
            action = self.run_beat(beat, exercise.name, n, total, done)
            if action is not None:
                return action
        done.finished = True
        self.cue("Done")
        return "done"

    def run_beat(self, beat: Beat, name: str, n: int, total: int, done: Done) -> Outcome | None:
        self.cue(beat.cue)
        if not self.live:
            self.out.print(f"{beat.label}: {_seconds(beat.seconds)}", highlight=False)
        work = beat.kind in WORK_KINDS
        # Work has begun once a hold or the repetitions start (not during a get-ready).
        done.started = done.started or work
        seconds_before, reps_before = done.seconds, done.reps
        display = self._live(beat, name, n, total) if self.live else _no_display()
        with display as update:
            start = self.clock.now()
            paused = 0.0
            shown: tuple[int, int] | None = None
            while True:
                elapsed = self.clock.now() - start - paused
                if work:
                    done.seconds = seconds_before + min(elapsed, beat.seconds)
                if beat.kind == "reps" and beat.pace:
                    done.reps = reps_before + min(int(elapsed // beat.pace), beat.reps)
                if elapsed >= beat.seconds:
                    if beat.kind == "hold":
                        done.reps = reps_before + 1
                    return None
                remaining = beat.seconds - elapsed
                rep = int(elapsed // beat.pace) + 1 if beat.kind == "reps" and beat.pace else 0
                state = (int(remaining + 0.999), rep)
                if state != shown:
                    if rep and (shown is None or rep != shown[1]):
                        self.voice.say(spoken_number(rep))
                        if not self.live:
                            self.out.print(f"  {rep}", highlight=False)
                    elif not self.live and not rep and shown is not None:
                        self.tell_left(shown[0], state[0])
                    update(remaining, rep, paused=False)
                    shown = state
                key = self.keys.read_key(min(TICK, self.clock.real(remaining)))
                action = _key_action(key)
                if action == "pause":
                    started = self.clock.now()
                    update(remaining, rep, paused=True)
                    self.voice.say("Paused")
                    resumed = self.wait_paused()
                    paused += self.clock.now() - started
                    shown = None
                    if resumed is not None:
                        return resumed
                elif action is not None:
                    return action

    def tell_left(self, before: int, now: int) -> None:
        """Without a live display, the time left every 10 seconds of a long countdown."""
        mark = (before - 1) // 10 * 10
        if mark > 0 and now <= mark:
            self.out.print(f"  {_seconds(mark)} left", highlight=False)

    def wait_paused(self) -> Outcome | None:
        if not self.live:
            self.out.print("Paused: p or space to go on, s to skip, q to quit.")
        while True:
            action = _key_action(self.keys.read_key(0.5))
            if action == "pause":
                self.cue("Go on")
                return None
            if action is not None:
                return action

    def screen(
        self, beat: Beat, name: str, n: int, total: int, remaining: float, rep: int, *, paused: bool
    ) -> Any:
        """The live area: five lines, each cut to the terminal's width (a wrapped line would
        be drawn again below instead of replaced)."""
        from rich.console import Group
        from rich.text import Text

        big = _countdown(int(remaining + 0.999))
        if beat.kind == "reps" and rep:
            half = ((beat.seconds - remaining) % beat.pace) < beat.pace / 2
            motion = (
                ("breathe in" if half else "breathe out")
                if beat.pace >= 6
                else ("move" if half else "back")
            )
            big = f"{min(rep, beat.reps)} of {beat.reps}  ({motion})"
        state = "PAUSED: p or space to go on, s skip, q quit" if paused else ""
        width = max(10, int(self.out.width or 80))
        # Each line fits the terminal: a wrapped line would be drawn again, not replaced.
        return Group(
            *(
                Text(text, style=style, no_wrap=True, overflow="ellipsis")
                for text, style in (
                    (f"{name} ({n} of {total})", "bold"),
                    (beat.label, "bold cyan"),
                    (big, "bold"),
                )
            ),
            progress_line(1 - remaining / beat.seconds if beat.seconds else 1.0, bar_width(width)),
            Text(
                state or "p or space pause · s skip · q quit",
                style="dim",
                no_wrap=True,
                overflow="ellipsis",
            ),
        )

    @contextmanager
    def _live(self, beat: Beat, name: str, n: int, total: int) -> Iterator[Callable[..., None]]:
        from rich.live import Live

        def render(remaining: float, rep: int, *, paused: bool) -> Any:
            return self.screen(beat, name, n, total, remaining, rep, paused=paused)

        with Live(
            render(beat.seconds, 0, paused=False),
            console=self.out,
            auto_refresh=False,
            transient=True,
            vertical_overflow="crop",
        ) as live:

            def update(remaining: float, rep: int, *, paused: bool) -> None:
                live.update(render(remaining, rep, paused=paused), refresh=True)

            yield update


def bar_width(columns: int) -> int:
    """The bar takes the terminal's width (less a margin), from 10 to 60 characters."""
    return max(10, min(60, columns - 2))


def progress_line(done: float, width: int = 40) -> Any:
    """A bar of block characters, filled by ``done`` (0-1), on a line of its own."""
    from rich.text import Text

    filled = round(min(max(done, 0.0), 1.0) * width)
    return Text("█" * filled + "░" * (width - filled), style="cyan", no_wrap=True)


@contextmanager
def _no_display() -> Iterator[Callable[..., None]]:
    def update(remaining: float, rep: int, *, paused: bool) -> None:
        return None

    yield update


def _countdown(seconds: int) -> str:
    """Seconds left as shown: "45 s", and "14:57" from a minute up."""
    from supple.domain.timeline import clock

    return clock(seconds) if seconds >= 60 else f"{seconds} s"


def _seconds(seconds: float) -> str:
    from supple.domain.dosage import format_seconds

    return str(format_seconds(int(seconds)))


def _key_action(key: str | None) -> Literal["pause", "skip", "quit"] | None:
    if not key:
        return None
    first = key[0].lower()
    if first in ("p", " "):
        return "pause"
    if first == "s":
        return "skip"
    if first == "q":
        return "quit"
    return None


# --------------------------------------------------------------------------------------------
# The command


@contextmanager
def ending_signals(out: Any) -> Iterator[None]:
    """SIGHUP (the terminal closed) and SIGTERM end the session like Ctrl-C does, and send
    further output nowhere: the terminal may be gone."""

    def handler(signum: int, frame: object) -> None:
        import os

        with suppress(OSError):
            out.file = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
        raise TerminalClosed(signum)

    previous = {}
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def run_go(
    args: argparse.Namespace, *, keys: Keys | None = None, clock: Clock | None = None
) -> int:
    from supple.commands.user_database import run_live

    return run_live(
        args,
        lambda out, user, keys, clock: GoSession(args, out, user, keys, clock),
        keys=keys,
        clock=clock,
        max_speed=10000,
    )


@dataclass(slots=True)
class Current:
    """The exercise under way: logged whole, partly done or skipped on any way out."""

    position: int
    exercise: str
    name: str
    done: Done
    p_during: int | None = None
    spread: bool | None = None
    client_id: str = ""


def _count(n: int) -> str:
    return f"{n} exercise{'s' if n != 1 else ''}"


def print_plan(out: Any, items: list[Any], catalog: Any) -> None:
    """The plan, one exercise a line, wrapped lines indented under the name."""
    from supple.commands.terminal import NARROW, join_parts

    width = int(out.width or 80)
    for line in plan_lines(items, catalog):
        number, _, text = line.partition(" ")
        lead = f"  {number} "
        if width >= NARROW:
            out.print(hanging(lead, text))
            continue
        # Narrow: the name, then the dose and time under it, a time never cut in two.
        name, *parts = text.split(" · ")
        out.print(hanging(lead, name))
        for rest in join_parts(parts, width - len(lead)):
            out.print(hanging(" " * len(lead), rest))


def plan_lines(items: list[Any], catalog: Any) -> list[str]:
    """The plan, one exercise a line: "1. Bridge · Hold 15 s · 3 reps · about 1 min"."""
    from supple.commands.terminal import dose_text, minutes_text

    def get(item: Any, key: str) -> Any:
        return item.get(key) if isinstance(item, dict) else getattr(item, key, None)

    lines = []
    for n, item in enumerate(items, start=1):
        exercise_id = str(get(item, "exercise"))
        name = catalog.exercise(exercise_id).name if exercise_id in catalog else exercise_id
        seconds = int(get(item, "seconds") or 0)
        lines.append(f"{n}. {name} · {dose_text(item, catalog)} · about {minutes_text(seconds)}")
    return lines


def plan_key(items: list[Any]) -> list[tuple[Any, ...]]:
    def get(item: Any, key: str) -> Any:
        return item.get(key) if isinstance(item, dict) else getattr(item, key, None)

    return [
        tuple(get(item, k) for k in ("exercise", "hold_s", "reps", "sets", "per_side"))
        for item in items
    ]


class GoSession:
    def __init__(
        self, args: argparse.Namespace, out: Any, user: User, keys: Keys, clock: Clock
    ) -> None:
        self.args = args
        self.out = out
        self.user = user
        self.keys = keys
        self.clock = clock
        self.voice = Voice(args.voice)
        self.session_id: str | None = None
        self.plan_size = 0
        self.finished = False
        self.current: Current | None = None
        # What was stored, in words, for the closing message.
        self.saved: list[str] = []
        self.logged = 0
        self.ended_as = ""

    def run(self) -> int:
        from supple.commands.start import show_screen_outcome
        from supple.commands.terminal import ask_pain_key, local_today, minutes_text
        from supple.commands.today import safety_lines
        from supple.commands.user_database import current_time
        from supple.library.services import current_catalog
        from supple.programs import services

        out = self.out
        if self.voice.missing:
            out.print("espeak-ng is not installed: no spoken cues (the bell still rings).")
        if services.morning_check_due(self.user, local_today(current_time())) is not None:
            p_next = ask_pain_key(
                out,
                self.keys,
                "First, yesterday's check: how was your back pain on waking? (0-9, t = 10)",
            )
            assert p_next is not None
            services.log_morning(self.user, p_next, current_time())
        now = current_time()
        today = services.today_for(self.user, now, flare=True if self.args.flare else None)
        status = today.status
        if status.locked_until is not None:
            show_screen_outcome(out, "emergency", status.message)
            return 1
        if not status.may_exercise:
            for line, style in safety_lines(status, today.program, local_today(now)):
                from rich.text import Text

                out.print(Text(line, style=style))
            if status.latest is None:
                out.print("Answer the safety questions first: `supple start`.")
            return 1
        plan = today.plan
        if plan is None or plan.blocked is not None or not plan.items:
            out.print("There is no exercise in today's plan.")
            for note in plan.notes if plan else ():
                out.print(f"- {note}", markup=False)
            return 1
        catalog = current_catalog()
        out.print(
            f"Today: {_count(len(plan.items))}, about {minutes_text(plan.seconds)}"
            + (" (flare-day routine):" if plan.flare else ":"),
            markup=False,
        )
        print_plan(out, list(plan.items), catalog)
        with ending_signals(out):
            try:
                p_pre = ask_pain_key(
                    out, self.keys, "How is your back pain right now? (0-9, t = 10)"
                )
                assert p_pre is not None
                self.session_id = str(uuid.uuid4())
                session = services.start_session(
                    self.user,
                    self.session_id,
                    p_pre=p_pre,
                    now=current_time(),
                    flare=self.args.flare,
                    source="cli",
                )
                self.plan_size = len(session.plan)
                if plan_key(session.plan) != plan_key(list(plan.items)):
                    self.announce_change(plan.flare, session.flare, session.plan, catalog)
                return self.exercises(session.plan)
            except KeyboardInterrupt:
                self.end_early()
                self.say_saved()
                return 130
            except EOFError:
                # Ctrl-D in the terminal, or the end of piped input.
                self.end_early()
                self.say_saved()
                raise CommandError("standard input closed: the session ended there") from None
            except TerminalClosed as closed:
                self.end_early()
                return 128 + int(closed.args[0]) if closed.args else 129
            except BaseException:
                # End of input (a CommandError from a prompt) or a failure: keep what was
                # done, say so, and let the error be reported on its line.
                self.end_early()
                self.say_saved()
                raise
            finally:
                self.voice.stop()

    def announce_change(
        self, was_flare: bool, flare: bool, items: list[dict[str, Any]], catalog: Any
    ) -> None:
        if flare and not was_flare:
            why = "A pain of 7 or more: today is a flare day, with the gentle routine instead."
        elif was_flare and not flare:
            why = "A pain below 7: back to your usual routine today."
        else:
            why = "Your plan changed as the session began (your latest results count now)."
        self.out.print(why, style="bold", markup=False)
        seconds = sum(int(item.get("seconds") or 0) for item in items)
        from supple.commands.terminal import minutes_text

        self.out.print(
            f"The plan now: {_count(len(items))}, about {minutes_text(seconds)}:", markup=False
        )
        print_plan(self.out, items, catalog)

    def exercises(self, plan: list[dict[str, Any]]) -> int:
        from supple.commands.terminal import ask_pain_key, ask_yes_no_key
        from supple.commands.user_database import current_time
        from supple.library.services import current_catalog
        from supple.programs import services

        assert self.session_id is not None
        catalog = current_catalog()
        player = Player(
            self.out,
            self.keys,
            self.clock,
            self.voice,
            live=not self.args.plain and bool(self.out.is_terminal),
        )
        done = partly = skipped = 0
        stop_reason: str | None = None
        quit_early = False
        for position, item in enumerate(plan):
            exercise = catalog.exercise(item["exercise"])
            current = Current(
                position, item["exercise"], exercise.name, Done(), client_id=str(uuid.uuid4())
            )
            self.current = current
            outcome = player.run_exercise(position + 1, len(plan), item, exercise, current.done)
            if current.done.finished or current.done.started:
                current.p_during = ask_pain_key(
                    self.out,
                    self.keys,
                    f"Worst pain during {exercise.name}? (0-9, t = 10)",
                )
                current.spread = ask_yes_no_key(self.out, self.keys, "Did it spread down your leg?")
                p_during = current.p_during
                if current.spread or (p_during is not None and p_during >= STOP_PAIN):
                    stop_reason = (
                        "symptoms spread down your leg"
                        if current.spread
                        else f"a pain of {p_during}/10 during {exercise.name}"
                    )
            kind = self.log_current()
            if kind == "skipped":
                skipped += 1
                self.out.print(f"Skipped {exercise.name}.")
            elif kind == "partly done":
                partly += 1
            else:
                done += 1
            services.save_position(
                self.user, self.session_id, {"index": position + 1, "stage": "ready"}
            )
            if stop_reason is not None:
                self.out.print(
                    f"Stop here for today: {stop_reason}. Rest, and seek advice if it does not "
                    "settle. The safety questions come first next time.",
                    style="bold red",
                    markup=False,
                )
                break
            if outcome == "quit":
                quit_early = True
                break
        stopped = quit_early or stop_reason is not None or done + partly + skipped < len(plan)
        p_post = ask_pain_key(
            self.out,
            self.keys,
            "How is your back pain now? (0-9, t = 10; Enter: not now)",
            optional=True,
        )
        services.finish_session(
            self.user,
            self.session_id,
            now=current_time(),
            p_post=p_post,
            stopped=stopped,
        )
        self.finished = True
        from supple.programs.models import Session
        from supple.programs.services.counts import exercise_counts

        # Counted from what was saved: done, partly done (cut short) and skipped told apart.
        counts = exercise_counts(Session.objects.get(user=self.user, client_id=self.session_id))
        self.out.print(
            f"{'Stopped' if stopped else 'Well done'}: {counts.words()}"
            + ". Saved. Tomorrow morning: `supple morning`.",
            markup=False,
        )
        return 0

    def log_current(self) -> str | None:
        """Store the exercise under way as what it is: done (its pain missing when it was not
        answered, never 0), partly done with the time or repetitions done, or skipped. Returns
        "done", "partly done" or "skipped"; None when there was nothing to store."""
        current = self.current
        if current is None or self.session_id is None:
            return None
        from supple.commands.user_database import current_time
        from supple.programs import services

        done = current.done
        if done.finished:
            kind = "done"
        elif done.started:
            kind = "partly done"
        else:
            kind = "skipped"
        amounts: dict[str, Any] = {}
        if kind != "skipped":
            amounts = {
                "seconds_done": int(done.seconds),
                "reps_done": done.reps if done.total_reps else None,
                "p_during": current.p_during,
                "spread": bool(current.spread),
                "completed": done.finished,
            }
        services.log_exercise(
            self.user,
            self.session_id,
            current.client_id,
            position=current.position,
            exercise=current.exercise,
            now=current_time(),
            skipped=kind == "skipped",
            **amounts,
        )
        self.current = None
        self.logged += 1
        words = kind
        if kind == "partly done":
            words += f" ({done.describe()})"
        if kind != "skipped":
            pain = "not answered" if current.p_during is None else f"{current.p_during}/10"
            words += f", pain during it {pain}"
        self.saved.append(f"{current.name}: {words}")
        return kind

    def end_early(self) -> None:
        """Keep what was done: the exercise under way, then the session ended as stopped (or
        as done, when every exercise was already logged). Never raises: already ending."""
        if self.session_id is None or self.finished:
            return
        from supple.commands.user_database import current_time
        from supple.programs import services

        with suppress(Exception):
            self.log_current()
        try:
            session = services.finish_session(
                self.user,
                self.session_id,
                now=current_time(),
                p_post=None,
                stopped=self.logged < self.plan_size,
            )
            self.finished = True
            self.ended_as = session.status
        except Exception:  # noqa: S110 - already ending; the logs are saved
            pass

    def say_saved(self) -> None:
        """Exactly what was stored, on the way out."""
        lines: list[Any] = ["", "Stopped."]
        if self.session_id is None:
            lines.append("The session had not begun: nothing to save.")
        elif not self.finished:
            lines.append("The session could not be saved as ended: run `supple today`.")
        else:
            if self.saved:
                lines.append("Saved:")
                lines.extend(hanging("  ", line) for line in self.saved)
            else:
                lines.append("Saved: the session, with no exercise done.")
            ended = "finished" if self.ended_as == "done" else "stopped"
            lines.append(f"The session is saved as {ended}; the pain after it was not answered.")
        with suppress(OSError, ValueError):
            for line in lines:
                self.out.print(line, markup=False, highlight=False)
