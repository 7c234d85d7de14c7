"""The sessions API: the player's writes are idempotent on client ids, strictly typed, and a
person's sessions are theirs alone."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import ExerciseLog, Session
from tests.factories import CLEAR, INTAKE

API = "/api/v1/me/sessions/"


@pytest.fixture
def pat(library: None, patient: User) -> User:
    when = timezone.now() - timedelta(days=1)
    services.accept_disclaimer(patient, when)
    services.save_intake(patient, INTAKE, when)
    services.record_screen(patient, CLEAR, trigger="intake", now=when)
    return patient


def api(user: User | None = None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


def call(client: Client, method: str, path: str, body: Any = None, **extra: Any) -> Any:
    return getattr(client, method)(
        path, json.dumps(body) if body is not None else None, "application/json", **extra
    )


def start(client: Client, session_id: str, p_pre: Any = 3, **more: Any) -> Any:
    return call(client, "post", API, {"id": session_id, "p_pre": p_pre, **more})


def test_a_whole_session_and_every_retry_counts_once(pat: User) -> None:
    client = api(pat)
    session_id = str(uuid.uuid4())
    first = start(client, session_id)
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["id"] == session_id
    assert body["script"][0]["name"]
    assert start(client, session_id).json()["id"] == session_id  # a retry
    entry = {
        "id": str(uuid.uuid4()),
        "position": 0,
        "exercise": body["plan"][0]["exercise"],
        "p_during": 2,
        "completed": True,
    }
    for _ in range(3):
        response = call(client, "post", f"{API}{session_id}/exercises", entry)
        assert response.status_code == 200, response.content
    assert ExerciseLog.objects.filter(session__client_id=session_id).count() == 1
    moved = call(client, "put", f"{API}{session_id}/position", {"index": 1, "stage": "ready"})
    assert moved.status_code == 204
    resumed = call(client, "get", f"{API}{session_id}").json()
    assert resumed["position"] == {"index": 1, "stage": "ready"}
    assert resumed["logged"] == [0]
    done = call(client, "post", f"{API}{session_id}/finish", {"p_post": 1})
    assert done.json()["status"] == "done"
    again = call(client, "post", f"{API}{session_id}/finish", {"p_post": 9})
    assert again.json()["p_post"] == 1  # finishing twice keeps the first answer
    assert Session.objects.filter(user=pat).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("p_pre", True), ("p_pre", 11), ("p_pre", -1), ("p_pre", "3"), ("p_pre", 2.5), ("id", "x")],
)
def test_bad_values_are_refused_with_a_clear_message(pat: User, field: str, value: Any) -> None:
    body = {"id": str(uuid.uuid4()), "p_pre": 3, field: value}
    response = call(api(pat), "post", API, body)
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
    assert not Session.objects.exists()


def test_unknown_fields_and_bad_logs_are_refused(pat: User) -> None:
    client = api(pat)
    assert start(client, str(uuid.uuid4()), sneaky=1).status_code == 422
    session_id = str(uuid.uuid4())
    plan = start(client, session_id).json()["plan"]
    path = f"{API}{session_id}/exercises"
    base = {"id": str(uuid.uuid4()), "position": 0, "exercise": plan[0]["exercise"]}
    missing = call(client, "post", path, base)
    assert missing.status_code == 400
    assert "p_during" in missing.json()["detail"]
    assert call(client, "post", path, {**base, "p_during": False}).status_code == 422
    far = call(client, "post", path, {**base, "p_during": 2, "position": 99})
    assert far.status_code == 400
    assert "position 99" in far.json()["detail"]
    alien = call(client, "post", path, {**base, "p_during": 2, "exercise": "moonwalk"})
    assert alien.status_code == 400
    assert "moonwalk" in alien.json()["detail"]
    bad_stage = call(client, "put", f"{API}{session_id}/position", {"index": 0, "stage": "nap"})
    assert bad_stage.status_code == 422
    assert not ExerciseLog.objects.exists()


def test_a_start_is_refused_while_the_screen_is_due(pat: User) -> None:
    services.record_screen(pat, CLEAR | {"E2": True}, now=timezone.now())
    response = start(api(pat), str(uuid.uuid4()))
    assert response.status_code == 409
    assert "safety questions" in response.json()["detail"]


def test_another_persons_session_is_not_found(pat: User, outsider: User) -> None:
    session_id = str(uuid.uuid4())
    plan = start(api(pat), session_id).json()["plan"]
    oscar = api(outsider)
    entry = {"id": str(uuid.uuid4()), "position": 0, "exercise": plan[0]["exercise"], "p_during": 9}
    for method, path, body in (
        ("get", f"{API}{session_id}", None),
        ("post", f"{API}{session_id}/exercises", entry),
        ("put", f"{API}{session_id}/position", {"index": 3, "stage": "ready"}),
        ("post", f"{API}{session_id}/finish", {"p_post": 9}),
    ):
        response = call(oscar, method, path, body)
        assert response.status_code == 404, (method, path)
        assert response.json()["detail"] == "No such session."
        assert response["Content-Type"] == "application/problem+json"
    session = Session.objects.get(client_id=session_id)
    assert session.status == "active"
    assert session.position == {"index": 0, "stage": "ready"}
    assert not session.entries.exists()


def test_nobody_gets_401_and_a_missing_csrf_token_is_refused(pat: User) -> None:
    session_id = str(uuid.uuid4())
    assert start(api(), session_id).status_code == 401
    assert call(api(), "get", f"{API}{session_id}").status_code == 401
    guarded = api(pat, csrf=True)
    assert start(guarded, session_id).status_code == 403
    guarded.get("/today/")  # sets the csrftoken cookie, as the player's page does
    token = guarded.cookies["csrftoken"].value
    body = {"id": session_id, "p_pre": 3}
    allowed = call(guarded, "post", API, body, HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 200, allowed.content
