"""A person's daily program in the terminal: ``supple start``, ``today``, ``go``, ``morning``,
``log``, ``progress``, ``why``, ``breaks``, ``export`` and ``confirm-clinician``.

They work on the same local database as the web app through the same services
(``supple.programs.services``): what one records, the other shows. Only the standard library
is imported at module level so that ``supple --help`` stays fast; Django is set up inside each
handler. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError
from supple.commands.local import (
    add_user_options,
    current_time,
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.accounts.models import User
    from supple.commands.prompts import Prompter
    from supple.domain.catalog import Catalog
    from supple.programs.services import Progress, SafetyStatus, Today
    from supple.programs.services.intake import IntakeData

LOG_DAYS = 30


def register(subparsers: Any) -> None:
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
    go.set_defaults(handler=go_command)

    morning = subparsers.add_parser(
        "morning",
        help="the next-morning pain check",
        description="Your pain on waking, for yesterday's session (one key: 0-9, t for 10).",
    )
    morning.add_argument("pain", nargs="?", help="the pain on waking, 0-10 (asked when left out)")
    add_user_options(morning)
    morning.set_defaults(handler=morning_command)

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

    progress = subparsers.add_parser(
        "progress",
        help="adherence, streak, a pain chart and each exercise's level",
        description="Adherence over 7 and 28 days, your streak, a chart of your pain and each "
        "exercise's level with every decision and its reason.",
    )
    progress.add_argument("--json", action="store_true", help="print JSON")
    add_user_options(progress)
    progress.set_defaults(handler=progress_command)

    why = subparsers.add_parser(
        "why",
        help="the reasons behind today's plan",
        description="Why today's plan is what it is: the safety check, the program's "
        "decision, each change with its reason, and the planner's notes.",
    )
    add_user_options(why)
    why.set_defaults(handler=why_command)

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
    breaks.set_defaults(handler=breaks_command)

    export = subparsers.add_parser(
        "export",
        help="all your data as CSV or JSON, or your routine as a calendar",
        description="Export your data (csv, json) or your routine's calendar (ics) to a file "
        "or standard output.",
    )
    export.add_argument("--format", required=True, choices=["csv", "json", "ics"])
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (default: standard output)"
    )
    add_user_options(export)
    export.set_defaults(handler=export_command)

    confirm = subparsers.add_parser(
        "confirm-clinician",
        help="confirm that a clinician has assessed or cleared you",
        description="After an 'urgent' or 'clearance' safety result: record that a clinician "
        "has assessed you (urgent) or cleared you to start (clearance).",
    )
    add_user_options(confirm)
    confirm.set_defaults(handler=confirm_command)


# --------------------------------------------------------------------------------------------
# Shared pieces


def console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


def _text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(value, style=style)


def emergency_number() -> str:
    from django.conf import settings

    return str(settings.SUPPLE_EMERGENCY_NUMBER)


def _parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def dose_text(item: Any, catalog: Catalog | None = None) -> str:
    """A plan item's (or a stored dose's) dose in the library's words: "Hold 15 s · 3 reps",
    "For 1 min" for a walk or a breathing exercise (the wording depends on its kind)."""
    from supple.domain.dosage import dose_words

    def get(key: str) -> Any:
        return item.get(key) if isinstance(item, dict) else getattr(item, key, None)

    exercise_id = str(get("exercise"))
    kind = None
    if catalog is not None and exercise_id in catalog:
        kind = catalog.exercise(exercise_id).kind
    return dose_words(
        get("hold_s"), get("reps"), int(get("sets") or 1), bool(get("per_side")), kind
    )


def minutes_text(seconds: int) -> str:
    from supple.domain.dosage import format_seconds

    return str(format_seconds(int(seconds)))


def local_today(now: datetime) -> date:
    from django.utils import timezone

    return timezone.localdate(now)


# --------------------------------------------------------------------------------------------
# The notice, the intake and the safety screen


def notice_text(number: str) -> str:
    """docs/clinical-rules.md section 10 (R-10-notice), in the project's own words."""
    return (
        "Supple gives general exercise and self-management information. It is not a diagnosis "
        "or a treatment, and it does not replace advice from a health professional.\n"
        "Check with a health professional before you start, especially if you are pregnant, "
        "have had surgery, or have other health conditions.\n"
        "Stop and seek advice if an exercise causes severe pain or pain that spreads down a "
        "leg.\n"
        "Call the emergency number "
        f"({number}) at once if you have numbness around the genitals, back passage or inner "
        "thighs, new trouble passing urine or controlling your bowels, pain, numbness or "
        "weakness in both legs, or chest pain."
    )


