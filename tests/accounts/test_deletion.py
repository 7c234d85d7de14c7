"""Deleting an account asks for the password and signs the person out everywhere."""

from __future__ import annotations

from django.contrib.sessions.models import Session as SignedInSession

from supple.accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import signed_in


def test_the_username_alone_deletes_nothing(patient: User) -> None:
    response = signed_in(patient).post("/my-data/delete/", {"confirmation": "pat"})
    assert response.status_code == 400
    assert User.objects.filter(username="pat").exists()


def test_deleting_ends_every_session_of_the_account_and_no_other(
    patient: User, outsider: User
) -> None:
    phone, laptop, oscar = signed_in(patient), signed_in(patient), signed_in(outsider)
    assert SignedInSession.objects.count() == 3
    response = laptop.post("/my-data/delete/", {"confirmation": PASSWORD})
    assert response.status_code == 200
    assert SignedInSession.objects.count() == 1  # only Oscar's
    assert phone.get("/progress/")["Location"].startswith("/accounts/login/")
    assert oscar.get("/progress/")["Location"] == "/start/"  # still signed in
