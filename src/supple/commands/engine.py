"""``supple screen``, ``supple plan``, ``supple decide``: the engine, stateless.

Each reads one JSON file (or ``-`` for standard input), prints a human-readable answer or,
with ``--json``, the JSON of ``docs/engine-cli.md``, and stores nothing. Input is checked
against the JSON Schemas shipped in ``supple/interop/schemas/`` and then by the domain
(unknown exercise ids, impossible dates): any problem is one line naming it, and a non-zero
exit, never a traceback.

Only the standard library is imported here at module level so that ``supple --help`` stays
fast; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from supple.commands import CommandError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from supple.domain.catalog import Catalog
    from supple.domain.history import History
    from supple.domain.planner import Plan, Profile
    from supple.domain.progression import Decisions
    from supple.domain.safety import ScreenResult

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "interop" / "schemas"
SCHEMAS = (
    "screen-answers",
    "screen-result",
    "profile",
    "plan",
    "history",
    "decisions",
)
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
    from supple.commands.local import add_user_options

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


# --------------------------------------------------------------------------------------------
# Reading and checking input


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


# The largest input the engine commands read (docs/engine-cli.md): years of daily history
# take well under a megabyte; more is refused before it is parsed.
MAX_INPUT_BYTES = 5 * 1024 * 1024
# Longer whole numbers are refused with a plain message (Python's own limit is 4300 digits).
MAX_DIGITS = 20


class NumberTooLarge(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLarge(f"a number of {len(text.lstrip('-'))} digits is too large")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NumberTooLarge(
            f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large"
        )
    return value


def _read_limited(path: str) -> bytes | str:
    """At most MAX_INPUT_BYTES + 1 of the file or of standard input."""
    if path == "-":
        if hasattr(sys.stdin, "buffer"):
            return bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
        return str(sys.stdin.read(MAX_INPUT_BYTES + 1))
    with Path(path).open("rb") as stream:
        return stream.read(MAX_INPUT_BYTES + 1)


def read_json(path: str, label: str) -> Any:
    """The JSON document in ``path`` (``-``: standard input), or CommandError in one line."""
    try:
        raw = _read_limited(path)
    except OSError as error:
        raise CommandError(f"{label}: cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise CommandError(f"{label}: is larger than 5 MB, the most the engine reads")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{label}: not UTF-8 text (byte {error.start} cannot be decoded)"
            ) from None
    else:
        text = raw
    if not text.strip():
        raise CommandError(f"{label}: is empty; expected a JSON object")
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except NumberTooLarge as error:
        raise CommandError(f"{label}: {error}") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{label}: malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except ValueError as error:
        raise CommandError(f"{label}: malformed JSON: {error}") from None
    except RecursionError:
        raise CommandError(f"{label}: malformed JSON: nested too deeply") from None


@cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {
        name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in SCHEMAS
    }
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return {
        name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()
    }


def schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema, as data."""
    result: dict[str, Any] = _validators()[name].schema
    return result