def _account_for_start(args: argparse.Namespace, prompter: Prompter) -> User:
    from supple.programs.services.local_user import has_accounts

    if has_accounts():
        return pick_user(args)
    return _make_account(args, prompter)


def _make_account(args: argparse.Namespace, prompter: Prompter) -> User:
    import getpass

    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from supple.accounts import services as accounts
    from supple.accounts.models import User
    from supple.commands.prompts import Invalid

    prompter.console.print(
        "No account yet. Choose a username and a password: you will use them to sign in to "
        "the web app too (`supple serve`)."
    )

    def username(text: str) -> str:
        name = text.strip()
        if not name:
            raise Invalid("the username is empty")
        if len(name) > 150 or any(c.isspace() for c in name):
            raise Invalid("use letters, digits and @ . + - _ only, no spaces")
        if not all(c.isalnum() or c in "@.+-_" for c in name):
            raise Invalid("use letters, digits and @ . + - _ only")
        return name

    try:
        suggested = args.user or getpass.getuser()
    except (KeyError, OSError):
        suggested = args.user or None
    name = prompter.text("Username", username, default=suggested)
    while True:
        password = prompter.password("Password (10 characters or more)")
        try:
            validate_password(password, User(username=name))
        except ValidationError as error:
            prompter.console.print(
                f"  [bold yellow]Please try again:[/] {' '.join(error.messages)}"
            )
            continue
        if prompter.password("The same password again") != password:
            prompter.console.print("  [bold yellow]Please try again:[/] the two passwords differ")
            continue
        break
    try:
        user = accounts.create_owner(name, password)
    except accounts.AccountError as error:
        raise CommandError(str(error)) from None
    prompter.console.print(f"Account {user.username!r} created.")
    return user


def ask_intake(prompter: Prompter, previous: Any, catalog: Catalog) -> IntakeData:
    """The intake, question by question; Enter keeps the previous answer."""
    from supple.commands.prompts import Invalid
    from supple.domain.catalog import EQUIPMENT_LABELS
    from supple.programs.services import IntakeData

    def before(name: str, fallback: Any = None) -> Any:
        return getattr(previous, name) if previous is not None else fallback

    ask = prompter
    ask.console.print("\n[bold]About your back[/bold]")
    # No default: the pain of an earlier day is not today's (Enter must not repeat it).
    pain = ask.integer(
        "How bad is your back pain right now? 0 is no pain, 10 the worst imaginable.", 0, 10
    )
    weeks = ask.number(
        "How many weeks ago did this bout of back pain begin? (0.5 = a few days)",
        0,
        5200,
        default=before("weeks_since_onset"),
    )
    age = ask.integer("How old are you?", 16, 120, default=before("age"))
    floor = ask.yes_no(
        "Can you get down to the floor and up again?", default=before("can_get_on_floor")
    )
    minutes = ask.integer(
        "How many minutes a day can you give to the exercises?",
        5,
        120,
        default=before("minutes", 15),
    )
    equipment = ask.several(
        "Which of these do you have at home?",
        list(EQUIPMENT_LABELS.items()),
        default=before("equipment", ["wall", "chair"]),
    )
    direction = ask.choice(
        "Which eases your usual back pain? (Legs that ache when walking and ease when sitting "
        "or leaning forward count as bending forward.)",
        [
            ("flexion", "Bending forward or sitting"),
            ("extension", "Bending backward, standing or walking"),
            ("neither", "Neither, or I am not sure"),
        ],
        default=before("direction", "neither"),
    )
    names = {e.name.lower(): e.id for e in catalog.exercises}

    def exercises(text: str) -> list[str]:
        chosen: list[str] = []
        if text.strip().lower() in ("", "none", "-"):
            return chosen
        for part in text.split(","):
            word = part.strip().lower()
            if not word:
                continue
            exercise_id = word if word in catalog else names.get(word)
            if exercise_id is None:
                close = [e.id for e in catalog.exercises if word in e.id or word in e.name.lower()]
                hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
                raise Invalid(f"{part.strip()!r} is not an exercise in the library{hint}")
            chosen.append(exercise_id)
        return chosen

    exclude = ask.text(
        "Exercises to leave out, by name or id, separated by commas (see `supple exercises`)",
        exercises,
        default=", ".join(before("exclude", [])) or "none",
    )
    return IntakeData(
        pain_now=pain,
        weeks_since_onset=weeks,
        age=age,
        can_get_on_floor=floor,
        minutes=minutes,
        equipment=tuple(equipment),
        direction=direction,
        exclude=tuple(exclude),
    )


