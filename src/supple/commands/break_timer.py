"""``supple breaks``: the sitting-break timer in the terminal.

Counts down the sitting interval (the person's setting, 30 minutes by default: the seeds say
every 25-30 minutes), then calls for a 1-2 minute break with a short exercise from the library
that can be done standing or sitting (a bell, and a desktop notification through
``notify-send`` when it exists), counts the break down and stores it (a SittingBreak row with a
client id made here). Keys: b take the break now, p or space pause, q quit.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import uuid
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError
from supple.commands.keys import Clock, Keys

if TYPE_CHECKING:
    from supple.accounts.models import User
    from supple.programs.services.breaks import Suggestion

TICK = 0.25


def notify(title: str, body: str) -> bool:
    """A desktop notification through notify-send, when it exists; never fails."""
    program = shutil.which("notify-send")
    if program is None:
        return False
    try:
        subprocess.run(
            [program, "--app-name=Supple", title, body],
            check=False,
            timeout=5,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def run_breaks(
    args: argparse.Namespace, *, keys: Keys | None = None, clock: Clock | None = None
) -> int:
    from supple.commands.user_database import run_live

    if args.minutes is not None and not 10 <= args.minutes <= 120:
        raise CommandError(f"--minutes must be between 10 and 120, not {args.minutes}")
    if not 1 <= args.break_minutes <= 2:
        raise CommandError(f"--break-minutes must be between 1 and 2, not {args.break_minutes:g}")
    return run_live(
        args,
        lambda out, user, keys, clock: BreakTimer(args, out, user, keys, clock),
        keys=keys,
        clock=clock,
        max_speed=100000,
    )


class BreakTimer:
    def __init__(
        self, args: argparse.Namespace, out: Any, user: User, keys: Keys, clock: Clock
    ) -> None:
        from supple.programs.services import breaks

        self.out = out
        self.user = user
        self.keys = keys
        self.clock = clock
        self.once = bool(args.once)
        self.sitting_s = 60.0 * (args.minutes or breaks.interval_for(user))
        self.break_s = 60.0 * args.break_minutes
        # The web timer's suggestions: standing or seated, suited to the person.
        self.exercises = breaks.suggestions(user)

    def run(self) -> int:
        from supple.commands.user_database import current_time
        from supple.programs.services.breaks import today_count

        count = today_count(self.user, current_time())
        self.out.print(
            f"Sitting-break timer: a break every {self.sitting_s / 60:g} minutes. "
            f"Breaks today: {count}. Keys: b break now, p or space pause, q quit.",
            markup=False,
        )
        try:
            while True:
                if self.countdown(self.sitting_s, "Sitting", allow_break=True) == "quit":
                    break
                exercise = self.exercises[count % len(self.exercises)] if self.exercises else None
                taken = self.take_break(exercise)
                if taken == "quit":
                    break
                count = today_count(self.user, current_time())
                if taken is None:
                    self.out.print(f"Break saved. Breaks today: {count}.", markup=False)
                if self.once:
                    break
        except KeyboardInterrupt:
            pass
        self.out.print(f"Breaks today: {today_count(self.user, current_time())}.", markup=False)
        return 0

    def take_break(self, exercise: Suggestion | None) -> str | None:
        from supple.commands.terminal import ask_yes_no_key
        from supple.commands.user_database import current_time
        from supple.programs.services.breaks import log_break

        what = exercise.name if exercise is not None else "a short walk"
        self.out.bell()
        notify("Time for a break", f"Stand up for {self.break_s / 60:g} minutes: {what}.")
        self.out.print(
            f"\nTime for a break: {self.break_s / 60:g} minutes. Try: {what}.",
            style="bold",
            markup=False,
        )
        if exercise is not None:
            self.out.print(f"  {exercise.dose}", markup=False)
            for number, step in enumerate(exercise.steps, start=1):
                self.out.print(f"  {number}. {step}", markup=False)
        if self.countdown(self.break_s, "Break", allow_break=False) == "quit":
            return "quit"
        self.out.bell()
        # Only a break taken counts: the timer ran, but the person may have stayed seated.
        if not ask_yes_no_key(self.out, self.keys, "Did you take it?"):
            self.out.print("Not saved: only the breaks you take are counted.", markup=False)
            return "not taken"
        log_break(
            self.user,
            uuid.uuid4(),
            current_time(),
            exercise.id if exercise is not None else "",
        )
        return None

    def countdown(self, seconds: float, label: str, *, allow_break: bool) -> str | None:
        """Count ``seconds`` down on one line; None at the end, "quit" or "break" by key."""
        start = self.clock.now()
        paused = 0.0
        shown = -1
        live = bool(self.out.is_terminal)
        while True:
            remaining = seconds - (self.clock.now() - start - paused)
            if remaining <= 0:
                break
            minutes, secs = divmod(int(remaining + 0.999), 60)
            if live and (minutes * 60 + secs) != shown:
                shown = minutes * 60 + secs
                self.out.file.write(f"\r{label}: {minutes:02d}:{secs:02d} left   ")
                self.out.file.flush()
            key = (self.keys.read_key(min(TICK, self.clock.real(remaining))) or "")[:1].lower()
            if key == "q":
                self._end_line(live)
                return "quit"
            if key == "b" and allow_break:
                break
            if key in ("p", " "):
                began = self.clock.now()
                self._end_line(live)
                self.out.print("Paused: p or space to go on, q to quit.")
                while True:
                    again = (self.keys.read_key(0.5) or "")[:1].lower()
                    if again == "q":
                        return "quit"
                    if again in ("p", " "):
                        break
                paused += self.clock.now() - began
                shown = -1
        self._end_line(live)
        return None

    def _end_line(self, live: bool) -> None:
        if live:
            self.out.file.write("\r" + " " * 40 + "\r")
            self.out.file.flush()
