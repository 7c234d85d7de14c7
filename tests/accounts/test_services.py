from __future__ import annotations

import pytest

from supple.accounts import services
from supple.accounts.models import Clinic, Role, SiteSetup, User

GOOD = "a long enough passphrase"


def test_a_fresh_install_needs_setup(db: None) -> None:
    assert services.needs_setup()


def test_the_owner_becomes_a_patient_who_may_curate_the_library(db: None) -> None:
    owner = services.create_owner("pat", GOOD)
    assert owner.role == Role.PATIENT
    assert owner.is_staff
    assert owner.check_password(GOOD)
    assert not services.needs_setup()
    assert SiteSetup.objects.count() == 1


def test_a_second_owner_is_refused(db: None) -> None:
    services.create_owner("pat", GOOD)
    with pytest.raises(services.AccountError, match="already has an account"):
        services.create_owner("mallory", GOOD)
    assert User.objects.count() == 1


def test_passwords_are_hashed_with_argon2(db: None) -> None:
    user = services.create_user("pat", GOOD)
    assert user.password.startswith("argon2$")


def test_weak_passwords_are_refused_with_the_reason(db: None) -> None:
    with pytest.raises(services.AccountError, match=r"password: .*too short"):
        services.create_user("pat", "short")
    assert not User.objects.exists()


def test_usernames_are_unique_whatever_the_case(patient: User) -> None:
    with pytest.raises(services.AccountError, match="taken"):
        services.create_user("PAT", GOOD)


def test_clinicians_need_a_clinic(db: None) -> None:
    with pytest.raises(services.AccountError, match="needs a clinic"):
        services.create_user("cleo", GOOD, role=Role.CLINICIAN)
    cleo = services.create_user("cleo", GOOD, role=Role.CLINICIAN, clinic_name="Riverside")
    assert cleo.clinic == Clinic.objects.get(name="Riverside")


def test_an_unknown_role_is_refused(db: None) -> None:
    with pytest.raises(services.AccountError, match="unknown role 'wizard'"):
        services.create_user("merlin", GOOD, role="wizard")