def ask_screen(prompter: Prompter, user: User, *, trigger: str) -> Any:
    """The safety questions, one by one, stored with their outcome (services.record_screen).

    Stops at the first emergency answer: the rest cannot change the outcome, and the message
    must come at once."""
    from supple.domain import safety
    from supple.programs import services

    ask = prompter
    ask.console.print("\n[bold]Safety questions[/bold]")
    ask.console.print(safety.INTRO, markup=False)
    answers: dict[str, bool | None] = {}
    checked: list[str] = []
    for question in safety.QUESTIONS:
        if not question.asked:
            continue
        text = question.text if question.text.endswith("?") else question.text + "?"
        answer = ask.yes_no(f"{question.id}. {text}")
        if answer and question.group == "E":
            answer = confirm_emergency(ask, question.id, text)
        answers[question.id] = answer
        if answer and question.group == "E":
            break
        if (
            answer
            and question.can_be_checked
            and ask.yes_no("   Has a clinician already checked this?", default=False)
        ):
            checked.append(question.id)
    record = services.record_screen(
        user, answers, checked=checked, trigger=trigger, now=current_time()
    )
    show_screen_outcome(ask.console, record.outcome, record.message)
    return record


def confirm_emergency(ask: Prompter, question_id: str, text: str) -> bool:
    """A "yes" to an emergency question stops the program for 24 hours: one mistaken key must
    not, so it is asked once more. A second "no" goes back to the question."""
    while True:
        if ask.yes_no(
            "   You answered yes: this needs help now, and Supple will stop your exercises "
            "for 24 hours. Is yes right?"
        ):
            return True
        if not ask.yes_no(f"{question_id}. {text}"):
            return False


_OUTCOME_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "clearance": "bold yellow",
    "gp": "yellow",
    "clear": "green",
    "incomplete": "bold yellow",
}


def show_screen_outcome(out: Any, outcome: str, message: str) -> None:
    if outcome == "emergency":
        out.print(_text(message, _OUTCOME_STYLE["emergency"]))  # first and alone
        return
    out.print(_text(f"\nSafety check: {outcome}", _OUTCOME_STYLE.get(outcome, "")))
    out.print(message, markup=False)
    if outcome in ("urgent", "clearance"):
        out.print(
            "When a clinician has assessed you (or cleared you to start), run "
            "`supple confirm-clinician`.",
            markup=False,
        )


def start_command(args: argparse.Namespace) -> int:
    from supple.commands.local import is_interactive
    from supple.commands.prompts import Prompter

    open_database(args, prepare=True)
    from supple.library.services import current_catalog
    from supple.programs import services

    out = console()
    reader = None if is_interactive() else _line_reader
    prompter = Prompter(out, reader, password_reader=reader)
    with database_errors():
        user = _account_for_start(args, prompter)
        status = services.safety_status(user, current_time())
        if status.locked_until is not None:
            out.print(_text(status.message, _OUTCOME_STYLE["emergency"]))
            return 1
        if not services.has_accepted_disclaimer(user):
            out.print("\n[bold]Before you start[/bold]")
            out.print(notice_text(emergency_number()), markup=False)
            if not prompter.yes_no("Do you accept this?"):
                raise CommandError("the notice must be accepted before the questions")
            services.accept_disclaimer(user, current_time())
        previous = services.profile_of(user)
        data = ask_intake(prompter, previous, current_catalog())
        services.save_intake(user, data, current_time())
        out.print("Your answers are saved.")
        status = services.safety_status(user, current_time())
        if status.latest is None or status.due:
            record = ask_screen(
                prompter, user, trigger="intake" if status.latest is None else "weekly"
            )
            if record.outcome == "emergency":
                return 1
        elif prompter.yes_no(
            "Your last safety check is recent. Answer the safety questions again now?",
            default=False,
        ):
            record = ask_screen(prompter, user, trigger="user")
            if record.outcome == "emergency":
                return 1
        today = services.today_for(user, current_time())
        out.print()
        show_today(out, today, current_time())
        out.print(
            "\nHow your plan adapts: after each session you rate your pain (0-10). Pain up to "
            "5 during an exercise that settles by the next morning lets the dose go up a step; "
            "more pain holds it or steps it back, and you always see why (`supple why`). "
            "Start with `supple go`.",
            markup=False,
        )
    return 0


def interactive_screen(args: argparse.Namespace) -> int:
    """`supple screen` without --answers: the questions here, stored for the local user.
    Exit code 0 when exercises may go on, 1 when the outcome stops them."""
    from supple.commands.local import is_interactive
    from supple.commands.prompts import Prompter

    open_database(args)
    from supple.programs import services

    out = console()
    reader = None if is_interactive() else _line_reader
    with database_errors():
        user = pick_user(args)
        status = services.safety_status(user, current_time())
        if status.locked_until is not None:
            show_screen_outcome(out, "emergency", status.message)
            return 1
        if status.latest is None:
            trigger = "intake"
        elif status.due and status.due_reason and "days" in status.due_reason:
            trigger = "weekly"
        else:
            trigger = "user"
        record = ask_screen(Prompter(out, reader), user, trigger=trigger)
        if args.json:
            print(
                json.dumps(
                    {"outcome": record.outcome, "flags": record.flags, "message": record.message},
                    indent=2,
                    ensure_ascii=False,
                )
            )
        status = services.safety_status(user, current_time())
    return 0 if status.may_exercise else 1


