"""Invitations: single use, expiring, stored hashed; joining, signing up and leaving."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supple.accounts.models import Role, User
from supple.clinic import scoping, services, throttle
from supple.clinic.models import Care, Invitation
from tests.conftest import PASSWORD
from tests.factories import NOW


def test_the_secrets_are_not_stored(clinician: User) -> None:
    issued = services.invite_patient(clinician, "Sam", NOW)
    stored = Invitation.objects.get()
    values = " ".join(str(v) for v in Invitation.objects.values().get().values())
    assert issued.token not in values
    assert issued.code not in values
    assert stored.expires_at == NOW + timedelta(days=7)


def test_a_code_is_found_however_it_is_typed(clinician: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    typed = " " + issued.code_words.lower() + " "
    assert services.find_invitation(NOW, code=typed) == issued.invitation


def test_an_expired_invitation_is_refused(clinician: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    with pytest.raises(services.ClinicError, match="expired"):
        services.find_invitation(NOW + timedelta(days=7), token=issued.token)


def test_an_unknown_code_is_refused(clinician: User) -> None:
    services.invite_patient(clinician, "", NOW)
    with pytest.raises(services.ClinicError, match="not found"):
        services.find_invitation(NOW, code="ABCDE-23456")


def test_an_existing_patient_joins_once_and_the_link_is_then_used(
    clinician: User, outsider: User, patient: User
) -> None:
    issued = services.invite_patient(clinician, "Oscar", NOW)
    services.accept(issued.invitation, outsider, NOW)
    outsider.refresh_from_db()
    assert outsider.clinic_id == clinician.clinic_id
    assert Care.objects.get(patient=outsider).clinician == clinician
    assert outsider in scoping.patients_of(clinician)
    with pytest.raises(services.ClinicError, match="already been used"):
        services.find_invitation(NOW, token=issued.token)
    with pytest.raises(services.ClinicError, match="already been used"):
        services.accept(issued.invitation, patient, NOW)


def test_staff_cannot_accept_a_patients_invitation(clinician: User, other_clinician: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    with pytest.raises(services.ClinicError):
        services.accept(issued.invitation, other_clinician, NOW)
    assert Invitation.objects.get().used_at is None


def test_a_new_person_signs_up_as_a_patient_of_the_clinic(clinician: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    user = services.sign_up(issued.invitation, "sam", PASSWORD, NOW)
    assert user.role == Role.PATIENT
    assert user.clinic_id == clinician.clinic_id
    assert Care.objects.get(patient=user).clinician == clinician


def test_a_refused_sign_up_keeps_the_invitation_and_creates_nobody(clinician: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    with pytest.raises(services.ClinicError, match=r"[Pp]assword"):
        services.sign_up(issued.invitation, "sam", "short", NOW)
    assert not User.objects.filter(username="sam").exists()
    assert Invitation.objects.get().used_at is None


def test_a_used_invitation_creates_no_account(clinician: User, outsider: User) -> None:
    issued = services.invite_patient(clinician, "", NOW)
    services.accept(issued.invitation, outsider, NOW)
    with pytest.raises(services.ClinicError, match="already been used"):
        services.sign_up(issued.invitation, "sam", PASSWORD, NOW)
    assert not User.objects.filter(username="sam").exists()


def test_the_admin_invites_a_clinician_and_a_clinician_cannot(
    clinic_admin: User, clinician: User
) -> None:
    issued = services.invite_clinician(clinic_admin, "", NOW)
    newcomer = services.sign_up(issued.invitation, "nia", PASSWORD, NOW)
    assert newcomer.role == Role.CLINICIAN
    assert newcomer.clinic_id == clinic_admin.clinic_id
    with pytest.raises(services.ClinicError):
        services.invite_clinician(clinician, "", NOW)


def test_leaving_ends_the_clinics_access_at_once(clinician: User, patient: User) -> None:
    assert scoping.patient_of(clinician, patient.pk) == patient
    assert services.leave_clinic(patient) == "Riverside Physio"
    with pytest.raises(Http404):
        scoping.patient_of(clinician, patient.pk)
    assert services.membership_of(patient) is None


def test_the_admin_deactivates_only_their_own_clinicians(
    clinic_admin: User, clinician: User, other_clinician: User, patient: User
) -> None:
    with pytest.raises(services.ClinicError):
        services.deactivate_clinician(clinic_admin, other_clinician.pk)
    services.deactivate_clinician(clinic_admin, clinician.pk)
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert not scoping.patients_of(clinician).exists()
    other_clinician.refresh_from_db()
    assert other_clinician.is_active


def test_nobody_outside_the_clinic_sees_its_patients(
    patient: User, outsider: User, other_clinician: User, clinician: User
) -> None:
    assert list(scoping.patients_of(clinician)) == [patient]
    assert list(scoping.patients_of(other_clinician)) == [outsider]
    assert not scoping.patients_of(patient).exists()
    assert not scoping.clinicians_of(clinician).exists()


@pytest.fixture
def fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def test_wrong_codes_are_limited_per_address(
    client: Client, clinician: User, outsider: User, fresh_limits: None
) -> None:
    issued = services.invite_patient(clinician, "", timezone.now())
    url = reverse("clinic:join")
    for _ in range(throttle.WRONG_CODES):
        response = client.post(url, {"code": "WRONG-CODE1"})
        assert response.status_code == 200
        assert "This invitation was not found" in response.content.decode()
    # Now even the right code is refused from this address, with a plain message.
    blocked = client.post(url, {"code": issued.code})
    assert blocked.status_code == 429
    assert "Too many wrong codes from here. Try again in 15 minutes." in blocked.content.decode()
    # Another address is not affected.
    other = client.post(url, {"code": issued.code}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    assert "Riverside Physio" in other.content.decode()


def test_right_codes_do_not_count_towards_the_limit(
    client: Client, clinician: User, fresh_limits: None
) -> None:
    issued = services.invite_patient(clinician, "", timezone.now())
    for _ in range(throttle.WRONG_CODES + 2):
        response = client.post(reverse("clinic:join"), {"code": issued.code})
        assert response.status_code == 200
