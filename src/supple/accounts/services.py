"""Account use cases: the first-visit owner, scripted accounts, who may see whom."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from supple.accounts.models import Clinic, Role, SiteSetup, User


class AccountError(Exception):
    """A request about accounts that cannot be carried out; the message says why."""


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
) -> User:
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
        candidate.is_staff = is_staff
        candidate.is_superuser = is_staff
        candidate.set_password(password)
        candidate.save()
    return candidate


def create_owner(username: str, password: str) -> User:
    """The first account of a single-person install: a patient who also curates the library."""
    try:
        with transaction.atomic():
            if User.objects.exists():
                raise AccountError("this Supple already has an account: sign in instead")
            SiteSetup.objects.create(id=1)
            return create_user(username, password, role=Role.PATIENT, is_staff=True)
    except IntegrityError:
        raise AccountError("this Supple already has an account: sign in instead") from None
