"""Library pages answer a repeat with 304 (no rendering) until the library, the person or the
address changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory

from supple.accounts.models import User
from supple.domain.catalog import Catalog
from supple.library import services
from supple.library.views import page_etag

PAGES = ["/exercises/", "/exercises/?kind=stretch", "/exercises/knee-hug/", "/routines/", "/learn/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_repeat_with_the_etag_is_a_304_without_rendering(
    client: Client, loaded: Catalog, path: str
) -> None:
    client.get(path)  # the first visit sets the form-token cookie, which the page depends on
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert not again.templates  # nothing was rendered


def test_a_new_library_version_changes_the_etag(client: Client, loaded: Catalog) -> None:
    client.get("/exercises/")
    etag = client.get("/exercises/")["ETag"]
    services.bump_version()
    after = client.get("/exercises/", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_the_etag_differs_by_address_and_by_person(
    client: Client, loaded: Catalog, patient: User, clinician: User
) -> None:
    anonymous = client.get("/exercises/")["ETag"]
    assert client.get("/exercises/?kind=stretch")["ETag"] != anonymous
    client.force_login(patient)
    as_patient = client.get("/exercises/")["ETag"]
    client.force_login(clinician)
    as_clinician = client.get("/exercises/")["ETag"]
    assert len({anonymous, as_patient, as_clinician}) == 3
    # The patient's cached page (with their menu) is not reused for the clinician.
    assert client.get("/exercises/", headers={"If-None-Match": as_patient}).status_code == 200


def test_a_page_with_a_message_waiting_has_no_etag(loaded: Catalog) -> None:
    request: Any = RequestFactory().get("/exercises/")
    SessionMiddleware(lambda r: None).process_request(request)  # type: ignore[arg-type]
    request._messages = FallbackStorage(request)
    request.user = AnonymousUser()
    assert page_etag(request) is not None
    messages.success(request, "Saved.")
    assert page_etag(request) is None


def test_a_repeat_costs_one_query(
    client: Client, loaded: Catalog, django_assert_max_num_queries: Any
) -> None:
    client.get("/exercises/")
    etag = client.get("/exercises/")["ETag"]
    with django_assert_max_num_queries(1):
        assert client.get("/exercises/", headers={"If-None-Match": etag}).status_code == 304
