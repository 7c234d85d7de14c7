"""``supple createuser``: accounts for scripting (a clinic's set-up, tests); ``supple passwd``:
a new password for a forgotten one, from the computer's own terminal."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from supple.commands import CommandError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "createuser",
        help="create an account",
        description=(
            "Create an account. The password is read from standard input (one line) or, "
            "with --password-env NAME, from that environment variable."
        ),
    )
    parser.add_argument("username")
    parser.add_argument(
        "--role", default="patient", choices=["patient", "clinician", "clinic_admin"]
    )
    parser.add_argument("--clinic", help="clinic name (created when new); needed for staff roles")
    parser.add_argument("--password-env", metavar="NAME", help="read the password from $NAME")
    parser.add_argument(
        "--staff",
        action="store_true",
        help="may use the admin site (a clinic admin: their own clinic's people only)",
    )
    parser.add_argument(
        "--superuser", action="store_true", help="may do everything in the admin site"
    )
    parser.add_argument("--curator", action="store_true", help="may curate the exercise library")
    parser.set_defaults(handler=createuser)

    passwd = subparsers.add_parser(
        "passwd",
        help="set a new password for an account (a forgotten one)",
        description=(
            "Set a new password for an account, for a person who forgot theirs: run on the "
            "computer that holds Supple's data. The password is read as for createuser. "
            "Every session of the account is signed out, and its sign-in pause is lifted."
        ),
    )
    passwd.add_argument("username")
    passwd.add_argument("--password-env", metavar="NAME", help="read the password from $NAME")
    passwd.set_defaults(handler=passwd_command)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise CommandError(f"--password-env: ${args.password_env} is not set")
        return password
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def createuser(args: argparse.Namespace) -> int:
    from supple.commands.server import init_database, setup_django

    password = _read_password(args)
    setup_django()
    init_database(verbose=False)
    from supple.accounts import services

    try:
        user = services.create_user(
            args.username,
            password,
            role=args.role,
            clinic_name=args.clinic,
            is_staff=args.staff,
            is_superuser=args.superuser,
            curator=args.curator,
        )
    except services.AccountError as error:
        raise CommandError(str(error)) from None
    clinic = f" at {user.clinic}" if user.clinic else ""
    print(f"Created {user.role} {user.username!r}{clinic}.")
    return 0


def passwd_command(args: argparse.Namespace) -> int:
    from supple.commands.server import setup_django

    setup_django()
    from supple.accounts import services

    _require_database()
    password = _read_password(args)
    try:
        user = services.set_password(args.username, password)
    except services.AccountError as error:
        raise CommandError(str(error)) from None
    print(f"New password set for {user.username!r}; every session of it is signed out.")
    return 0


def _require_database() -> None:
    from django.db import DatabaseError

    from supple.accounts.models import User

    try:
        User.objects.exists()
    except DatabaseError:
        raise CommandError("the database is not set up: run `supple init` first") from None