def location(path: Iterable[object]) -> str:
    """A JSON location in plain notation: ``sessions[3].exercises[0].p_during``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _describe(error: ValidationError) -> str:
    loc = location(error.absolute_path)
    at = f"{loc}: " if loc else ""
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{at}missing field {missing!r}"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = sorted(k for k in value if k not in known) if isinstance(value, dict) else []
        if extra and known:
            return f"{at}unknown field {extra[0]!r}"
        if extra:
            return f"{at}{extra[0]}: {error.message}"
    if kind == "type":
        wanted = error.validator_value
        names = (
            [_TYPE_WORDS.get(str(w), str(w)) for w in wanted]
            if isinstance(wanted, list)
            else [_TYPE_WORDS.get(str(wanted), str(wanted))]
        )
        words = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        words = words.replace("true or false or null", "true, false or null")
        return f"{at}expected {words}, got {_show(value)}"
    if kind == "minimum":
        return f"{at}{_show(value)} is below the minimum of {error.validator_value}"
    if kind == "maximum":
        return f"{at}{_show(value)} is above the maximum of {error.validator_value}"
    if kind == "enum":
        from supple.domain.safety import EMERGENCY_IDS

        if value in EMERGENCY_IDS and loc.rsplit(".", 1)[-1].startswith("checked"):
            return (
                f"{at}{value} cannot be marked as already checked by a clinician: "
                "emergency questions always count"
            )
        allowed: list[Any] = list(cast(Any, error.validator_value))
        options = ", ".join("null" if o is None else str(o) for o in allowed)
        return f"{at}{_show(value)} is not one of {options}"
    if kind == "pattern":
        what = (error.schema.get("description") if isinstance(error.schema, dict) else None) or (
            f"matching {error.validator_value}"
        )
        return f"{at}{_show(value)} is not {what}"
    if kind == "propertyNames":
        return f"{at}{_show(value)}: {error.message}"
    if kind == "uniqueItems":
        return f"{at}lists the same value twice"
    return f"{at}{error.message}"


def validate(data: Any, schema_name: str, label: str) -> None:
    """Check ``data`` against a shipped schema; CommandError naming the first problem."""
    from jsonschema.exceptions import best_match

    validator = _validators()[schema_name]
    if not isinstance(data, dict):
        raise CommandError(f"{label}: expected a JSON object, got {_show(data)}")
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.path)))
    )
    if errors:
        # The shallowest problem first (a missing or unknown field before a bad value deep in
        # a list), then jsonschema's own choice among those.
        shallow = [e for e in errors if len(e.absolute_path) == len(errors[0].absolute_path)]
        error = best_match(shallow)
        if error is None:  # pragma: no cover - errors is not empty
            return
        if error.validator == "propertyNames" and error.context:
            sub = error.context[0]
            what = sub.schema.get("description") if isinstance(sub.schema, dict) else None
            raise CommandError(
                f"{label}: {location(error.absolute_path)}: {_show(sub.instance)} is not "
                f"{what or 'a valid key'}"
            )
        raise CommandError(f"{label}: {_describe(error)}")


def parse_date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{where}: {value!r} is not a real date (YYYY-MM-DD)") from None


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
# From JSON to the domain


def screen_answers(data: Mapping[str, Any]) -> tuple[dict[str, bool | None], tuple[str, ...]]:
    answers = {k: v for k, v in data.items() if k != "checked"}
    return answers, tuple(data.get("checked", ()))


def profile_from_json(data: Mapping[str, Any], catalog: Catalog, label: str) -> Profile:
    from supple.domain import catalog as catalog_module
    from supple.domain.planner import Profile, ProfileError, validate_profile

    answers: dict[str, bool | None] | None = None
    checked: tuple[str, ...] = ()
    if data.get("screen") is not None:
        answers, checked = screen_answers(data["screen"])
    profile = Profile(
        pain_now=int(data["pain_now"]),
        weeks_since_onset=float(data["weeks_since_onset"]),
        age=int(data["age"]),
        can_get_on_floor=bool(data["can_get_on_floor"]),
        minutes=float(data["minutes"]),
        equipment=frozenset(data.get("equipment", ())),
        direction=data["direction"],
        exclude=frozenset(data.get("exclude", ())),
        phase=int(data["phase"]) if data.get("phase") is not None else None,
        screen=answers,
        checked=checked,
    )
    try:
        validate_profile(profile, catalog, getattr(catalog_module, "EQUIPMENT", ()))
    except ProfileError as error:
        raise CommandError(f"{label}: {error}") from None
    return profile


def history_from_json(data: Mapping[str, Any], catalog: Catalog, label: str) -> History:
    from supple.domain.history import ExerciseLog, History, SessionLog

    today = parse_date(data["today"], f"{label}: today")
    sessions = []
    for n, s in enumerate(data["sessions"]):
        where = f"{label}: sessions[{n}]"
        when = parse_date(s["date"], f"{where}.date")
        if when > today:
            raise CommandError(f"{where}.date: {when} is after today ({today})")
        entries = []
        seen: set[str] = set()
        for m, e in enumerate(s["exercises"]):
            exercise_id = e["exercise"]
            if exercise_id not in catalog:
                raise CommandError(
                    f"{where}.exercises[{m}].exercise: unknown exercise id {exercise_id!r}"
                )
            if exercise_id in seen:
                raise CommandError(
                    f"{where}.exercises[{m}].exercise: {exercise_id!r} appears twice in the "
                    "same session"
                )
            seen.add(exercise_id)
            entries.append(
                ExerciseLog(
                    exercise=exercise_id,
                    p_during=int(e["p_during"]),
                    spread=bool(e["spread"]),
                    completed=bool(e["completed"]),
                )
            )
        sessions.append(
            SessionLog(
                date=when,
                p_pre=int(s["p_pre"]),
                p_post=None if s.get("p_post") is None else int(s["p_post"]),
                p_next=None if s.get("p_next") is None else int(s["p_next"]),
                exercises=tuple(entries),
                spread=bool(s.get("spread", False)),
            )
        )
    last_progressed = {}
    for exercise_id, value in data.get("last_progressed", {}).items():
        where = f"{label}: last_progressed.{exercise_id}"
        if exercise_id not in catalog:
            raise CommandError(f"{where}: unknown exercise id {exercise_id!r}")
        when = parse_date(value, where)
        if when > today:
            raise CommandError(f"{where}: {when} is after today ({today})")
        last_progressed[exercise_id] = when
    return History(
        today=today,
        intake_pain=int(data["intake_pain"]),
        sessions=tuple(sessions),
        last_progressed=last_progressed,
    )


# --------------------------------------------------------------------------------------------
# Handlers


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def run_screen(data: Mapping[str, Any], emergency_number: str | None) -> ScreenResult:
    from supple.domain import safety

    answers, checked = screen_answers(data)
    try:
        return safety.screen(answers, checked=checked, emergency_number=emergency_number)
    except safety.ScreenError as error:  # pragma: no cover - the schema catches these first
        raise CommandError(str(error)) from None


def screen_command(args: argparse.Namespace) -> int:
    if args.answers is None:
        # Interactive: ask the questions and store the result for the local user.
        from supple.commands.program import interactive_screen

        return interactive_screen(args)
    label = _label(args.answers, "answers")
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

    label = _label(args.profile, "profile")
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

    label = _label(args.history, "history")
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
