"""Plain GETs neither write the session nor send a new session cookie: only a change (signing
in or out) does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from supple.accounts.models import User

PAGES = ["/healthz", "/about/", "/exercises/", "/exercises/?kind=stretch", "/routines/", "/learn/"]


def session_writes(client: Client, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    written = [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    return response.status_code, written


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_get_sets_no_session_cookie(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_get_does_not_write_the_session(
    client: Client, patient: User, path: str
) -> None:
    client.force_login(patient)
    client.get(path)  # anything done once per visit (the form-token cookie) is done
    status, written = session_writes(client, path)
    assert status == 200
    assert written == []
    assert "sessionid" not in client.get(path).cookies
