from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import Client

from supple.accounts.models import User


def test_home_welcomes_a_visitor_once_set_up(client: Client, patient: User) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_pages_have_landmarks_and_a_skip_link(client: Client, patient: User) -> None:
    html = client.get("/about/").content.decode()
    for fragment in (
        '<html lang="en">',
        "<header",
        "<nav",
        '<main id="main"',
        "<footer",
        'href="#main"',
        'name="viewport"',
    ):
        assert fragment in html


def test_about_carries_the_disclaimer_and_the_emergency_number(
    client: Client, settings: object, db: None
) -> None:
    settings.SUPPLE_EMERGENCY_NUMBER = "999"  # type: ignore[attr-defined]
    html = client.get("/about/").content.decode()
    assert "not a treatment" in html
    assert "Call <strong>999</strong>" in html


def test_healthz_is_200_when_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_does_not(client: Client, db: None) -> None:
    with mock.patch("supple.web.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_unknown_pages_are_404(client: Client, db: None) -> None:
    assert client.get("/no-such-page/").status_code == 404


def test_home_sends_a_signed_in_patient_to_today(client: Client, patient: User) -> None:
    client.force_login(patient)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/today/"


def test_home_greets_a_clinician(client: Client, clinician: User) -> None:
    client.force_login(clinician)
    assert "Hello, cleo" in client.get("/").content.decode()


def test_the_menu_shows_a_patients_pages(client: Client, patient: User) -> None:
    client.force_login(patient)
    html = client.get("/about/").content.decode()
    for link in ('href="/today/"', 'href="/progress/"', 'href="/breaks/"', 'href="/my-data/"'):
        assert link in html
