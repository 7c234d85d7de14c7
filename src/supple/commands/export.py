"""``supple export``: the web app's downloads (JSON, a zip of CSV files, FHIR, the calendar) to a
file, written whole or not at all, or to standard output."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from supple.commands import CommandError, user_database
from supple.commands.user_database import (
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.accounts.models import User


def export_command(args: argparse.Namespace) -> int:
    """The web app's downloads (services.export, services.calendar), to a file or stdout."""
    open_database(args)
    from supple.programs.services import calendar, export, fhir

    with database_errors():
        user = pick_user(args)
        now = user_database.current_time()
        if args.format == "json":
            data = export.export_json(user, now).encode("utf-8")
        elif args.format == "fhir":
            data = fhir.export_fhir(user, now).encode("utf-8")
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
