"""``supple screen``, ``supple plan``, ``supple decide``: the engine, stateless.

Each reads one JSON file (or ``-`` for standard input), prints a human-readable answer or,
with ``--json``, the JSON of ``docs/engine-cli.md``, and stores nothing. Input is checked
against the JSON Schemas shipped in ``supple/interop/schemas/`` and then by the domain
(unknown exercise ids, impossible dates) in ``supple.interop.engine_json``: any problem is
one line naming it, and a non-zero exit, never a traceback.

Only the standard library is imported here at module level so that ``supple --help`` stays
fast; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError

if TYPE_CHECKING:
    from supple.domain.catalog import Catalog
    from supple.domain.planner import Plan
    from supple.domain.progression import Decisions
    from supple.domain.safety import ScreenResult

DEFAULT_EMERGENCY_NUMBER = "112"


def register(subparsers: Any) -> None:
    screen = subparsers.add_parser(
        "screen",
        help="run the red-flag safety screen on a file of answers",
        description=(
            'Read safety-screen answers ({"E1": false, ..., "C1": false}) from FILE or - '
            "(standard input) and print the outcome: clear, gp, clearance, urgent, emergency "
            "or incomplete. See docs/engine-cli.md."
        ),
    )
    screen.add_argument(
        "--answers",
        metavar="FILE",
        help="JSON answers, or -; without it, the questions are asked here and the result is "
        "stored for you (see docs/cli.md)",
    )
    _common(screen)
    from supple.commands.user_database import add_user_options

    add_user_options(screen)
    screen.set_defaults(handler=screen_command)

    plan = subparsers.add_parser(
        "plan",
        help="today's exercise plan for an intake profile",
        description=(
            "Read an intake profile from FILE or - and print today's plan: phase, flare day, "
            "exercises with their doses and times, and what blocks the program if anything. "
            "See docs/engine-cli.md."
        ),
    )
    plan.add_argument("--profile", required=True, metavar="FILE", help="JSON profile, or -")
    plan.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the day to plan for (default: today); the choice varies from day to day",
    )
    _common(plan)
    plan.set_defaults(handler=plan_command)

    decide = subparsers.add_parser(
        "decide",
        help="progress, hold, regress or pause each exercise from a pain log",
        description=(
            "Read a pain-log history from FILE or - and print, for the program and for each "
            "exercise, the decision and its reason (traffic lights). See docs/engine-cli.md."
        ),
    )
    decide.add_argument("--history", required=True, metavar="FILE", help="JSON history, or -")
    decide.add_argument("--json", action="store_true", help="print JSON")
    decide.set_defaults(handler=decide_command)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--emergency-number",
        metavar="NUMBER",
        help="the local emergency number (default: $SUPPLE_EMERGENCY_NUMBER, else 112)",
    )


def _label(path: str, what: str) -> str:
    return f"{what} (standard input)" if path == "-" else path


def _emergency_number(args: argparse.Namespace) -> str:
    if getattr(args, "emergency_number", None):
        return str(args.emergency_number)
    from supple.config.env import get_str

    return get_str("SUPPLE_EMERGENCY_NUMBER", DEFAULT_EMERGENCY_NUMBER)


@cache
def load_catalog() -> Catalog:
    from supple.content import ContentError
    from supple.content import load_catalog as load

    try:
        return load()
    except ContentError as error:  # names the bad file and field
        raise CommandError(f"cannot load the exercise library: {error}") from None


# --------------------------------------------------------------------------------------------
# Handlers


@contextmanager
def _input_errors() -> Iterator[None]:
    """A problem in the input document becomes the command's one-line error."""
    from supple.interop.engine_json import InputError

    try:
        yield
    except InputError as error:
        raise CommandError(str(error)) from None


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def run_screen(data: Mapping[str, Any], emergency_number: str | None) -> ScreenResult:
    from supple.domain import safety
    from supple.interop.engine_json import screen_answers

    answers, checked = screen_answers(data)
    try:
        return safety.screen(answers, checked=checked, emergency_number=emergency_number)
    except safety.ScreenError as error:  # pragma: no cover - the schema catches these first
        raise CommandError(str(error)) from None


def screen_command(args: argparse.Namespace) -> int:
    if args.answers is None:
        # Interactive: ask the questions and store the result for the local user.
        from supple.commands.start import interactive_screen

        return interactive_screen(args)
    from supple.interop.engine_json import read_json, validate

    label = _label(args.answers, "answers")
    with _input_errors():
        data = read_json(args.answers, label)
        validate(data, "screen-answers", label)
    result = run_screen(data, _emergency_number(args))
    if args.json:
        _print_json(result.as_dict())
    else:
        _print_screen(result)
    return 0


