"""Roles mean what they say: staff is not superuser, a clinic admin manages only their own
clinic's people (never a password), and curating the library is a permission of its own."""

from __future__ import annotations

import io
import sys

import pytest
from django.test import Client

from supple.accounts import services
from supple.accounts.models import Clinic, Role, User
from supple.cli import main
from tests.conftest import PASSWORD

NEW_PASSWORD = "a quite different passphrase"


@pytest.fixture
def eve(clinic: Clinic) -> User:
    """A clinic admin of Riverside Physio, with the admin site open to her."""
    return services.create_user(
        "eve", PASSWORD, role=Role.CLINIC_ADMIN, clinic_name=clinic.name, is_staff=True
    )


@pytest.fixture
def eve_client(eve: User) -> Client:
    client = Client()
    client.force_login(eve)
    return client


def test_staff_is_not_a_superuser(eve: User) -> None:
    assert eve.is_staff
    assert not eve.is_superuser


def test_createuser_staff_is_not_a_superuser_and_superuser_is(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    args = ["--role", "clinic_admin", "--clinic", "HomeClinic", "--staff"]
    assert main(["createuser", "eve", *args]) == 0
    eve = User.objects.get(username="eve")
    assert (eve.is_staff, eve.is_superuser) == (True, False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["createuser", "root", "--superuser"]) == 0
    root = User.objects.get(username="root")
    assert (root.is_staff, root.is_superuser) == (True, True)


def test_the_owner_of_a_fresh_install_is_the_superuser(db: None) -> None:
    owner = services.create_owner("owner", PASSWORD)
    assert owner.is_superuser


def test_a_clinic_admin_sees_only_their_own_clinics_people(
    eve_client: Client, patient: User, clinician: User, outsider: User
) -> None:
    listing = eve_client.get("/admin/accounts/user/")
    assert listing.status_code == 200
    names = {user.username for user in listing.context["cl"].result_list}
    assert names == {"eve", "pat", "cleo"}
    assert eve_client.get(f"/admin/accounts/user/{patient.pk}/change/").status_code == 200
    # Another clinic's patient is as good as absent: a redirect to the admin's front page.
    other = eve_client.get(f"/admin/accounts/user/{outsider.pk}/change/")
    assert other.status_code == 302
    searched = eve_client.get("/admin/accounts/user/?q=oscar")
    assert list(searched.context["cl"].result_list) == []


def test_a_clinic_admin_cannot_change_a_patients_password(
    eve_client: Client, patient: User, outsider: User
) -> None:
    for person in (patient, outsider):
        url = f"/admin/accounts/user/{person.pk}/password/"
        assert eve_client.get(url).status_code == 403
        posted = eve_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert posted.status_code == 403
        person.refresh_from_db()
        assert person.check_password(PASSWORD)


def test_a_clinic_admin_cannot_make_anyone_a_superuser_or_move_them(
    eve_client: Client, patient: User, outsider: User
) -> None:
    posted = eve_client.post(
        f"/admin/accounts/user/{patient.pk}/change/",
        {
            "username": "pat",
            "role": "patient",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "clinic": outsider.clinic_id,
        },
    )
    assert posted.status_code == 302
    patient.refresh_from_db()
    assert (patient.is_staff, patient.is_superuser) == (False, False)
    assert patient.clinic is not None
    assert patient.clinic.name == "Riverside Physio"


def test_a_clinic_admin_cannot_curate_the_library_nor_edit_clinics(eve_client: Client) -> None:
    assert eve_client.get("/admin/library/exercise/").status_code == 403
    assert eve_client.get("/admin/accounts/clinic/").status_code == 403


def test_a_curator_curates_the_library_and_sees_no_people(
    db: None, patient: User, outsider: User
) -> None:
    curator = services.create_user("cora", PASSWORD, curator=True)
    assert not curator.is_superuser
    client = Client()
    client.force_login(curator)
    assert client.get("/admin/library/exercise/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/admin/accounts/user/{patient.pk}/password/").status_code == 403


def test_a_patient_with_no_rights_gets_no_admin(patient: User) -> None:
    client = Client()
    client.force_login(patient)
    assert client.get("/admin/accounts/user/").status_code == 302  # to the admin sign-in
