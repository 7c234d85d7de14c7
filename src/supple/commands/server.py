"""``supple serve``, ``supple init`` and ``supple manage``: running the app."""

from __future__ import annotations

import argparse
import os
from typing import Any

from supple.commands import CommandError


def setup_django() -> None:
    """Configure Django, turning a bad setting into a one-line error that names it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supple.config.settings")
    from supple.config.env import SettingError

    try:
        import django

        django.setup()
    except SettingError as error:
        raise CommandError(f"bad setting: {error}") from None


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve", help="start the web app", description="Start the web app (and migrate first)."
    )
    serve.add_argument("--host", help="address to bind (default 127.0.0.1, or SUPPLE_HOST)")
    serve.add_argument("--port", type=int, help="port (default 8000, or SUPPLE_PORT)")
    serve.add_argument(
        "--no-init", action="store_true", help="do not migrate and load content first"
    )
    serve.set_defaults(handler=serve_command)

    init = subparsers.add_parser(
        "init",
        help="create or update the database",
        description="Apply migrations (and load the library). Safe to run again: keeps data.",
    )
    init.set_defaults(handler=init_command)

    manage = subparsers.add_parser(
        "manage",
        help="run a Django management command",
        description="Run a Django management command, e.g. `supple manage createsuperuser`.",
        add_help=False,
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=manage_command)


def init_database(verbose: bool = True, *, load_library: bool = False) -> None:
    """Apply migrations (and with ``load_library``, load the shipped library)."""
    from django.core.management import call_command
    from django.db import DatabaseError

    from supple.config import storage

    try:
        storage.prepare()
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as error:
        raise CommandError(f"the database could not be prepared: {error}") from None
    except OSError as error:
        raise CommandError(f"the data folder could not be prepared: {error}") from None
    if verbose:
        from django.db import connection

        print(f"Database ready ({connection.vendor}: {connection.settings_dict['NAME']}).")
    if load_library:
        summary = load_into_database()
        if verbose:
            print(f"Library loaded: {summary}.")


def load_into_database() -> str:
    """Copy the shipped library into the database; what changed, in words."""
    from supple.content import ContentError, load_catalog
    from supple.library.services import load_library

    try:
        return load_library(load_catalog()).summary()
    except ContentError as error:
        raise CommandError(f"the library files are broken: {error}") from None


def init_command(args: argparse.Namespace) -> int:
    setup_django()
    init_database(load_library=True)
    return 0


def manage_command(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["supple manage", *args.rest])
    return 0


def serve_command(args: argparse.Namespace) -> int:
    from supple.config import env

    try:
        host = args.host or env.get_str("SUPPLE_HOST", "127.0.0.1")
        port = args.port or env.get_int("SUPPLE_PORT", 8000, low=1, high=65535)
        threads = env.get_int("SUPPLE_THREADS", 8, low=1, high=256)
    except env.SettingError as error:
        raise CommandError(f"bad setting: {error}") from None
    if not 1 <= port <= 65535:
        raise CommandError(f"--port must be between 1 and 65535, not {port}")
    setup_django()
    if not args.no_init:
        init_database(load_library=True)
    from waitress import serve

    from supple.config.wsgi import application

    shown = f"[{host}]" if ":" in host else host
    print(f"Supple is running at http://{shown}:{port}/  (Ctrl-C to stop)", flush=True)
    try:
        serve(application, host=host, port=port, threads=threads, ident="supple")
    except OSError as error:
        raise CommandError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return 0
