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

from supple.commands.keys import Clock, Keys

if TYPE_CHECKING:
    from supple.accounts.models import User
    from supple.domain.catalog import Exercise

# The longest a countdown waits for a key before it redraws (real seconds).
TICK = 0.1
# Pain at or above this during an exercise, or symptoms spreading, end the session (the more
# cautious reading of CLINICAL_RULES.md section 10: "stop and seek advice").
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
    """The beats of one plan item, in order (the planner's time model, R-PLAN-time-model)."""
    from supple.domain import planner

    hold = item.get("hold_s")
    reps = item.get("reps")
    sets = max(1, int(item.get("sets") or 1))
    sides: tuple[str | None, ...] = (
        ("First side", "Other side") if item.get("per_side") else (None,)
    )
    pace = float(planner.REP_SECONDS.get(exercise.kind, 4))
    beats = [
        Beat("ready", planner.GET_READY_S, "Get ready", f"Get ready: {exercise.name}", work=False)
    ]
    for set_number in range(1, sets + 1):
        if set_number > 1:
            beats.append(Beat("rest", planner.REST_BETWEEN_SETS_S, "Rest", "Rest", work=False))
        for side_index, side in enumerate(sides):
            where = " · ".join(
                part
                for part in (f"Set {set_number} of {sets}" if sets > 1 else "", side or "")
                if part
            )
            if side_index > 0:
                beats.append(
                    Beat(
                        "switch", planner.SIDE_SWITCH_S, "Switch sides", "Switch sides", work=False
                    )
                )
            if hold is not None:
                count = int(reps) if reps is not None else 1
                for rep in range(1, count + 1):
                    label = f"Hold {rep} of {count}" if count > 1 else "Hold"
                    beats.append(
                        Beat(
                            "hold",
                            float(hold),
                            _join(where, label),
                            "Hold" if rep == 1 else "Again",
                        )
                    )
                    beats.append(
                        Beat("relax", planner.HOLD_TRANSITION_S, _join(where, "Relax"), "Relax")
                    )
            elif reps is not None:
                beats.append(
                    Beat(
                        "reps",
                        pace * int(reps),
                        _join(where, f"{reps} repetitions"),
                        "Begin",
                        reps=int(reps),
                        pace=pace,
                    )
                )
            else:
                beats.append(
                    Beat("move", planner.UNTIMED_S, _join(where, "At your own pace"), "Begin")
                )
    return beats


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


