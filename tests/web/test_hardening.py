"""Answers at the edges: password guessing paused, password checks bounded, undecodable
bodies, HEAD, a busy database, and the security headers."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import OperationalError
from django.test import Client

from supple.accounts import backends
from supple.accounts.models import User
from tests.conftest import PASSWORD

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_repeated_failures_for_an_account_pause_its_sign_in(
    patient: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    for _ in range(4):
        assert sign_in(client, "pat", "wrong password").status_code == 200
    with caplog.at_level(logging.WARNING):
        assert sign_in(client, "pat", "wrong password").status_code == 429  # the fifth
    refused = sign_in(client, "pat", PASSWORD)  # even the right one, for now
    assert refused.status_code == 429
    assert "Try again in 15 minutes" in refused.content.decode()
    assert refused["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="pat").exists()
    assert any("sign-in refused" in record.getMessage() for record in caplog.records)


def test_repeated_failures_from_an_address_pause_every_account_there(
    patient: User, outsider: User
) -> None:
    client = Client()
    for name in ("a1", "a2", "a3", "a4", "a5"):
        sign_in(client, name, "wrong password")
    assert sign_in(client, "oscar", PASSWORD).status_code == 429


def test_a_right_password_before_the_limit_still_signs_in(patient: User) -> None:
    client = Client()
    for _ in range(4):
        sign_in(client, "pat", "wrong password")
    assert sign_in(client, "pat", PASSWORD).status_code == 302


@pytest.fixture
def every_check_slot_taken() -> Iterator[None]:
    taken = [backends._checks.acquire(timeout=1) for _ in range(backends.PASSWORD_CHECKS)]
    assert all(taken)
    yield
    for _ in taken:
        backends._checks.release()


def test_when_every_password_check_slot_is_taken_sign_in_answers_503(
    patient: User, every_check_slot_taken: None
) -> None:
    response = sign_in(Client(), "pat", PASSWORD)
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Busy for a moment" in response.content.decode()


@pytest.mark.parametrize("path", ["/accounts/login/", "/my-data/delete/", "/today/morning/"])
def test_a_form_body_in_utf16_gets_a_400(patient: User, path: str) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient)
    client.get("/about/")  # sets the CSRF cookie (its sign-out form)
    token = client.cookies["csrftoken"].value
    response = client.generic(
        "POST",
        path,
        "username=pat&password=x".encode("utf-16"),
        content_type=UTF16_FORM,
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/about/", "/healthz", "/exercises/", "/accounts/login/"])
def test_head_answers_wherever_get_does(db: None, patient: User, path: str) -> None:
    client = Client()
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head.status_code != 405
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content))


def test_head_on_a_signed_in_page(patient: User) -> None:
    client = Client()
    client.force_login(patient)
    assert client.head("/today/").status_code == client.get("/today/").status_code


def locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


def test_a_locked_database_gives_the_api_a_503_problem(
    patient: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supple.programs import services

    monkeypatch.setattr(services, "start_session", locked)
    client = Client()
    client.force_login(patient)
    response = client.post(
        "/api/v1/me/sessions/",
        {"id": "7b0a3a3e-8a51-4c1e-9d4c-6f2f7d1e2a10", "p_pre": 3},
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "2"
    assert response.json()["status"] == 503


def test_a_locked_database_gives_a_page_a_short_503(
    patient: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(User, "check_password", locked)
    response = Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": "pat", "password": PASSWORD}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response["Content-Type"].startswith("text/html")


def test_other_database_errors_stay_500(patient: User, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(User, "check_password", broken)
    response = Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": "pat", "password": PASSWORD}
    )
    assert response.status_code == 500


def test_pages_carry_a_strict_content_security_policy(db: None) -> None:
    policy = Client().get("/about/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["style-src"].startswith("'self'")
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_hsts_only_with_secure_cookies(db: None, settings: Any) -> None:
    assert "Strict-Transport-Security" not in Client().get("/about/", secure=True)
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "max-age=31536000" in Client().get("/about/", secure=True)["Strict-Transport-Security"]
