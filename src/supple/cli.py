"""The ``supple`` command.

Start-up must stay fast (``supple --help`` under 300 ms), so this module and the command
modules import only the standard library at the top; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from supple import __version__
from supple.commands import COMMAND_MODULES, CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supple",
        description="Supple: a home-exercise coach for low back pain.",
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except CommandError as error:
        print(f"supple: error: {error}", file=sys.stderr)
        return error.exit_code
    except EOFError:
        print("supple: error: standard input closed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped to a reader that stopped early (``supple exercises | head``).
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
