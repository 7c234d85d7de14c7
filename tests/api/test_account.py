from __future__ import annotations

from django.test import Client

from supple.accounts.models import User


def test_the_api_needs_a_signed_in_user(client: Client, db: None) -> None:
    assert client.get("/api/v1/me/").status_code == 401


def test_the_api_tells_who_is_signed_in(client: Client, patient: User) -> None:
    client.force_login(patient)
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {"username": "pat", "role": "patient", "clinic": "Riverside Physio"}


def test_the_openapi_description_is_served(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Supple API"
    assert "/api/v1/me/" in schema["paths"]
