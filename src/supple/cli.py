"""The ``supple`` command.

Start-up must stay fast (``supple --help`` under 300 ms), so this module and the command
modules import only the standard library at the top; each handler imports what it needs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import sys
from collections.abc import Sequence

from supple import __version__
from supple.commands import COMMAND_MODULES, CommandError

# Standard output cannot take more: a closed pipe, a full disk or quota, a gone terminal.
OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


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


def output_failed(error: OSError) -> int:
    """Standard output failed (a full disk, a reader that stopped early): one line, and
    nothing more written to it (Python would try again on its way out)."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    reason = (
        "the reader stopped early" if isinstance(error, BrokenPipeError) else error.strerror
    )
    print(f"supple: error: cannot write the output: {reason}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = int(handler(args) or 0)
        sys.stdout.flush()
        return code
    except OSError as error:
        if error.errno not in OUTPUT_ERRNOS:
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


if __name__ == "__main__":
    raise SystemExit(main())
