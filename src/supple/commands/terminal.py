"""What the program commands share in the terminal: the console and styled text, doses and
times in words, one-key answers (a pain 0-9, yes or no), and the local day.

Only the standard library at module level: ``supple --help`` imports this module.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError

if TYPE_CHECKING:
    from supple.domain.catalog import Catalog


def console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


def styled_text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(value, style=style)


def emergency_number() -> str:
    from django.conf import settings

    return str(settings.SUPPLE_EMERGENCY_NUMBER)


def parse_day(value: str, option: str) -> date:
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


# Below this many columns a table's rows wrap into narrow columns: each row is stacked instead.
NARROW = 60


def join_parts(parts: list[str], width: int) -> list[str]:
    """Parts joined by " · ", a line broken only between parts ("1 min 50 s" stays whole)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


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


def ask_pain_key(out: Any, keys: Any, question: str, *, optional: bool = False) -> int | None:
    """One key for a pain (0-9, t for 10); asked again, with the reason, on any other key.
    With ``optional``, Enter answers "not now" (None)."""
    from supple.commands.prompts import Invalid

    out.print(styled_text(question, "bold"))
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
            out.print(styled_text(f"  Please try again: {reason}", "yellow"))
            continue
        out.print(f"  {pain}/10")
        return pain


def ask_yes_no_key(out: Any, keys: Any, question: str) -> bool:
    out.print(styled_text(question + " (y/n)", "bold"))
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
            out.print(styled_text(f"  Please try again: press y or n (not {shown})", "yellow"))


OUTCOME_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "clearance": "bold yellow",
    "gp": "yellow",
    "clear": "green",
    "incomplete": "bold yellow",
}


def hanging(lead: str, text: str, style: str = "") -> Any:
    """``lead`` then ``text``, its wrapped lines indented under the text (a hanging indent)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=0)
    grid.add_column(width=len(lead), no_wrap=True)
    grid.add_column()
    grid.add_row(Text(lead, style=style), Text(text, style=style))
    return grid


def is_interactive() -> bool:
    import sys

    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return False
