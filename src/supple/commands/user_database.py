"""What every command about a person's own program needs: the local database opened with
clear errors, the person picked (``--user``), the time, and a live screen run on them.

Only the standard library at module level: ``supple --help`` imports this module.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from supple.commands import CommandError

if TYPE_CHECKING:
    from datetime import datetime

    from supple.accounts.models import User
    from supple.commands.keys import Clock, Keys


class LiveScreen(Protocol):
    def run(self) -> int: ...


def add_user_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="whose program (default: the only account on this computer)",
    )
    # For tests and slow disks: how long to wait for a database another program is writing.
    parser.add_argument(
        "--db-timeout", type=float, default=None, metavar="SECONDS", help=argparse.SUPPRESS
    )


def open_database(args: argparse.Namespace, *, prepare: bool = False) -> None:
    """Set Django up; with ``prepare``, create or update the database and load the library
    when it is empty, so that ``supple start`` works on a fresh install."""
    from supple.commands.server import init_database, setup_django

    setup_django()
    timeout = getattr(args, "db_timeout", None)
    if timeout is not None:
        if not 0 <= timeout <= 600:
            raise CommandError(f"--db-timeout must be between 0 and 600 seconds, not {timeout}")
        from django.db import connections

        options = connections["default"].settings_dict.setdefault("OPTIONS", {})
        if connections["default"].vendor == "sqlite":
            options["timeout"] = timeout
    if prepare:
        with database_errors():
            init_database(verbose=False)
            from supple.library.models import Exercise

            # A fresh install gets the shipped library; an existing one keeps its own (and
            # `supple init` or `supple serve` bring in a newer one).
            if not Exercise.objects.exists():
                from supple.commands.server import load_into_database

                load_into_database()


def describe_database_error(error: BaseException) -> str:
    """One line a person can act on, for the database errors a local install meets."""
    from django.db import connections

    text = str(error).strip() or error.__class__.__name__
    lowered = text.lower()
    name = connections["default"].settings_dict.get("NAME", "")
    if "locked" in lowered or "busy" in lowered:
        return (
            "the database is busy: another program (the web app or another `supple` command) "
            "is writing to it; try again in a moment"
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return (
            f"{name} is not a Supple database or is damaged ({text}); move it aside and run "
            "`supple init`, or point SUPPLE_DATA_DIR or DATABASE_URL elsewhere"
        )
    if "no such column" in lowered or ("column" in lowered and "does not exist" in lowered):
        return "the database is older than this version of Supple: run `supple init` to update it"
    if "no such table" in lowered or "does not exist" in lowered:
        return "the database is not set up yet: run `supple init` (or `supple start`)"
    if "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
        return f"cannot open the database {name} ({text}): check the folder and its permissions"
    return f"the database failed: {text}"


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn a database failure, or a request the program refuses (ProgramError), into a
    one-line CommandError: never a traceback."""
    from django.db import DatabaseError

    from supple.programs.services import ProgramError

    try:
        yield
    except DatabaseError as error:
        raise CommandError(describe_database_error(error)) from None
    except ProgramError as error:
        raise CommandError(str(error)) from None


def pick_user(args: argparse.Namespace) -> User:
    from supple.programs.services import ProgramError
    from supple.programs.services.terminal_user import local_user

    try:
        return local_user(getattr(args, "user", None) or None)
    except ProgramError as error:
        raise CommandError(str(error)) from None


def current_time() -> datetime:
    """Now, aware; the one place commands read the clock (tests replace it)."""
    from django.utils import timezone

    return timezone.now()


def run_live(
    args: argparse.Namespace,
    make: Callable[[Any, User, Keys, Clock], LiveScreen],
    *,
    keys: Keys | None,
    clock: Clock | None,
    max_speed: float,
) -> int:
    """Run a live screen (the guided session, the break timer): the database opened, the
    person picked, the terminal's keys read without Enter (or the given ones, in tests)."""
    from supple.commands.keys import Clock, TerminalKeys
    from supple.commands.terminal import console

    if not 0.1 <= args.speed <= max_speed:
        raise CommandError(f"--speed must be between 0.1 and {max_speed:g}, not {args.speed}")
    open_database(args)
    out = console()
    with database_errors():
        user = pick_user(args)
        ticking = clock or Clock(args.speed)
        if keys is not None:
            return make(out, user, keys, ticking).run()
        with TerminalKeys() as terminal:
            return make(out, user, terminal, ticking).run()
