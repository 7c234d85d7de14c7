"""The person at the terminal: whose program the ``supple`` commands work on.

A single-person install has one patient account (made on the first web visit or by
``supple start``); a shared database needs ``--user NAME``.
"""

from __future__ import annotations

from supple.accounts.models import Role, User
from supple.programs.services.errors import ProgramError

# How many account names an error message lists before "...".
LISTED = 8


def _names(users: list[User]) -> str:
    names = [u.username for u in users[:LISTED]]
    return ", ".join(names) + (", ..." if len(users) > LISTED else "")


def local_user(username: str | None) -> User:
    """The account named ``username``, else the only patient account; ProgramError saying
    what to do otherwise."""
    if username:
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            patients = list(User.objects.filter(role=Role.PATIENT).order_by("username"))
            known = f" (accounts here: {_names(patients)})" if patients else ""
            raise ProgramError(f"there is no account named {username!r}{known}")
        if not user.is_active:
            raise ProgramError(f"the account {user.username!r} is switched off")
        if not user.is_patient:
            raise ProgramError(
                f"{user.username!r} is a {user.get_role_display().lower()} account: these "
                "commands follow a person's own program; choose a patient with --user NAME"
            )
        return user
    patients = list(User.objects.filter(role=Role.PATIENT, is_active=True).order_by("username"))
    if len(patients) == 1:
        return patients[0]
    if not patients:
        raise ProgramError(
            "there is no account yet: run `supple start` to make one "
            "(or open the web app with `supple serve`)"
        )
    raise ProgramError(
        f"there are {len(patients)} accounts here ({_names(patients)}): choose one with --user NAME"
    )


def has_accounts() -> bool:
    return User.objects.exists()