def _line_reader(_prompt: str) -> str:
    """Standard input, one line (no terminal: pipes, files, scripts)."""
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def confirm_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    with database_errors():
        user = pick_user(args)
        record = services.confirm_clinician(user, current_time())
    print(
        f"Recorded: a clinician has seen you after the {record.outcome} result "
        f"of {record.taken_at:%d %B %Y}."
    )
    return 0


# --------------------------------------------------------------------------------------------
# Today and why


def safety_lines(status: SafetyStatus, program: Any, today: date) -> list[tuple[str, str]]:
    """What stands between the person and today's session, as (text, style) lines."""
    lines: list[tuple[str, str]] = []
    if status.locked_until is not None:
        return [(status.message, _OUTCOME_STYLE["emergency"])]
    if status.needs_confirmation:
        lines.append((status.message, _OUTCOME_STYLE.get(status.outcome or "", "bold")))
        lines.append(
            (
                "When a clinician has assessed you (or cleared you to start): "
                "`supple confirm-clinician`.",
                "",
            )
        )
    elif status.due:
        lines.append(
            (
                f"The safety questions are due: {status.due_reason}. "
                "Answer them with `supple screen`.",
                "bold yellow",
            )
        )
    elif status.outcome == "gp":
        lines.append((status.message, "yellow"))
    from supple.programs.services.planning import pause_unanswered
    from supple.programs.services.words import program_sentence

    if pause_unanswered(program, status) and program.made_on >= today - timedelta(days=1):
        lines.append((program_sentence(program), "bold red"))
    return lines


def show_today(out: Any, today: Today, now: datetime) -> None:
    day = local_today(now)
    for line, style in safety_lines(today.status, today.program, day):
        out.print(_text(line, style))
    if today.status.locked_until is not None:
        return
    if today.morning_session is not None:
        out.print(
            _text("How was your pain on waking? Tell Supple with `supple morning`.", "bold cyan")
        )
    plan = today.plan
    if plan is None:
        return
    if plan.blocked is not None or not plan.items:
        out.print(_text(f"No exercises today ({plan.blocked or 'nothing fits'}).", "bold"))
        for note in plan.notes:
            out.print(f"- {note}", markup=False)
        return
    from supple.library.services import current_catalog

    catalog = current_catalog()
    from supple.programs.services.words import change_line

    changes = {c.ladder: change_line(c, today.names) for c in today.changes}
    if today.morning_session is not None or safety_lines(today.status, today.program, day):
        out.print()
    title = f"Today, {day:%A %d %B}: phase {plan.phase}, about {minutes_text(plan.seconds)}"
    if plan.flare:
        title += " - flare-day routine"
    if (out.width or 80) < NARROW:
        show_today_stacked(out, today, title, changes, catalog)
    else:
        show_today_table(out, today, title, changes, catalog)
    if today.day.words():
        out.print(today.day.words(), markup=False)
    if today.active_session is not None:
        out.print("A session started today is not finished.")


# Below this many columns a table's rows wrap into narrow columns: each row is stacked instead.
NARROW = 60


def show_today_stacked(
    out: Any, today: Today, title: str, changes: dict[str, Any], catalog: Catalog
) -> None:
    """Each exercise over two or three lines: its name, its dose and time, what changed."""
    from supple.commands.player import hanging

    plan = today.plan
    assert plan is not None
    day, _, rest = title.partition(": ")
    out.print(_text(day, "bold"))
    out.print(_text(rest[:1].upper() + rest[1:], "bold"))
    for n, item in enumerate(plan.items, start=1):
        change = changes.get(item.ladder)
        lead = f"{n}. "
        out.print(hanging(lead, today.names.get(item.exercise, item.exercise), "bold"))
        indent = " " * len(lead)
        parts = [*dose_text(item, catalog).split(" · "), minutes_text(item.seconds)]
        for line in join_parts(parts, (out.width or 80) - len(indent)):
            out.print(hanging(indent, line))
        if change is not None:
            out.print(hanging(indent, change.sentence, "dim"))


