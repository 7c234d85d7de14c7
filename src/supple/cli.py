"""The ``supple`` command.

Start-up must stay fast (``supple --help`` under 100 ms): the help is written here, from the
table ``COMMANDS``, without importing a command module; the command modules import only the
standard library at the top, and each handler imports what it needs.
"""

from __future__ import annotations

import sys

from supple import __version__

# typing costs start-up time; its TYPE_CHECKING is False at run time all the same.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

# Every command with its one-line help, by group: daily use first, administration last. A test
# checks it against the commands the modules register.
COMMANDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Your daily program",
        (
            ("start", "the notice, the first questions and the safety screen, then your plan"),
            ("today", "today's routine: exercises, doses, time and why it changed"),
            ("go", "the guided session, hands-free"),
            ("morning", "the next-morning pain check"),
            ("progress", "adherence, streak, a pain chart and each exercise's level"),
            ("log", "your sessions, with their pain logs"),
            ("why", "the reasons behind today's plan"),
            ("breaks", "the sitting-break timer"),
            ("reminders", "the days and time of your routine and your sitting-break hours"),
            ("export", "all your data as CSV, JSON or FHIR, or your routine as a calendar"),
            ("confirm-clinician", "confirm that a clinician has assessed or cleared you"),
        ),
    ),
    (
        "The exercise library",
        (
            ("exercises", "list the exercise library"),
            ("show", "show one exercise"),
            ("routines", "list the routines"),
            ("tips", "advice for everyday life"),
        ),
    ),
    (
        "The engine (JSON in, answers out; see docs/engine-cli.md)",
        (
            ("screen", "the safety questions (with --answers FILE: the stateless screen)"),
            ("plan", "today's exercise plan for an intake profile"),
            ("decide", "progress, hold, regress or pause each exercise from a pain log"),
            ("import", "draft library entries from an exercise article"),
        ),
    ),
    (
        "Running Supple (administration)",
        (
            ("serve", "start the web app"),
            ("init", "create or update the database"),
            ("createuser", "create an account"),
            ("passwd", "set a new password for an account"),
            ("library", "manage the library in the database"),
            ("manage", "run a Django management command"),
        ),
    ),
)
NAMES = tuple(name for _, commands in COMMANDS for name, _ in commands)

EXAMPLES = (
    ("supple start", "answer the first questions and get your plan"),
    ("supple go", "today's session, guided, with a countdown and a bell"),
    ("supple show bridge", "one exercise: its steps, cautions and figure"),
    ("supple reminders --days mon,wed,fri --time 07:30", "when your routine comes round"),
    ("supple export --format ics -o supple.ics", "your reminders in your calendar"),
)

USAGE = "usage: supple COMMAND [options]   (supple COMMAND --help: its options)"


def help_text(*, short: bool = False) -> str:
    lines = [USAGE, "", "Supple: a home-exercise coach for low back pain.", ""]
    width = max(len(name) for name in NAMES) + 2
    for title, commands in COMMANDS[:1] if short else COMMANDS:
        lines.append(f"{title}:")
        lines.extend(f"  {name:<{width}}{text}" for name, text in commands)
        lines.append("")
    if short:
        lines.append("All the commands (the library, the engine, administration): supple --help")
    else:
        lines.append("Examples:")
        lines.extend(f"  {command}\n      {text}" for command, text in EXAMPLES)
        lines.append("")
        lines.append("Options: -h, --help (this help), --version. More: docs/cli.md.")
    return "\n".join(lines)


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """ " (did you mean today?)" for a near miss, else ""."""
    import difflib

    close = difflib.get_close_matches(word.lower(), choices, n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class Parser(argparse.ArgumentParser):
        """Usage errors on one line, ``supple: error: ...`` as every other error."""

        def error(self, message: str) -> NoReturn:
            if "invalid choice:" in message and "(choose from" in message:
                word = message.split("'")[1] if "'" in message else ""
                choices = message.split("(choose from", 1)[1].rstrip(")").replace("'", "")
                options = [c.strip() for c in choices.split(",")]
                hint = did_you_mean(word, options)
                if hint:
                    message = message.split(" (choose from")[0] + hint
            self.exit(2, f"supple: error: {message} (see `{self.prog} --help`)\n")

    return Parser


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from supple.commands import COMMAND_MODULES

    parser = _parser_class()(
        prog="supple",
        description="Supple: a home-exercise coach for low back pain.",
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        print(help_text(short=True))
        return 0
    if args_list[0] in ("-h", "--help"):
        print(help_text())
        return 0
    first = args_list[0]
    if not first.startswith("-") and first not in NAMES:
        lowered = first.lower()
        if lowered in NAMES:
            args_list[0] = lowered  # `supple Today` is `supple today`
        else:
            print(
                f"supple: error: there is no command {first!r}{did_you_mean(first, NAMES)}; "
                "`supple --help` lists them",
                file=sys.stderr,
            )
            return 2
    return run(build_parser(), args_list)


def run(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    from supple.commands import CommandError

    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        print(help_text(short=True))
        return 0
    try:
        code = int(handler(args) or 0)
        sys.stdout.flush()
        return code
    except OSError as error:
        if error.errno not in _output_errnos():
            raise
        return output_failed(error)
    except CommandError as error:
        print(f"supple: error: {error}", file=sys.stderr)
        return error.exit_code
    except EOFError:
        print("supple: error: standard input closed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130


def _output_errnos() -> frozenset[int]:
    """Standard output cannot take more: a closed pipe, a full disk or quota, a gone terminal."""
    import errno

    return frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def output_failed(error: OSError) -> int:
    """Standard output failed (a full disk, a reader that stopped early): one line, and
    nothing more written to it (Python would try again on its way out)."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    reason = "the reader stopped early" if isinstance(error, BrokenPipeError) else error.strerror
    print(f"supple: error: cannot write the output: {reason}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
