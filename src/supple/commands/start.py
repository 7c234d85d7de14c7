"""``supple start``, the interactive ``supple screen`` and ``supple confirm-clinician``: the
notice, the intake questions and the safety screen in the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError, user_database
from supple.commands.terminal import OUTCOME_STYLE, console, emergency_number, styled_text
from supple.commands.today import show_today
from supple.commands.user_database import (
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.accounts.models import User
    from supple.commands.prompts import Prompter
    from supple.domain.catalog import Catalog
    from supple.programs.services.intake import IntakeData


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
    from supple.programs.services.terminal_user import has_accounts

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
        user, answers, checked=checked, trigger=trigger, now=user_database.current_time()
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


def show_screen_outcome(out: Any, outcome: str, message: str) -> None:
    if outcome == "emergency":
        out.print(styled_text(message, OUTCOME_STYLE["emergency"]))  # first and alone
        return
    out.print(styled_text(f"\nSafety check: {outcome}", OUTCOME_STYLE.get(outcome, "")))
    out.print(message, markup=False)
    if outcome in ("urgent", "clearance"):
        out.print(
            "When a clinician has assessed you (or cleared you to start), run "
            "`supple confirm-clinician`.",
            markup=False,
        )


def start_command(args: argparse.Namespace) -> int:
    from supple.commands.prompts import Prompter
    from supple.commands.terminal import is_interactive

    open_database(args, prepare=True)
    from supple.library.services import current_catalog
    from supple.programs import services

    out = console()
    reader = None if is_interactive() else _line_reader
    prompter = Prompter(out, reader, password_reader=reader)
    with database_errors():
        user = _account_for_start(args, prompter)
        status = services.safety_status(user, user_database.current_time())
        if status.locked_until is not None:
            out.print(styled_text(status.message, OUTCOME_STYLE["emergency"]))
            return 1
        if not services.has_accepted_disclaimer(user):
            out.print("\n[bold]Before you start[/bold]")
            out.print(notice_text(emergency_number()), markup=False)
            if not prompter.yes_no("Do you accept this?"):
                raise CommandError("the notice must be accepted before the questions")
            services.accept_disclaimer(user, user_database.current_time())
        previous = services.profile_of(user)
        data = ask_intake(prompter, previous, current_catalog())
        services.save_intake(user, data, user_database.current_time())
        out.print("Your answers are saved.")
        status = services.safety_status(user, user_database.current_time())
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
        today = services.today_for(user, user_database.current_time())
        out.print()
        show_today(out, today, user_database.current_time())
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
    from supple.commands.prompts import Prompter
    from supple.commands.terminal import is_interactive

    open_database(args)
    from supple.programs import services

    out = console()
    reader = None if is_interactive() else _line_reader
    with database_errors():
        user = pick_user(args)
        status = services.safety_status(user, user_database.current_time())
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
        status = services.safety_status(user, user_database.current_time())
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
        record = services.confirm_clinician(user, user_database.current_time())
    print(
        f"Recorded: a clinician has seen you after the {record.outcome} result "
        f"of {record.taken_at:%d %B %Y}."
    )
    return 0