def join_parts(parts: list[str], width: int) -> list[str]:
    """Parts joined by " · ", a line broken only between parts ("1 min 50 s" stays whole)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


def show_today_table(
    out: Any, today: Today, title: str, changes: dict[str, Any], catalog: Catalog
) -> None:
    from rich.table import Table

    plan = today.plan
    assert plan is not None
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Exercise")
    table.add_column("Dose")
    table.add_column("Time", justify="right")
    table.add_column("Since last time")
    for n, item in enumerate(plan.items, start=1):
        change = changes.get(item.ladder)
        table.add_row(
            str(n),
            _text(today.names.get(item.exercise, item.exercise)),
            dose_text(item, catalog),
            minutes_text(item.seconds),
            # One plain sentence; `supple why` gives the full reason.
            _text(change.sentence if change else "-"),
        )
    out.print(table)


def _decision_json(decision: Any) -> dict[str, Any]:
    return {
        "exercise": decision.exercise,
        "ladder": decision.ladder,
        "made_on": decision.made_on.isoformat(),
        "colour": decision.colour,
        "decision": decision.decision,
        "reason": decision.reason,
        "before": decision.before,
        "after": decision.after,
    }


def today_json(today: Today, now: datetime) -> dict[str, Any]:
    from supple.library.services import current_catalog

    catalog = current_catalog()
    status = today.status
    plan = today.plan
    changes = {c.ladder: c for c in today.changes}
    items = []
    for item in plan.items if plan is not None else ():
        change = changes.get(item.ladder)
        items.append(
            {
                **item.as_dict(),
                "name": today.names.get(item.exercise, item.exercise),
                "dose": dose_text(item, catalog),
                "change": None
                if change is None
                else {
                    "decision": change.decision,
                    "colour": change.colour,
                    "reason": change.reason,
                },
            }
        )
    program = today.program
    return {
        "date": local_today(now).isoformat(),
        "phase": plan.phase if plan else None,
        "flare": today.flare,
        "seconds": plan.seconds if plan else 0,
        "blocked": "emergency" if status.locked_until else (plan.blocked if plan else None),
        "items": items,
        "notes": list(plan.notes) if plan else [],
        "changes": [_decision_json(c) for c in today.changes],
        "program": None
        if program is None
        else {
            "made_on": program.made_on.isoformat(),
            "action": program.action,
            "trend": program.trend,
            "reason": program.reason,
            "phase_before": program.phase_before,
            "phase_after": program.phase_after,
        },
        "safety": {
            "outcome": status.outcome,
            "may_exercise": status.may_exercise,
            "due": status.due,
            "due_reason": status.due_reason,
            "locked_until": status.locked_until.isoformat() if status.locked_until else None,
            "needs_confirmation": status.needs_confirmation,
            "message": status.message,
        },
        "morning_check_due": today.morning_session is not None,
        "sessions_today": today.sessions_today,
    }


def today_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    with database_errors():
        user = pick_user(args)
        now = current_time()
        from supple.programs.services import flare

        if args.flare:
            flare.mark_flare(user, now)  # remembered for the day: `go` and the web see it
        elif args.eased:
            flare.ease_flare(user, now)
        today = services.today_for(user, now)
        if args.json:
            print(json.dumps(today_json(today, now), indent=2, ensure_ascii=False))
        else:
            show_today(console(), today, now)
    return 0


def why_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    out = console()
    with database_errors():
        user = pick_user(args)
        now = current_time()
        today = services.today_for(user, now)
        day = local_today(now)
        status = today.status
        out.print("[bold]Safety check[/bold]")
        if status.latest is None:
            out.print("- Not answered yet: `supple screen` or `supple start`.", markup=False)
        else:
            out.print(
                f"- Last answered {status.latest.taken_at:%d %B %Y}: {status.outcome}.",
                markup=False,
            )
        for line, style in safety_lines(status, today.program, day):
            out.print(_text(f"- {line}", style))
        if status.locked_until is not None:
            return 0
        program = today.program
        out.print("\n[bold]The program[/bold]")
        if program is None:
            out.print(
                "- No decision yet: decisions come the day after your first session.",
                markup=False,
            )
        else:
            out.print(
                f"- {program.made_on:%d %B}: {program.action}, pain trend {program.trend}. "
                f"{program.reason}",
                markup=False,
            )
            if program.phase_after != program.phase_before:
                out.print(f"- Phase {program.phase_before} -> {program.phase_after}.", markup=False)
        out.print("\n[bold]Changes to your exercises[/bold]")
        if not today.changes:
            out.print("- None since last time.", markup=False)
        from supple.programs.services.words import change_line

        for change in today.changes:
            said = change_line(change, today.names)
            out.print(_text(f"- {said.sentence} ({change.colour}) Why: {said.detail}"))
        plan = today.plan
        if plan is not None:
            out.print("\n[bold]Today's plan[/bold]")
            phase = f"- Phase {plan.phase}"
            if plan.flare:
                phase += ", flare day: gentle exercises only and no dose goes up today"
            out.print(phase + ".", markup=False)
            for note in plan.notes:
                out.print(f"- {note}", markup=False)
    return 0


# --------------------------------------------------------------------------------------------
# Morning check


def parse_pain_key(text: str) -> int:
    """A pain answer: a digit 0-9, ``t`` (or ``10``) for 10."""
    from supple.commands.prompts import Invalid

    word = text.strip().lower()
    if word in ("t", "10"):
        return 10
    if len(word) == 1 and word.isdigit():
        return int(word)
    shown = "Enter" if word == "" else repr(text.strip())
    raise Invalid(f"press a digit 0-9, or t for 10 (not {shown})")


def morning_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.domain.thresholds import RESCREEN_PAIN
    from supple.programs import services

    out = console()
    with database_errors():
        user = pick_user(args)
        now = current_time()
        given = None
        if args.pain is not None:
            try:
                given = parse_pain_key(args.pain)
            except ValueError as error:
                raise CommandError(f"pain: {error}") from None
        due = services.morning_check_due(user, local_today(now))
        if due is None and given is not None:
            raise CommandError(
                f"no morning check is due (no session yesterday is waiting for one): "
                f"{given}/10 was not saved"
            )
        if due is None:
            out.print("Nothing to check this morning: no session yesterday is waiting for it.")
            return 0
        if given is not None:
            pain = given
        else:
            from supple.commands.keys import TerminalKeys

            with TerminalKeys() as keys:
                answer = ask_pain_key(
                    out, keys, "How is your back pain this morning, on waking? (0-9, t = 10)"
                )
            assert answer is not None  # not optional
            pain = answer
        session = services.log_morning(user, pain, current_time())
        out.print(f"Saved: pain on waking {pain}/10, for the session of {session.date:%A}.")
        if pain >= RESCREEN_PAIN:
            out.print(
                f"A pain of {RESCREEN_PAIN} or more: the safety questions come first next time "
                "(`supple screen`).",
                markup=False,
            )
    return 0


def ask_pain_key(out: Any, keys: Any, question: str, *, optional: bool = False) -> int | None:
    """One key for a pain (0-9, t for 10); asked again, with the reason, on any other key.
    With ``optional``, Enter answers "not now" (None)."""
    from supple.commands.prompts import Invalid

    out.print(_text(question, "bold"))
    while True:
        try:
            key = keys.read_key(None)
        except EOFError:
            raise CommandError("no answer: standard input closed") from None
        if key is None:
            continue
        if optional and key in ("", "\n"):
            out.print("  (not answered)")
            return None
        try:
            pain = parse_pain_key(key)
        except Invalid as reason:
            out.print(_text(f"  Please try again: {reason}", "yellow"))
            continue
        out.print(f"  {pain}/10")
        return pain


def ask_yes_no_key(out: Any, keys: Any, question: str) -> bool:
    out.print(_text(question + " (y/n)", "bold"))
    while True:
        try:
            key = keys.read_key(None)
        except EOFError:
            raise CommandError("no answer: standard input closed") from None
        word = (key or "").strip().lower()
        if word in ("y", "yes"):
            out.print("  yes")
            return True
        if word in ("n", "no"):
            out.print("  no")
            return False
        if key is not None:
            shown = "Enter" if not word else repr(word)
            out.print(_text(f"  Please try again: press y or n (not {shown})", "yellow"))


# --------------------------------------------------------------------------------------------
# Log and progress


def log_command(args: argparse.Namespace) -> int:
    from rich.table import Table

    open_database(args)
    from supple.programs.services.counts import exercise_counts
    from supple.programs.services.local_user import sessions_between

    with database_errors():
        user = pick_user(args)
        day = local_today(current_time())
        until = _parse_day(args.until, "--until") if args.until else day
        since = (
            _parse_day(args.since, "--since")
            if args.since
            else until - timedelta(days=LOG_DAYS - 1)
        )
        if since > until:
            raise CommandError(f"--since {since} is after --until {until}")
        sessions = sessions_between(user, since, until)
        if args.json:
            print(json.dumps([session_json(s) for s in sessions], indent=2, ensure_ascii=False))
            return 0
        out = console()
        if not sessions:
            out.print(f"No sessions from {since:%d %B %Y} to {until:%d %B %Y}.")
            return 0
        table = Table(
            title=f"Sessions from {since:%d %b %Y} to {until:%d %b %Y}",
            title_justify="left",
            title_style="bold",
        )
        for column in ("Date", "Started", "Status", "Before", "After", "Next morning", "Done"):
            table.add_column(column)
        table.add_column("Worst during", justify="right")
        for s in sessions:
            entries = list(s.entries.all())
            counts = exercise_counts(s, entries)  # an exercise cut short is not "done"
            done = f"{counts.done} of {len(s.plan)}" + (
                f" (+{counts.partly} partly)" if counts.partly else ""
            )
            worst = max((e.p_during for e in entries if e.p_during is not None), default=None)
            status = s.get_status_display() + (" (flare)" if s.flare else "")
            table.add_row(
                f"{s.date:%a %d %b}",
                f"{_local(s.started_at):%H:%M}",
                status,
                _pain(s.p_pre),
                _pain(s.p_post),
                _pain(s.p_next),
                done,
                _pain(worst) + (" spread" if s.spread or any(e.spread for e in entries) else ""),
            )
        out.print(table)
        out.print(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}.")
    return 0


def _local(moment: datetime) -> datetime:
    from django.utils import timezone

    return timezone.localtime(moment)


def _pain(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def session_json(s: Any) -> dict[str, Any]:
    return {
        "id": str(s.client_id),
        "date": s.date.isoformat(),
        "started_at": s.started_at.isoformat(),
        "ended_at": s.ended_at.isoformat() if s.ended_at else None,
        "status": s.status,
        "flare": s.flare,
        "phase": s.phase,
        "source": s.source,
        "p_pre": s.p_pre,
        "p_post": s.p_post,
        "p_next": s.p_next,
        "spread": s.spread,
        "exercises": [
            {
                "position": e.position,
                "exercise": e.exercise,
                "hold_s": e.hold_s,
                "reps": e.reps,
                "sets": e.sets,
                "p_during": e.p_during,
                "spread": e.spread,
                "completed": e.completed,
                "skipped": e.skipped,
                "swapped_from": e.swapped_from or None,
            }
            for e in s.entries.all()
        ],
    }


def progress_json(progress: Progress) -> dict[str, Any]:
    def adherence(a: Any) -> dict[str, int]:
        return {"days": a.days, "done": a.done, "planned": a.planned, "percent": a.percent}

    return {
        "adherence_7": adherence(progress.adherence_7),
        "adherence_28": adherence(progress.adherence_28),
        "streak": progress.streak,
        "pain": [
            {
                "date": p.date.isoformat(),
                "label": p.label,
                "p_pre": p.p_pre,
                "p_post": p.p_post,
                "p_next": p.p_next,
            }
            for p in progress.pain
        ],
        "decisions": [_decision_json(d) for d in progress.decisions],
    }


def progress_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    with database_errors():
        user = pick_user(args)
        day = local_today(current_time())
        progress = services.progress_for(user, day)
        if args.json:
            print(json.dumps(progress_json(progress), indent=2, ensure_ascii=False))
            return 0
        from supple.library.services import current_catalog

        show_progress(console(), progress, day, current_catalog())
    return 0


def show_progress(out: Any, progress: Progress, day: date, catalog: Catalog) -> None:
    from supple.commands import terminal_chart as chart
    from supple.commands.player import hanging

    a7, a28 = progress.adherence_7, progress.adherence_28
    out.print("[bold]Adherence[/bold]")
    out.print(
        f"  Last 7 days: {a7.done} of {a7.planned} planned days ({a7.percent}%)\n"
        f"  Last 28 days: {a28.done} of {a28.planned} planned days ({a28.percent}%)\n"
        f"  Streak: {progress.streak} day{'s' if progress.streak != 1 else ''} in a row",
        markup=False,
    )
    out.print("\n[bold]Pain (0-10), one column a day, · = not logged[/bold]")
    out.print(f"  {progress.summary}", markup=False)
    if not progress.pain:
        out.print("  No sessions in the last 90 days yet.")
    else:
        width = max(14, min(90, (out.width or 80) - 16))
        series = {
            "Before": chart.daily([(p.date, p.p_pre) for p in progress.pain]),
            "After": chart.daily([(p.date, p.p_post) for p in progress.pain]),
            "Next morning": chart.daily([(p.date, p.p_next) for p in progress.pain]),
        }
        for line in chart.chart(series, day, width):
            out.print(line, markup=False, highlight=False)
        out.print("  Weekly average:", markup=False)
        for name, points in series.items():
            this = chart.mean(points, day - timedelta(days=6), day)
            last = chart.mean(points, day - timedelta(days=13), day - timedelta(days=7))
            out.print(
                f"    {name:<13} last 7 days {_mean(this)}, the 7 days before {_mean(last)}",
                markup=False,
            )
    out.print("\n[bold]Exercises: level and decisions[/bold]")
    if not progress.decisions:
        out.print("  No decisions yet: they come the day after your sessions.")
        return

    names = {e.id: e.name for e in catalog.exercises}
    by_ladder: dict[str, list[Any]] = {}
    for decision in progress.decisions:
        by_ladder.setdefault(decision.ladder, []).append(decision)
    narrow = (out.width or 80) < NARROW
    for decisions in by_ladder.values():
        latest = decisions[-1]
        after = latest.after
        name = _exercise_name(catalog, after.get("exercise", latest.exercise))
        out.print(hanging("  ", f"{name}: now {dose_text(after, catalog)}", "bold"))
        if narrow:
            show_decisions_stacked(out, decisions[-6:], names)
        else:
            show_decisions_table(out, decisions[-6:], names)
        if len(decisions) > 6:
            out.print(f"    ... and {len(decisions) - 6} earlier (`supple progress --json`)")


def show_decisions_stacked(out: Any, decisions: list[Any], names: dict[str, str]) -> None:
    """Each decision over two lines: the date and its light, then what changed."""
    from supple.commands.player import hanging
    from supple.programs.services.words import change_line

    for d in decisions:
        out.print(hanging("    ", f"{d.made_on:%d %b}: {d.colour}", _COLOUR.get(d.colour, "")))
        out.print(hanging("      ", change_line(d, names).sentence))


def show_decisions_table(out: Any, decisions: list[Any], names: dict[str, str]) -> None:
    from rich.table import Table

    from supple.programs.services.words import change_line

    table = Table(show_header=True, box=None, padding=(0, 1), pad_edge=False)
    table.add_column("    Date")
    table.add_column("Light")
    table.add_column("What changed")
    for d in decisions:
        words = change_line(d, names)
        table.add_row(
            f"    {d.made_on:%d %b}",
            _text(d.colour, _COLOUR.get(d.colour, "")),
            _text(words.sentence),
        )
    out.print(table)


_COLOUR = {"green": "green", "amber": "yellow", "red": "bold red"}


def _mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _exercise_name(catalog: Catalog, exercise_id: str) -> str:
    return catalog.exercise(exercise_id).name if exercise_id in catalog else exercise_id


# --------------------------------------------------------------------------------------------
# The session, the break timer, export (their own modules)


def go_command(args: argparse.Namespace) -> int:
    from supple.commands.player import run_go

    return run_go(args)


def breaks_command(args: argparse.Namespace) -> int:
    from supple.commands.break_timer import run_breaks

    return run_breaks(args)


def export_command(args: argparse.Namespace) -> int:
    """The web app's downloads (services.export, services.calendar), to a file or stdout."""
    open_database(args)
    from supple.programs.services import calendar, export

    with database_errors():
        user = pick_user(args)
        now = current_time()
        if args.format == "json":
            data = export.export_json(user, now).encode("utf-8")
        elif args.format == "csv":
            data = export.export_csv_zip(user, now)
        else:
            data = calendar.calendar_for(user)
            _warn_if_empty(user)
    if args.output in (None, "-"):
        if args.format == "csv" and sys.stdout.isatty():
            raise CommandError(
                "the CSV export is a zip of CSV files: use --output FILE, or redirect it"
            )
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    written = write_file(args.output, data)
    print(f"Wrote {written}, {len(data)} bytes.", file=sys.stderr)
    return 0


