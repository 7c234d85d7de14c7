"""A person's daily program in the terminal: the parsers of ``supple start``, ``today``,
``go``, ``morning``, ``log``, ``progress``, ``why``, ``breaks``, ``export`` and
``confirm-clinician``; each command's handler is in a module of its own.

They work on the same local database as the web app through the same services
(``supple.programs.services``): what one records, the other shows. Only the standard library
is imported at module level, here and in the handlers' modules, so that ``supple --help``
stays fast; Django is set up inside each handler. See docs/cli.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from supple.commands.break_timer import run_breaks
from supple.commands.export import export_command
from supple.commands.morning import morning_command
from supple.commands.progress import LOG_DAYS, log_command, progress_command
from supple.commands.start import confirm_command, start_command
from supple.commands.terminal_player import run_go
from supple.commands.today import today_command, why_command
from supple.commands.user_database import add_user_options


def register(subparsers: Any) -> None:
    """The commands in the order ``supple --help`` lists them."""
    for add in (
        _start,
        _today,
        _go,
        _morning,
        _log,
        _progress,
        _why,
        _breaks,
        _export,
        _confirm,
    ):
        add(subparsers)


def _start(subparsers: Any) -> None:
    start = subparsers.add_parser(
        "start",
        help="the notice, the first questions and the safety screen, then your plan",
        description=(
            "Set up your program in the terminal: the notice (accepted once), the intake "
            "questions and the safety questions, then your first plan. Run it again to change "
            "your answers. Makes your account first when there is none."
        ),
    )
    add_user_options(start)
    start.set_defaults(handler=start_command)


def _today(subparsers: Any) -> None:
    today = subparsers.add_parser(
        "today",
        help="today's routine: exercises, doses, time and why it changed",
        description="Today's routine with each dose, the time it takes and the reason for "
        "every change since last time.",
    )
    today.add_argument("--json", action="store_true", help="print JSON")
    flare = today.add_mutually_exclusive_group()
    flare.add_argument(
        "--flare",
        action="store_true",
        help="my pain is 7 or more today: the flare-day routine, kept for the rest of the day",
    )
    flare.add_argument(
        "--eased", action="store_true", help="my pain has eased: the usual routine again today"
    )
    add_user_options(today)
    today.set_defaults(handler=today_command)


def _go(subparsers: Any) -> None:
    go = subparsers.add_parser(
        "go",
        help="the guided session, hands-free",
        description=(
            "The guided session: each exercise's steps, a get-ready countdown, hold "
            "countdowns and a beat for repetitions, 'switch sides' and rests, with a bell and "
            "spoken cues. Keys: p or space pause, s skip, q quit. Pain prompts take one key: "
            "0-9, and t for 10. Everything is saved as it happens."
        ),
    )
    go.add_argument("--flare", action="store_true", help="the gentle flare-day routine")
    voice = go.add_mutually_exclusive_group()
    voice.add_argument(
        "--voice",
        dest="voice",
        action="store_true",
        default=None,
        help="speak the cues (needs espeak-ng; the default when it is installed)",
    )
    voice.add_argument("--no-voice", dest="voice", action="store_false", help="no spoken cues")
    go.add_argument(
        "--plain",
        action="store_true",
        help="one line per change instead of a live display (for screen readers and logs)",
    )
    go.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)
    add_user_options(go)
    go.set_defaults(handler=run_go)


def _morning(subparsers: Any) -> None:
    morning = subparsers.add_parser(
        "morning",
        help="the next-morning pain check",
        description="Your pain on waking, for yesterday's session (one key: 0-9, t for 10).",
    )
    morning.add_argument("pain", nargs="?", help="the pain on waking, 0-10 (asked when left out)")
    add_user_options(morning)
    morning.set_defaults(handler=morning_command)


def _log(subparsers: Any) -> None:
    log = subparsers.add_parser(
        "log",
        help="your sessions, with their pain logs",
        description=f"Your sessions between two dates (default: the last {LOG_DAYS} days).",
    )
    log.add_argument("--since", metavar="YYYY-MM-DD", help="first day (default: 29 days ago)")
    log.add_argument("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    log.add_argument("--json", action="store_true", help="print JSON")
    add_user_options(log)
    log.set_defaults(handler=log_command)


def _progress(subparsers: Any) -> None:
    progress = subparsers.add_parser(
        "progress",
        help="adherence, streak, a pain chart and each exercise's level",
        description="Adherence over 7 and 28 days, your streak, a chart of your pain and each "
        "exercise's level with every decision and its reason.",
    )
    progress.add_argument("--json", action="store_true", help="print JSON")
    add_user_options(progress)
    progress.set_defaults(handler=progress_command)


def _why(subparsers: Any) -> None:
    why = subparsers.add_parser(
        "why",
        help="the reasons behind today's plan",
        description="Why today's plan is what it is: the safety check, the program's "
        "decision, each change with its reason, and the planner's notes.",
    )
    add_user_options(why)
    why.set_defaults(handler=why_command)


def _breaks(subparsers: Any) -> None:
    breaks = subparsers.add_parser(
        "breaks",
        help="the sitting-break timer",
        description=(
            "Counts down your sitting time, then calls for a short break with an exercise to "
            "do (bell, and a desktop notification when notify-send exists) and counts the "
            "breaks you take today. Keys: b break now, p pause, q quit."
        ),
    )
    breaks.add_argument(
        "--minutes",
        type=int,
        help="minutes of sitting between breaks, 10-120 (default: your setting, else 30)",
    )
    breaks.add_argument(
        "--break-minutes",
        type=float,
        default=2.0,
        help="length of each break in minutes, 1-2 (default 2)",
    )
    breaks.add_argument("--once", action="store_true", help="stop after one break")
    breaks.add_argument("--speed", type=float, default=1.0, help=argparse.SUPPRESS)
    add_user_options(breaks)
    breaks.set_defaults(handler=run_breaks)


def _export(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export",
        help="all your data as CSV or JSON, your program and records as FHIR, or your routine "
        "as a calendar",
        description="Export your data (csv, json), your program and records for health record "
        "systems (fhir: a FHIR R4 Bundle in JSON) or your routine's calendar (ics) to a file "
        "or standard output.",
    )
    export.add_argument("--format", required=True, choices=["csv", "json", "fhir", "ics"])
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (default: standard output)"
    )
    add_user_options(export)
    export.set_defaults(handler=export_command)


def _confirm(subparsers: Any) -> None:
    confirm = subparsers.add_parser(
        "confirm-clinician",
        help="confirm that a clinician has assessed or cleared you",
        description="After an 'urgent' or 'clearance' safety result: record that a clinician "
        "has assessed you (urgent) or cleared you to start (clearance).",
    )
    add_user_options(confirm)
    confirm.set_defaults(handler=confirm_command)
