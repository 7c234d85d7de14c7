"""Personal access tokens: stored hashed and shown once; a read token cannot write; revoked
and expired tokens stop working; CSRF guards the browser session only; a token reads only
its own person's data."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from supple.accounts import tokens
from supple.accounts.models import AccessToken, User
from supple.programs import services
from tests.factories import CLEAR, INTAKE


@pytest.fixture
def pat(library: None, patient: User) -> User:
    when = timezone.now() - timedelta(days=1)
    services.accept_disclaimer(patient, when)
    services.save_intake(patient, INTAKE, when)
    services.record_screen(patient, CLEAR, trigger="intake", now=when)
    return patient


def token(user: User, scope: str = "write", days: int | None = 30) -> str:
    return tokens.create_token(user, "test", scope=scope, days=days, now=timezone.now()).secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def start(client: Client, **headers: str) -> int:
    body = json.dumps({"id": str(uuid.uuid4()), "p_pre": 3})
    return client.post(
        "/api/v1/me/sessions/", body, content_type="application/json", **headers
    ).status_code


def test_only_a_hash_of_the_secret_is_stored(patient: User) -> None:
    made = tokens.create_token(patient, "phone", scope="read", days=None, now=timezone.now())
    stored = AccessToken.objects.get()
    assert made.secret.startswith("sup_")
    assert made.secret not in (stored.secret_hash, stored.prefix)
    assert stored.secret_hash == tokens.digest(made.secret)


def test_a_token_reads_and_notes_its_last_use(pat: User) -> None:
    secret = token(pat, "read")
    response = Client().get("/api/v1/me/today", **bearer(secret))
    assert response.status_code == 200, response.content
    assert AccessToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write(pat: User) -> None:
    client = Client()
    assert start(client, **bearer(token(pat, "read"))) == 403
    assert start(client, **bearer(token(pat, "write"))) == 200


def test_revoked_and_expired_tokens_stop_working(pat: User) -> None:
    client = Client()
    revoked = tokens.create_token(pat, "old", scope="write", days=None, now=timezone.now())
    tokens.revoke(pat, revoked.token.pk, timezone.now())
    expired = tokens.create_token(pat, "gone", scope="write", days=1, now=timezone.now())
    AccessToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now())
    for secret in (revoked.secret, expired.secret, "sup_made-up", "not-even-ours"):
        response = client.get("/api/v1/me/", **bearer(secret))
        assert response.status_code == 401, secret
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_switched_off_account_s_token_stops_working(pat: User) -> None:
    secret = token(pat)
    pat.is_active = False
    pat.save()
    assert Client().get("/api/v1/me/", **bearer(secret)).status_code == 401


def test_csrf_guards_the_session_but_not_a_token(pat: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(pat)
    assert start(browser) == 403
    assert Client(enforce_csrf_checks=True).get("/api/v1/me/").status_code == 401
    assert start(Client(enforce_csrf_checks=True), **bearer(token(pat))) == 200


def test_a_token_reads_only_its_own_person(pat: User, outsider: User) -> None:
    client = Client()
    session_id = str(uuid.uuid4())
    body = json.dumps({"id": session_id, "p_pre": 3})
    mine = bearer(token(pat))
    client.post("/api/v1/me/sessions/", body, content_type="application/json", **mine)
    theirs = bearer(token(outsider))
    assert client.get(f"/api/v1/me/sessions/{session_id}", **theirs).status_code == 404
    assert client.get("/api/v1/me/sessions/", **theirs).json()["count"] == 0
    assert client.get("/api/v1/me/", **theirs).json()["username"] == outsider.username


def test_a_person_revokes_only_their_own_tokens(pat: User, outsider: User) -> None:
    made = tokens.create_token(pat, "mine", scope="read", days=None, now=timezone.now())
    with pytest.raises(tokens.TokenError):
        tokens.revoke(outsider, made.token.pk, timezone.now())
    assert tokens.is_live(AccessToken.objects.get(), timezone.now())


@pytest.mark.parametrize(
    ("name", "scope", "days"),
    [("", "read", None), ("x" * 81, "read", None), ("ok", "admin", None), ("ok", "read", 0)],
)
def test_a_bad_request_for_a_token_makes_none(
    patient: User, name: str, scope: str, days: int | None
) -> None:
    with pytest.raises(tokens.TokenError):
        tokens.create_token(patient, name, scope=scope, days=days, now=timezone.now())
    assert not AccessToken.objects.exists()


def test_a_bad_body_is_a_problem_naming_the_field(pat: User) -> None:
    body = json.dumps({"id": str(uuid.uuid4()), "p_pre": 11})
    response = Client().post(
        "/api/v1/me/sessions/", body, content_type="application/json", **bearer(token(pat))
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert problem["errors"][0]["loc"] == ["body", "p_pre"]


def test_six_point_oh_is_the_whole_number_six(pat: User) -> None:
    body = json.dumps({"id": str(uuid.uuid4()), "p_pre": 6.0})
    response = Client().post(
        "/api/v1/me/sessions/", body, content_type="application/json", **bearer(token(pat))
    )
    assert response.status_code == 200, response.content
    assert response.json()["p_pre"] == 6


def test_the_old_addresses_move_to_v1_keeping_the_method(pat: User) -> None:
    client = Client()
    moved = client.post("/api/sessions/abc/finish?x=1", "{}", content_type="application/json")
    assert moved.status_code == 308
    assert moved["Location"] == "/api/v1/me/sessions/abc/finish?x=1"
    assert client.get("/api/account/")["Location"] == "/api/v1/me/"
    assert client.get("/api/nothing-here").status_code == 404


def test_the_fhir_bundle_is_the_person_s_own(pat: User, outsider: User) -> None:
    client = Client()
    mine = client.get("/api/v1/me/fhir", **bearer(token(pat, "read")))
    assert mine.status_code == 200
    assert mine["Content-Type"].startswith("application/fhir+json")
    bundle = mine.json()
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    theirs = client.get("/api/v1/me/fhir", **bearer(token(outsider, "read"))).json()

    def kinds(bundle: dict[str, Any], kind: str) -> int:
        return sum(e["resource"]["resourceType"] == kind for e in bundle.get("entry", []))

    # Pat's exercises are in Pat's bundle only (the outsider has no program).
    assert kinds(bundle, "ServiceRequest") > 0
    assert kinds(theirs, "ServiceRequest") == 0
