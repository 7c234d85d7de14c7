"""``supple token create / list / revoke``: personal access tokens for the API, made on the
computer that holds Supple's data (the API tokens page does the same in the browser)."""

from __future__ import annotations

import argparse
from typing import Any

from supple.commands import CommandError
from supple.commands.user_database import (
    add_user_options,
    current_time,
    database_errors,
    open_database,
    pick_user,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "token",
        help="personal access tokens for the API",
        description=(
            "Make, list and revoke personal access tokens for Supple's API "
            "(docs/api.md). A token is shown once, when it is made: keep it like a password."
        ),
        epilog=(
            "examples:\n"
            "  supple token create phone-app --scope write --expires 90\n"
            "  supple token list\n"
            "  supple token revoke 3"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="make a token and print it (once)")
    create.add_argument("name", help="a name to recognise the token by")
    create.add_argument(
        "--scope", choices=["read", "write"], default="read", help="read only (default) or write"
    )
    create.add_argument(
        "--expires", type=int, metavar="DAYS", help="days until it stops working (1-366)"
    )
    create.set_defaults(handler=create_command)
    listing = actions.add_parser("list", help="the tokens, with their last use")
    listing.set_defaults(handler=list_command)
    revoke = actions.add_parser("revoke", help="stop a token working")
    revoke.add_argument("id", type=int, help="the token's number, from `supple token list`")
    revoke.set_defaults(handler=revoke_command)
    for action in (create, listing, revoke):
        add_user_options(action)


def create_command(args: argparse.Namespace) -> int:
    open_database(args, prepare=True)
    from supple.accounts import tokens

    with database_errors():
        user = pick_user(args)
        try:
            made = tokens.create_token(
                user, args.name, scope=args.scope, days=args.expires, now=current_time()
            )
        except tokens.TokenError as error:
            raise CommandError(str(error)) from None
    token = made.token
    expiry = f"until {token.expires_at:%Y-%m-%d}" if token.expires_at else "with no expiry"
    print(f"Token {token.pk} ({token.name}, {token.scope}, {expiry}) for {user.username}:")
    print(made.secret)
    print("It is shown only now: keep it like a password.")
    return 0


def list_command(args: argparse.Namespace) -> int:
    open_database(args)
    from supple.accounts import tokens

    with database_errors():
        user = pick_user(args)
        now = current_time()
        found = tokens.tokens_of(user)
    if not found:
        print("No tokens yet: supple token create NAME")
        return 0
    for token in found:
        state = _state(token, now)
        print(f"{token.pk:>4}  {token.name}  {token.scope}  {token.prefix}...  {state}")
    return 0


def _state(token: Any, now: Any) -> str:
    if token.revoked_at is not None:
        return f"revoked {token.revoked_at:%Y-%m-%d}"
    if token.expires_at is not None and token.expires_at <= now:
        return f"expired {token.expires_at:%Y-%m-%d}"
    used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
    until = f", until {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
    return used + until


def revoke_command(args: argparse.Namespace) -> int:
    open_database(args)
    from supple.accounts import tokens

    with database_errors():
        user = pick_user(args)
        try:
            token = tokens.revoke(user, args.id, current_time())
        except tokens.TokenError as error:
            raise CommandError(str(error)) from None
    print(f"Token {token.pk} ({token.name}) is revoked: it no longer works.")
    return 0
