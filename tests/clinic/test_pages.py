"""The clinic's pages: the patient list's figures, invitations in the browser's terms,
leaving, and a fixed number of queries for the list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supple.accounts.models import Role, User
from supple.clinic import services
from supple.clinic.models import Invitation
from supple.programs.services.progress import progress_for
from tests.conftest import PASSWORD
from tests.factories import do_session, enrol, make_user


def test_the_list_shows_the_last_session_and_the_weeks_adherence(
    client: Client, library: None, clinician: User, patient: User
) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    do_session(patient, now - timedelta(days=2))
    do_session(patient, now - timedelta(days=1))
    row = services.patient_rows(clinician, timezone.localdate())[0]
    assert row.last_session == timezone.localdate(now - timedelta(days=1))
    assert row.adherence_7 is not None
    assert row.adherence_7.done == 2
    client.force_login(clinician)
    page = client.get(reverse("clinic:patients")).content.decode()
    assert f"2 of {row.adherence_7.planned} planned" in page


def test_the_list_takes_a_fixed_number_of_queries(
    client: Client, library: None, clinician: User, clinic: Any
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("clinic:patients")).status_code == 200
        return len(captured)

    client.force_login(clinician)
    now = timezone.now()
    first = make_user("a1", Role.PATIENT, clinic)
    enrol(first, now - timedelta(days=3))
    do_session(first, now - timedelta(days=1))
    few = queries()
    for name in ("b1", "b2", "b3"):
        person = make_user(name, Role.PATIENT, clinic)
        enrol(person, now - timedelta(days=3))
        do_session(person, now - timedelta(days=1))
    assert queries() == few


def test_a_patient_not_onboarded_yet_has_a_page(
    client: Client, clinician: User, patient: User
) -> None:
    client.force_login(clinician)
    page = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "has not answered the first questions yet" in page


def test_an_invitation_is_shown_once_and_joined_by_its_link(
    client: Client, clinician: User, outsider: User
) -> None:
    client.force_login(clinician)
    page = client.post(reverse("clinic:invite-patient"), {"label": "Oscar"}).content.decode()
    link = page.split('id="invite-link">')[1].split("<")[0]
    assert link.startswith("http://testserver/join/")
    client.force_login(outsider)
    assert "Join Riverside Physio" in client.get(link).content.decode()
    response = client.post(link, {"answer": "join"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:my-clinic")
    outsider.refresh_from_db()
    assert outsider.clinic_id == clinician.clinic_id
    assert client.get(link).status_code == 410


def test_a_new_person_signs_up_with_a_code_and_goes_to_onboarding(
    client: Client, clinician: User
) -> None:
    code = services.invite_patient(clinician, "", timezone.now()).code
    found = client.post(reverse("clinic:join"), {"code": code})
    assert "Create my account and join" in found.content.decode()
    signed = client.post(
        reverse("clinic:join"),
        {
            "code": code,
            "answer": "sign-up",
            "username": "sam",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert signed.status_code == 302
    assert signed["Location"] == reverse("onboarding")
    sam = User.objects.get(username="sam")
    assert sam.clinic_id == clinician.clinic_id
    assert Invitation.objects.get().used_by == sam


def test_mismatched_passwords_say_so_and_create_nobody(client: Client, clinician: User) -> None:
    token = services.invite_patient(clinician, "", timezone.now()).token
    response = client.post(
        reverse("clinic:accept", args=[token]),
        {"answer": "sign-up", "username": "sam", "password": PASSWORD, "password_again": "x"},
    )
    assert "The two passwords are not the same." in response.content.decode()
    assert not User.objects.filter(username="sam").exists()


def test_the_patient_leaves_and_the_clinician_loses_the_page(
    client: Client, clinician: User, patient: User
) -> None:
    client.force_login(patient)
    assert "Leave Riverside Physio" in client.get(reverse("clinic:my-clinic")).content.decode()
    response = client.post(reverse("clinic:leave"), follow=True)
    assert "It can no longer see your data" in response.content.decode()
    client.force_login(clinician)
    assert client.get(reverse("clinic:patient", args=[patient.pk])).status_code == 404
    assert "No patients yet" in client.get(reverse("clinic:patients")).content.decode()


def test_the_patient_page_shows_what_the_progress_page_shows(
    client: Client, library: None, clinician: User, patient: User
) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    do_session(patient, now - timedelta(days=1), p_pre=5, p_post=3)
    summary = progress_for(patient, timezone.localdate()).summary
    client.force_login(clinician)
    page = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert summary in page
    assert "1 of " in page
    assert 'id="pain-data"' in page