def _warn_if_empty(user: User) -> None:
    """A calendar with no event is valid but useless: say so, and how to fill it."""
    from supple.commands.reminders import FILL_CALENDAR, is_empty
    from supple.programs.models import Profile
    from supple.programs.services import calendar

    profile = Profile.objects.get(user=user)
    if is_empty(calendar.reminder_settings(profile)):
        print(f"supple: warning: the calendar has no events: {FILL_CALENDAR}.", file=sys.stderr)


def write_file(path: str, data: bytes) -> str:
    """Write all of ``data`` or nothing: a temporary file next to the target, then a rename.

    Only a regular file or a new path is written, never what a path to a device, a pipe or a
    folder points to. A symbolic link is written through (the file it points to is replaced,
    the link stays). Returns what was written, in words."""
    import os
    import stat
    import tempfile
    from pathlib import Path

    given = Path(path).expanduser()
    target = given
    through = ""
    if given.is_symlink():
        target = given.resolve()
        through = f" (through the link {path})"
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise CommandError(f"--output: cannot write {path}: {error.strerror}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise CommandError(f"--output: {path} is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise CommandError(
            f"--output: {path} is not a regular file (a device or a pipe): it is left as it "
            "is; give a file name, or leave out --output to write to standard output"
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".supple-")
    except OSError as error:
        raise CommandError(f"--output: cannot write in {target.parent}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"--output: cannot write {path}: {error.strerror}") from None
    return f"{target}{through}"
