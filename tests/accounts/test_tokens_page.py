"""The API tokens page: a token made there is shown once and works; revoking stops it; one
person cannot revoke another's."""

from __future__ import annotations

import re

from django.test import Client

from supple.accounts.models import AccessToken, User


def make(client: Client, **form: str) -> str:
    data = {"name": "my script", "scope": "write", "expires": "30", **form}
    return client.post("/accounts/tokens/", data).content.decode()


def test_a_token_made_on_the_page_is_shown_once_and_works(patient: User) -> None:
    client = Client()
    client.force_login(patient)
    page = make(client)
    secret = re.search(r'value="(sup_[^"]+)"', page)
    assert secret is not None
    assert secret.group(1) not in client.get("/accounts/tokens/").content.decode()
    answer = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}")
    assert answer.status_code == 200


def test_a_bad_name_says_why_and_makes_nothing(patient: User) -> None:
    client = Client()
    client.force_login(patient)
    response = client.post("/accounts/tokens/", {"name": "  ", "scope": "read", "expires": "7"})
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert not AccessToken.objects.exists()


def test_revoking_stops_the_token_and_only_the_owner_may(patient: User, outsider: User) -> None:
    owner = Client()
    owner.force_login(patient)
    secret = re.search(r'value="(sup_[^"]+)"', make(owner))
    assert secret is not None
    token = AccessToken.objects.get()
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert (
        Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}").status_code
        == 200
    )
    assert owner.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    assert (
        Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}").status_code
        == 401
    )


def test_the_page_needs_a_signed_in_person(db: None) -> None:
    assert Client().get("/accounts/tokens/").status_code == 302
