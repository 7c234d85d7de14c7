"""``supple passwd NAME``: a forgotten password replaced from the computer's own terminal."""

from __future__ import annotations

import pytest
from django.test import Client

from supple.accounts.models import User
from supple.cli import main
from tests.conftest import PASSWORD

NEW = "a brand new passphrase"


def test_passwd_sets_a_new_password_ends_sessions_and_lifts_the_pause(
    patient: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = Client()
    elsewhere.force_login(patient)
    guesser = Client()
    for _ in range(5):
        guesser.post("/accounts/login/", {"username": "pat", "password": "wrong guess"})
    monkeypatch.setenv("NEW_PASSWORD", NEW)
    assert main(["passwd", "pat", "--password-env", "NEW_PASSWORD"]) == 0
    assert "New password set for 'pat'" in capsys.readouterr().out
    patient.refresh_from_db()
    assert patient.check_password(NEW)
    assert not patient.check_password(PASSWORD)
    assert elsewhere.get("/progress/")["Location"].startswith("/accounts/login/")
    signed_in = Client().post("/accounts/login/", {"username": "pat", "password": NEW})
    assert signed_in.status_code == 302


def test_passwd_refuses_an_unknown_name_and_a_weak_password(
    patient: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEW_PASSWORD", NEW)
    assert main(["passwd", "nobody", "--password-env", "NEW_PASSWORD"]) == 1
    assert "no account is called 'nobody'" in capsys.readouterr().err
    monkeypatch.setenv("NEW_PASSWORD", "short")
    assert main(["passwd", "pat", "--password-env", "NEW_PASSWORD"]) == 1
    assert "password:" in capsys.readouterr().err
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)
