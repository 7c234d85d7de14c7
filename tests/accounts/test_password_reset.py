"""Password reset by e-mail where an e-mail server is configured, and not otherwise."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from supple.accounts.models import User

NEW = "a brand new passphrase"


def test_without_an_email_server_there_is_no_reset_by_email(patient: User) -> None:
    client = Client()
    assert client.get("/accounts/password-reset/").status_code == 404
    assert "Forgotten your password?" not in client.get("/accounts/login/").content.decode()


def test_with_an_email_server_a_link_sets_a_new_password(patient: User, settings: Any) -> None:
    settings.PASSWORD_RESET_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    patient.email = "pat@example.org"
    patient.save()
    client = Client()
    assert "Forgotten your password?" in client.get("/accounts/login/").content.decode()
    sent = client.post("/accounts/password-reset/", {"email": "pat@example.org"})
    assert sent["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link[1], follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Your password is changed" in done.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(NEW)
