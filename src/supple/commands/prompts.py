"""Questions in the terminal, one at a time, each checked: a bad answer is asked again with
the reason ("a whole number from 0 to 10, not 'eleven'"). Enter keeps the default when there
is one. Standard input closing is a clear error, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from supple.commands import CommandError

T = TypeVar("T")

YES = frozenset({"y", "yes"})
NO = frozenset({"n", "no"})


class Invalid(ValueError):
    """An answer that cannot be used; the message says why, in plain words."""


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


class Prompter:
    """Asks questions on ``console`` and reads answers with ``read_line`` (the console's
    ``input`` by default; tests pass their own)."""

    def __init__(
        self,
        console: Any | None = None,
        read_line: Callable[[str], str] | None = None,
        *,
        password_reader: Callable[[str], str] | None = None,
    ) -> None:
        self.console = console or _console()
        self._read_line = read_line
        self._password_reader = password_reader

    # -- the one loop every question goes through ------------------------------------------

    def ask(
        self,
        question: str,
        parse: Callable[[str], T],
        *,
        default: str | None = None,
        hint: str = "",
        password: bool = False,
    ) -> T:
        shown = question
        if hint:
            shown += f" [dim]({hint})[/dim]"
        if default is not None and default != "":
            shown += f" [dim]\\[{default}][/dim]"
        while True:
            text = self._read(shown + " ", password=password).strip()
            if not text and default is not None:
                text = default
            try:
                return parse(text)
            except Invalid as reason:
                self.console.print(f"  [bold yellow]Please try again:[/] {reason}", highlight=False)

    def _read(self, prompt: str, *, password: bool) -> str:
        try:
            if password:
                if self._password_reader is not None:
                    self.console.print(prompt, end="")
                    secret = self._password_reader("")
                    self.console.print()
                    return secret
                return str(self.console.input(prompt, password=True))
            if self._read_line is not None:
                # No terminal echoes the answer: print it, so the transcript reads right.
                self.console.print(prompt, end="")
                answer = self._read_line("")
                self.console.print(answer, markup=False, highlight=False)
                return answer
            return str(self.console.input(prompt))
        except EOFError:
            self.console.print()
            raise CommandError(
                "no answer: standard input closed before the questions ended"
            ) from None

    # -- kinds of question -------------------------------------------------------------------

    def integer(
        self, question: str, low: int, high: int, *, default: int | None = None, hint: str = ""
    ) -> int:
        def parse(text: str) -> int:
            return parse_integer(text, low, high)

        return self.ask(
            question,
            parse,
            default=None if default is None else str(default),
            hint=hint or f"{low}-{high}",
        )

    def number(
        self, question: str, low: float, high: float, *, default: float | None = None
    ) -> float:
        def parse(text: str) -> float:
            if not text:
                raise Invalid(f"give a number from {low:g} to {high:g}")
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                raise Invalid(f"give a number from {low:g} to {high:g}, not {text!r}") from None
            if value != value or not low <= value <= high:
                raise Invalid(f"give a number from {low:g} to {high:g}, not {text!r}")
            return value

        return self.ask(
            question, parse, default=None if default is None else f"{default:g}", hint=""
        )

    def yes_no(self, question: str, *, default: bool | None = None) -> bool:
        shown = None if default is None else ("y" if default else "n")
        return self.ask(question, parse_yes_no, default=shown, hint="y/n")

    def choice(
        self, question: str, options: Sequence[tuple[str, str]], *, default: str | None = None
    ) -> str:
        """One of ``options`` (key, label), by its number or its key."""
        self.console.print(question, highlight=False)
        for n, (_key, label) in enumerate(options, start=1):
            self.console.print(f"  {n}. {label}", highlight=False, markup=False)
        keys = [key for key, _ in options]
        shown = str(keys.index(default) + 1) if default in keys else None

        def parse(text: str) -> str:
            return parse_choice(text, keys)

        return self.ask("Your choice", parse, default=shown, hint=f"1-{len(options)}")

    def several(
        self,
        question: str,
        options: Sequence[tuple[str, str]],
        *,
        default: Sequence[str] = (),
    ) -> list[str]:
        """Any of ``options``: numbers or keys separated by commas or spaces; ``none`` or ``-``
        for none of them."""
        self.console.print(question, highlight=False)
        for n, (_key, label) in enumerate(options, start=1):
            self.console.print(f"  {n}. {label}", highlight=False, markup=False)
        keys = [key for key, _ in options]
        shown = ", ".join(str(keys.index(k) + 1) for k in default if k in keys) or "none"

        def parse(text: str) -> list[str]:
            return parse_several(text, keys)

        return self.ask("Numbers, separated by commas", parse, default=shown, hint="or 'none'")

    def text(self, question: str, parse: Callable[[str], T], *, default: str | None = None) -> T:
        return self.ask(question, parse, default=default)

    def password(self, question: str) -> str:
        def parse(text: str) -> str:
            if not text:
                raise Invalid("the password is empty")
            return text

        return self.ask(question, parse, password=True)


# -- parsers (plain functions, tested alone) --------------------------------------------------


def parse_integer(text: str, low: int, high: int) -> int:
    if not text:
        raise Invalid(f"give a whole number from {low} to {high}")
    try:
        value = int(text)
    except ValueError:
        raise Invalid(f"give a whole number from {low} to {high}, not {text!r}") from None
    if not low <= value <= high:
        raise Invalid(f"give a whole number from {low} to {high}, not {value}")
    return value


def parse_yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise Invalid(f"answer y (yes) or n (no), not {text!r}" if text else "answer y or n")


def parse_choice(text: str, keys: Sequence[str]) -> str:
    word = text.strip().lower()
    if word.isdigit() and 1 <= int(word) <= len(keys):
        return keys[int(word) - 1]
    if word in keys:
        return word
    raise Invalid(f"give a number from 1 to {len(keys)}" + (f", not {text!r}" if text else ""))


def parse_several(text: str, keys: Sequence[str]) -> list[str]:
    word = text.strip().lower()
    if word in ("", "none", "-", "0"):
        return []
    chosen: list[str] = []
    for part in word.replace(",", " ").split():
        if part.isdigit() and 1 <= int(part) <= len(keys):
            key = keys[int(part) - 1]
        elif part in keys:
            key = part
        else:
            raise Invalid(f"{part!r} is not one of the numbers 1 to {len(keys)}")
        if key not in chosen:
            chosen.append(key)
    return chosen
