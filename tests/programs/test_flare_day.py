"""The flare day is remembered for the day: on Today after a reload, in the terminal, and in
the player's plan; saying the pain has eased brings the usual routine back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.cli import main
from supple.commands import user_database
from supple.programs import services
from supple.programs.models import FlareDay, Profile
from supple.programs.services import flare
from tests.conftest import PASSWORD
from tests.programs.conftest import CLEAR, NOW, new_id


def test_the_switch_is_stored_for_the_day_and_shown_after_a_reload(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    services.record_screen(patient, CLEAR, trigger="user", now=timezone.now())
    client.login(username="pat", password=PASSWORD)
    response = client.post("/today/flare/", {"flare": ["0", "1"]})
    assert response.status_code == 302
    row = FlareDay.objects.get(user=patient)
    assert row.date == timezone.localdate()
    page = client.get("/today/").content.decode()  # no ?flare=1 in the address
    assert "Today&#x27;s gentle flare routine" in page or "Today's gentle flare routine" in page
    assert "My pain has eased" in page
    assert "/session/?flare=1" in page
    # The player's plan follows it too.
    assert services.today_for(patient, timezone.now()).flare
    # Another person's day is theirs alone.
    assert not FlareDay.objects.filter(user=outsider).exists()
    eased = client.post("/today/flare/", {"flare": "0"}, HTTP_HX_REQUEST="true")
    assert eased.status_code == 200
    assert (
        "Today&#x27;s routine" in eased.content.decode()
        or "Today's routine" in eased.content.decode()
    )
    assert not services.today_for(patient, timezone.now()).flare
    assert client.get("/today/").content.decode().count("My pain has eased") == 0


def test_the_switch_refuses_a_missing_answer(
    client: Client, enrolled: Profile, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    assert client.post("/today/flare/", {}).status_code == 400
    assert client.post("/today/flare/", {"flare": "yes"}).status_code == 400
    assert not FlareDay.objects.exists()


def test_a_pain_of_7_at_the_start_keeps_the_flare_routine_for_the_day(
    enrolled: Profile, patient: User
) -> None:
    session_id = new_id()
    services.start_session(patient, session_id, p_pre=8, now=NOW)
    services.finish_session(patient, session_id, p_post=5, now=NOW + timedelta(minutes=5))
    assert services.today_for(patient, NOW + timedelta(hours=3)).flare
    flare.ease_flare(patient, NOW + timedelta(hours=4))
    assert not services.today_for(patient, NOW + timedelta(hours=5)).flare
    # The next day starts afresh.
    assert not services.today_for(patient, NOW + timedelta(days=1)).flare


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    moments = [NOW]
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(user_database, "current_time", lambda: moments[-1])
    return moments


def test_the_terminal_remembers_the_flare_day_too(
    enrolled: Profile, patient: User, at: list[datetime], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["today", "--flare"]) == 0
    assert "flare-day routine" in capsys.readouterr().out
    at.append(NOW + timedelta(hours=2))
    assert main(["today"]) == 0  # later the same day, without --flare
    assert "flare-day routine" in capsys.readouterr().out
    assert main(["today", "--eased"]) == 0
    assert "flare-day routine" not in capsys.readouterr().out
    assert FlareDay.objects.get(user=patient).eased_at is not None
