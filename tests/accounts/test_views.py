from __future__ import annotations

from django.test import Client

from supple.accounts.models import User
from tests.conftest import PASSWORD


def test_the_first_visit_leads_to_setup(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/setup/"


def test_the_owner_creates_their_account_and_is_signed_in(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/setup/",
        {"username": "pat", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302
    home = client.get("/", follow=True)
    # A new patient goes on to the notice and the first questions.
    assert home.redirect_chain[-1][0] == "/start/notice/"
    assert "Sign out" in home.content.decode()
    assert User.objects.get().username == "pat"


def test_setup_shows_what_is_wrong_and_creates_nothing(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/setup/", {"username": "pat", "password": PASSWORD, "password_again": "other"}
    )
    assert response.status_code == 200
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.exists()


def test_setup_is_closed_once_someone_has_an_account(client: Client, patient: User) -> None:
    response = client.post(
        "/accounts/setup/",
        {"username": "mallory", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not User.objects.filter(username="mallory").exists()


def test_signing_in_and_out(client: Client, patient: User) -> None:
    response = client.post("/accounts/login/", {"username": "pat", "password": PASSWORD})
    assert response.status_code == 302
    assert "Sign out" in client.get("/", follow=True).content.decode()
    client.post("/accounts/logout/")
    signed_out = client.get("/")
    assert signed_out.status_code == 200
    assert "Sign out" not in signed_out.content.decode()


def test_a_wrong_password_is_refused(client: Client, patient: User) -> None:
    response = client.post("/accounts/login/", {"username": "pat", "password": "wrong guess!"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_sign_out_only_by_post(client: Client, patient: User) -> None:
    client.force_login(patient)
    assert client.get("/accounts/logout/").status_code == 405