# --------------------------------------------------------------------------------------------
# The player


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

        from supple.commands.program import dose_text, minutes_text

        self.out.rule(Text(f"Exercise {n} of {total}: {exercise.name}", style="bold"))
        about = minutes_text(int(item.get("seconds", 0)))
        self.out.print(Text(f"{dose_text(item, self.catalog)} · about {about}"))
        for number, step in enumerate(exercise.steps, start=1):
            self.out.print(Text(f"  {number}. {step}"))
        for caution in exercise.cautions:
            self.out.print(Text(f"  Take care: {caution}", style="yellow"))
        self.out.print(
            Text("Keys: p or space pause · s skip · q quit", style="dim"), highlight=False
        )

    def run_exercise(
        self, n: int, total: int, item: Mapping[str, Any], exercise: Exercise
    ) -> tuple[Outcome, bool]:
        """Run every beat; returns the outcome and whether any work was done."""
        self.introduce(n, total, item, exercise)
        worked = False
        for beat in timeline(item, exercise):
            # Work has begun once a hold or the repetitions start (not during a get-ready).
            worked = worked or beat.work
            action = self.run_beat(beat, exercise.name, n, total)
            if action is not None:
                return action, worked
        self.cue("Done")
        return "done", True

    def run_beat(self, beat: Beat, name: str, n: int, total: int) -> Outcome | None:
        self.cue(beat.cue)
        if not self.live:
            self.out.print(f"{beat.label}: {_seconds(beat.seconds)}", highlight=False)
        display = self._live(beat, name, n, total) if self.live else _no_display()
        with display as update:
            start = self.clock.now()
            paused = 0.0
            shown: tuple[int, int] | None = None
            while True:
                elapsed = self.clock.now() - start - paused
                if elapsed >= beat.seconds:
                    return None
                remaining = beat.seconds - elapsed
                rep = int(elapsed // beat.pace) + 1 if beat.kind == "reps" and beat.pace else 0
                state = (int(remaining + 0.999), rep)
                if state != shown:
                    if rep and (shown is None or rep != shown[1]):
                        self.voice.say(spoken_number(rep))
                        if not self.live:
                            self.out.print(f"  {rep}", highlight=False)
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

    @contextmanager
    def _live(self, beat: Beat, name: str, n: int, total: int) -> Iterator[Callable[..., None]]:
        from rich.live import Live

        def render(remaining: float, rep: int, *, paused: bool) -> Any:
            from rich.console import Group
            from rich.text import Text

            big = f"{int(remaining + 0.999)} s"
            if beat.kind == "reps" and rep:
                half = ((beat.seconds - remaining) % beat.pace) < beat.pace / 2
                motion = (
                    ("breathe in" if half else "breathe out")
                    if beat.pace >= 6
                    else ("move" if half else "back")
                )
                big = f"{min(rep, beat.reps)} of {beat.reps}  ({motion})"
            state = "PAUSED: p or space to go on, s skip, q quit" if paused else ""
            return Group(
                Text(f"{name} ({n} of {total})", style="bold"),
                Text(beat.label, style="bold cyan"),
                Text(big, style="bold"),
                progress_line(1 - remaining / beat.seconds if beat.seconds else 1.0),
                Text(state or "p or space pause · s skip · q quit", style="dim"),
            )

        with Live(
            render(beat.seconds, 0, paused=False),
            console=self.out,
            auto_refresh=False,
            transient=True,
        ) as live:

            def update(remaining: float, rep: int, *, paused: bool) -> None:
                live.update(render(remaining, rep, paused=paused), refresh=True)

            yield update


def progress_line(done: float, width: int = 40) -> Any:
    """A bar of block characters, filled by ``done`` (0-1), on a line of its own."""
    from rich.text import Text

    filled = round(min(max(done, 0.0), 1.0) * width)
    return Text("█" * filled + "░" * (width - filled), style="cyan")


@contextmanager
def _no_display() -> Iterator[Callable[..., None]]:
    def update(remaining: float, rep: int, *, paused: bool) -> None:
        return None

    yield update


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
    from supple.commands.local import run_live

    return run_live(
        args,
        lambda out, user, keys, clock: GoSession(args, out, user, keys, clock),
        keys=keys,
        clock=clock,
        max_speed=10000,
    )


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
        self.finished = False

    def run(self) -> int:
        from supple.commands.local import current_time
        from supple.commands.program import (
            ask_pain_key,
            local_today,
            minutes_text,
            safety_lines,
            show_screen_outcome,
        )
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
        out.print(
            f"Today: {len(plan.items)} exercises, about {minutes_text(plan.seconds)}"
            + (" (flare-day routine)." if plan.flare else ".")
        )
        p_pre = ask_pain_key(out, self.keys, "How is your back pain right now? (0-9, t = 10)")
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
        if session.flare and not plan.flare:
            out.print(
                "A pain of 7 or more: today is a flare day, with the gentle routine instead.",
                markup=False,
            )
        code = 0
        with ending_signals(out):
            try:
                code = self.exercises(session.plan)
            except KeyboardInterrupt:
                self.stop_quietly()
                self._say_saved()
                return 130
            except TerminalClosed:
                self.stop_quietly()
                return 129
            except BaseException:
                self.stop_quietly()
                raise
            finally:
                self.voice.stop()
        return code

    def exercises(self, plan: list[dict[str, Any]]) -> int:
        from supple.commands.local import current_time
        from supple.commands.program import ask_pain_key, ask_yes_no_key
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
        done = skipped = 0
        stop_reason: str | None = None
        quit_early = False
        for position, item in enumerate(plan):
            exercise = catalog.exercise(item["exercise"])
            outcome, worked = player.run_exercise(position + 1, len(plan), item, exercise)
            log: dict[str, Any] = {"skipped": True}
            if outcome == "done" or (outcome == "skip" and worked):
                p_during = ask_pain_key(
                    self.out,
                    self.keys,
                    f"Worst pain during {exercise.name}? (0-9, t = 10)",
                )
                spread = ask_yes_no_key(self.out, self.keys, "Did it spread down your leg?")
                log = {"p_during": p_during, "spread": spread, "completed": outcome == "done"}
                if spread or (p_during is not None and p_during >= STOP_PAIN):
                    stop_reason = (
                        "symptoms spread down your leg"
                        if spread
                        else f"a pain of {p_during}/10 during {exercise.name}"
                    )
            services.log_exercise(
                self.user,
                self.session_id,
                str(uuid.uuid4()),
                position=position,
                exercise=item["exercise"],
                now=current_time(),
                **log,
            )
            services.save_position(
                self.user, self.session_id, {"index": position + 1, "stage": "ready"}
            )
            if log.get("skipped"):
                skipped += 1
                self.out.print(f"Skipped {exercise.name}.")
            else:
                done += 1
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
        stopped = quit_early or stop_reason is not None or done + skipped < len(plan)
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

    def stop_quietly(self) -> None:
        """End the session as stopped, keeping every log written so far."""
        if self.session_id is None or self.finished:
            return
        from supple.commands.local import current_time
        from supple.programs import services

        try:
            services.finish_session(
                self.user, self.session_id, now=current_time(), p_post=None, stopped=True
            )
            self.finished = True
        except Exception:  # noqa: S110 - already ending; the logs are saved
            pass

    def _say_saved(self) -> None:
        with suppress(OSError):
            self.out.print("\nStopped. Everything you did is saved.")
