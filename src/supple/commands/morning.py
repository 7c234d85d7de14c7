"""``supple morning``: the pain on waking after yesterday's session, in one key."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from supple.commands import CommandError, user_database
from supple.commands.terminal import ask_pain_key, console, local_today, parse_pain_key
from supple.commands.user_database import (
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    pass


def morning_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.domain.thresholds import RESCREEN_PAIN
    from supple.programs import services

    out = console()
    with database_errors():
        user = pick_user(args)
        now = user_database.current_time()
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
        session = services.log_morning(user, pain, user_database.current_time())
        out.print(f"Saved: pain on waking {pain}/10, for the session of {session.date:%A}.")
        if pain >= RESCREEN_PAIN:
            out.print(
                f"A pain of {RESCREEN_PAIN} or more: the safety questions come first next time "
                "(`supple screen`).",
                markup=False,
            )
    return 0
