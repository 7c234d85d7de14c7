"""``supple reminders``: the routine's days and time and the sitting-break hours, set from the
terminal through the same service as the web app's Reminders page
(``supple.programs.services.calendar``); ``supple export --format ics`` writes the calendar.

Only the standard library at module level: ``supple --help`` imports this module.
"""

from __future__ import annotations

import argparse
from datetime import time
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError
from supple.commands.user_database import (
    add_user_options,
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.programs.services.calendar import ReminderSettings

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SETS = {
    "daily": tuple(range(7)),
    "everyday": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "none": (),
}
FILL_CALENDAR = (
    "set your routine's days and time with `supple reminders --days mon,wed,fri --time 07:30` "
    "and your sitting breaks with `supple reminders --breaks on --from 09:00 --until 17:00`"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reminders",
        help="the days and time of your routine and your sitting-break hours",
        description=(
            "Show or set your reminders, as on the web app's Reminders page: the days and time "
            "of your routine (with an alarm before it) and the hours of the sitting-break "
            "reminders. `supple export --format ics` puts them in your calendar. Days: "
            "mon,wed,fri, mon-fri, weekdays, weekends, daily or none."
        ),
        epilog=(
            "examples:\n"
            "  supple reminders --days mon,wed,fri --time 07:30\n"
            "  supple reminders --breaks on --break-days weekdays --from 09:00 --until 17:00\n"
            "  supple reminders --days none"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--days", metavar="DAYS", help="the routine's days ('none': no routine)")
    parser.add_argument("--time", metavar="HH:MM", help="the routine's time")
    parser.add_argument(
        "--alarm", type=int, metavar="MINUTES", help="the alarm, minutes before the routine"
    )
    parser.add_argument("--breaks", choices=["on", "off"], help="sitting-break reminders")
    parser.add_argument("--break-days", metavar="DAYS", help="the days of the sitting breaks")
    parser.add_argument("--from", dest="start", metavar="HH:MM", help="first break hour")
    parser.add_argument("--until", metavar="HH:MM", help="end of the break hours")
    parser.add_argument(
        "--every", type=int, metavar="MINUTES", help="minutes of sitting between breaks (10-120)"
    )
    add_user_options(parser)
    parser.set_defaults(handler=reminders_command)


def parse_days(text: str, option: str) -> tuple[int, ...]:
    """ "mon,wed,fri", "mon-fri", "weekdays", "daily", "none" -> day numbers (0 is Monday)."""
    word = text.strip().lower().replace(" ", "")
    if word in DAY_SETS:
        return DAY_SETS[word]
    days: set[int] = set()
    for part in word.split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            low, high = _day(first, option), _day(last, option)
            if low > high:
                raise CommandError(f"{option}: {part!r} runs backwards; write it as {last}-{first}")
            days.update(range(low, high + 1))
        elif part:
            days.add(_day(part, option))
    if not days:
        raise CommandError(f"{option}: no day given (for example mon,wed,fri or none)")
    return tuple(sorted(days))


def _day(word: str, option: str) -> int:
    for number, name in enumerate(DAY_NAMES):
        if word[:3] == name and DAY_WORDS[number].lower().startswith(word):
            return number
    raise CommandError(
        f"{option}: {word!r} is not a day; use mon, tue, wed, thu, fri, sat, sun "
        "(mon-fri, weekdays, weekends, daily, none)"
    )


def parse_time(text: str, option: str) -> time:
    try:
        hours, _, minutes = text.strip().partition(":")
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise CommandError(f"{option}: {text!r} is not a time; write HH:MM, like 07:30") from None


def days_text(days: tuple[int, ...]) -> str:
    if not days:
        return "no days"
    if days == tuple(range(7)):
        return "every day"
    return ", ".join(DAY_WORDS[d] for d in days)


def settings_lines(values: ReminderSettings) -> list[str]:
    if values.routine_days and values.routine_time is not None:
        routine = (
            f"Routine: {days_text(values.routine_days)} at {values.routine_time:%H:%M}, "
            f"with an alarm {values.alarm_minutes} minutes before."
        )
    else:
        routine = "Routine: no days or time set."
    if values.sitting_breaks:
        breaks = (
            f"Sitting breaks: {days_text(values.sitting_days)}, from "
            f"{values.sitting_from:%H:%M} to {values.sitting_until:%H:%M}, every "
            f"{values.sitting_interval_minutes} minutes."
        )
    else:
        breaks = "Sitting breaks: off."
    return [routine, breaks]


def is_empty(values: ReminderSettings) -> bool:
    """Nothing a calendar would show."""
    return not (values.routine_days and values.routine_time) and not values.sitting_breaks


def changed(args: argparse.Namespace, values: ReminderSettings) -> ReminderSettings | None:
    """The settings with the options given applied; None when no option was given."""
    from dataclasses import replace

    update: dict[str, Any] = {}
    if args.days is not None:
        update["routine_days"] = parse_days(args.days, "--days")
        if not update["routine_days"]:
            update["routine_time"] = None
    if args.time is not None:
        update["routine_time"] = parse_time(args.time, "--time")
    if args.alarm is not None:
        update["alarm_minutes"] = args.alarm
    if args.breaks is not None:
        update["sitting_breaks"] = args.breaks == "on"
    if args.break_days is not None:
        update["sitting_days"] = parse_days(args.break_days, "--break-days")
    if args.start is not None:
        update["sitting_from"] = parse_time(args.start, "--from")
    if args.until is not None:
        update["sitting_until"] = parse_time(args.until, "--until")
    if args.every is not None:
        update["sitting_interval_minutes"] = args.every
    return replace(values, **update) if update else None


def reminders_command(args: argparse.Namespace) -> int:
    open_database(args)
    from supple.programs.models import Profile
    from supple.programs.services import calendar

    with database_errors():
        user = pick_user(args)
        profile = Profile.objects.filter(user=user).first()
        if profile is None:
            raise CommandError("answer the first questions first: `supple start`")
        values = calendar.reminder_settings(profile)
        wanted = changed(args, values)
        if wanted is not None:
            if (
                wanted.routine_days
                and wanted.routine_time is None
                and not values.routine_days
                and args.time is None
            ):
                raise CommandError("--days needs --time too (for example --time 07:30)")
            profile = calendar.save_reminders(user, wanted)
            values = calendar.reminder_settings(profile)
            print("Saved.")
    for line in settings_lines(values):
        print(line)
    if is_empty(values):
        print(f"Nothing to remind you of yet: {FILL_CALENDAR}.")
    else:
        print("Put them in your calendar: supple export --format ics --output supple.ics")
    return 0