def plan_command(args: argparse.Namespace) -> int:
    from supple.domain.planner import make_plan
    from supple.interop.engine_json import parse_date, profile_from_json, read_json, validate

    label = _label(args.profile, "profile")
    with _input_errors():
        today = parse_date(args.date, "--date") if args.date else date.today()
        data = read_json(args.profile, label)
        validate(data, "profile", label)
        catalog = load_catalog()
        profile = profile_from_json(data, catalog, label)
    plan = make_plan(profile, catalog, today, emergency_number=_emergency_number(args))
    if args.json:
        _print_json(plan.as_dict())
    else:
        _print_plan(plan, catalog)
    return 0


def decide_command(args: argparse.Namespace) -> int:
    from supple.domain.progression import decide
    from supple.interop.engine_json import history_from_json, read_json, validate

    label = _label(args.history, "history")
    with _input_errors():
        data = read_json(args.history, label)
        validate(data, "history", label)
        catalog = load_catalog()
        history = history_from_json(data, catalog, label)
    decisions = decide(history, catalog)
    if args.json:
        _print_json(decisions.as_dict())
    else:
        _print_decisions(decisions, catalog)
    return 0


# --------------------------------------------------------------------------------------------
# Human-readable output (rich, imported here only)

_OUTCOME_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "clearance": "bold yellow",
    "gp": "yellow",
    "clear": "green",
    "incomplete": "bold yellow",
}
_COLOUR_STYLE = {"green": "green", "amber": "yellow", "red": "bold red"}


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def _print_screen(result: ScreenResult) -> None:
    from rich.text import Text

    from supple.domain.safety import QUESTION_BY_ID

    console = _console()
    style = _OUTCOME_STYLE.get(result.outcome, "")
    if result.outcome == "emergency":
        # Shown first and alone (docs/clinical-rules.md section 1).
        console.print(Text(result.message, style=style))
        return
    console.print(Text(f"Outcome: {result.outcome}", style=style))
    console.print(result.message, markup=False)
    for flag in result.flags:
        console.print(f"  {flag}: {QUESTION_BY_ID[flag].text}", markup=False)


def _print_plan(plan: Plan, catalog: Catalog) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if plan.blocked == "emergency":
        # The emergency message first and alone (docs/clinical-rules.md section 1).
        console.print(Text(plan.notes[0], style=_OUTCOME_STYLE["emergency"]))
        return
    if plan.blocked is not None:
        style = _OUTCOME_STYLE.get(plan.blocked, "bold")
        console.print(Text(f"No exercises today ({plan.blocked}).", style=style))
        for note in plan.notes:
            console.print(note, markup=False)
        return
    from supple.domain import dosage
    from supple.domain.dosage import format_seconds

    title = f"Today's plan: phase {plan.phase}, about {format_seconds(plan.seconds)}"
    if plan.flare:
        title += " (flare day)"
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Exercise")
    table.add_column("Dose")
    table.add_column("Time", justify="right")
    for n, item in enumerate(plan.items, start=1):
        table.add_row(
            str(n),
            Text(catalog.exercise(item.exercise).name),
            dosage.dose_words(
                item.hold_s,
                item.reps,
                item.sets,
                item.per_side,
                catalog.exercise(item.exercise).kind,
            ),
            format_seconds(item.seconds),
        )
    console.print(table)
    for note in plan.notes:
        console.print(f"- {note}", markup=False)


def _print_decisions(decisions: Decisions, catalog: Catalog) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    program = decisions.program
    style = "bold red" if program.action == "pause" else "green"
    console.print(
        Text(f"Program: {program.action} (trend: {program.trend})", style=style),
    )
    console.print(program.reason, markup=False)
    if not decisions.exercises:
        return
    table = Table()
    table.add_column("Exercise")
    table.add_column("Colour")
    table.add_column("Decision")
    table.add_column("Reason")
    for e in decisions.exercises:
        table.add_row(
            Text(catalog.exercise(e.exercise).name),
            Text(
                e.colour + (" (provisional)" if e.provisional else ""),
                style=_COLOUR_STYLE[e.colour],
            ),
            e.decision,
            Text(e.reason),
        )
    console.print(table)
