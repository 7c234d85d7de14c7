"""Account use cases: the first-visit owner, scripted accounts, who may see whom."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session as SignedInSession
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from supple.accounts.models import Clinic, Role, SiteSetup, User


class AccountError(Exception):
    """A request about accounts that cannot be carried out; the message says why."""


LIBRARY_CURATORS = "Library curators"
# What a curator may do in the admin: edit the exercise library, nothing about people.
CURATOR_MODELS = ("exercise", "routine", "routinemember", "topic", "importedexercise")
CURATOR_ACTIONS = ("view", "add", "change")


def library_curators() -> Group:
    """The group whose members may curate the exercise library (and only that)."""
    group, _ = Group.objects.get_or_create(name=LIBRARY_CURATORS)
    codenames = [f"{action}_{model}" for model in CURATOR_MODELS for action in CURATOR_ACTIONS]
    wanted = Permission.objects.filter(content_type__app_label="library", codename__in=codenames)
    group.permissions.add(*wanted)
    return group


def needs_setup() -> bool:
    """True on a fresh install: nobody has an account and set-up has not run."""
    return not SiteSetup.objects.exists() and not User.objects.exists()


def create_user(
    username: str,
    password: str,
    *,
    role: str = Role.PATIENT,
    clinic_name: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    curator: bool = False,
) -> User:
    """A new account. ``is_staff`` only opens the admin site (a clinic admin sees their own
    clinic's people there); every right over everything needs ``is_superuser``; ``curator``
    adds the account to the library curators."""
    username = username.strip()
    if not username:
        raise AccountError("the username is empty")
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}: choose one of {', '.join(Role.values)}")
    if role != Role.PATIENT and not clinic_name:
        raise AccountError(f"a {role} needs a clinic (--clinic NAME)")
    candidate = User(username=username, role=role)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise AccountError("password: " + " ".join(error.messages)) from None
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(f"the username {username!r} is taken")
        clinic = None
        if clinic_name:
            clinic, _ = Clinic.objects.get_or_create(name=clinic_name.strip())
        candidate.clinic = clinic
        candidate.is_staff = is_staff or is_superuser or curator
        candidate.is_superuser = is_superuser
        candidate.set_password(password)
        candidate.save()
        if curator:
            candidate.groups.add(library_curators())
    return candidate


def create_owner(username: str, password: str) -> User:
    """The first account of a single-person install: a patient who also curates the library."""
    try:
        with transaction.atomic():
            if User.objects.exists():
                raise AccountError("this Supple already has an account: sign in instead")
            SiteSetup.objects.create(id=1)
            return create_user(username, password, role=Role.PATIENT, is_superuser=True)
    except IntegrityError:
        raise AccountError("this Supple already has an account: sign in instead") from None


def set_password(username: str, password: str) -> User:
    """A new password for a forgotten one: checked like any other, every session of the
    account ended, and its sign-in pause (too many failures) lifted."""
    from axes.utils import reset

    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise AccountError(f"no account is called {username!r}")
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError("password: " + " ".join(error.messages)) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        end_sessions(user)
    reset(username=user.username)
    return user


def end_sessions(user: User) -> int:
    """Sign the person out everywhere: delete every stored session of theirs."""
    mine = [
        stored.pk
        for stored in SignedInSession.objects.iterator()
        if stored.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    deleted, _ = SignedInSession.objects.filter(pk__in=mine).delete()
    return deleted


def forget_deleted_data() -> None:
    """After a deletion, leave no deleted text in SQLite's files: pages freed are zeroed
    (``secure_delete``, set on every connection) and the write-ahead log, which still holds
    the old pages, is copied back and emptied."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
