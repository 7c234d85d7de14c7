"""The session summary: minutes, exercises done, pain before and after, what changes next
time and why, the morning check announced; a stop leads with its reason and one next step."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import Profile
from tests.conftest import PASSWORD
from tests.programs.conftest import CLEAR, do_session, new_id


def _ready(patient: User) -> datetime:
    now = timezone.now() - timedelta(hours=1)
    services.record_screen(patient, CLEAR, trigger="user", now=now - timedelta(minutes=1))
    return now


def test_the_summary_of_a_whole_session(client: Client, enrolled: Profile, patient: User) -> None:
    now = _ready(patient)
    session_id = do_session(patient, now, p_pre=4, p_during=2, p_post=3)
    client.login(username="pat", password=PASSWORD)
    response = client.get(f"/session/{session_id}/summary/")
    assert response.status_code == 200
    page = response.content.decode()
    summary = response.context["summary"]
    planned = summary.counts.planned
    assert summary.minutes == 20  # started, then finished 20 minutes later
    assert (summary.counts.done, planned) == (planned, len(summary.exercises))
    assert f'{planned} <span class="stat-note">of {planned}</span>' in page
    assert "<h1>Session done</h1>" in page
    assert "Well done" not in page
    assert "Next time" in page
    assert summary.changes  # each exercise done says what happens next
    assert "Tomorrow morning" in page
    assert "held:" not in page
    assert 'href="/today/"' in page


def test_another_persons_session_is_not_found(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    session_id = do_session(patient, _ready(patient))
    client.force_login(outsider)
    assert client.get(f"/session/{session_id}/summary/").status_code == 404
    assert client.get(f"/session/{new_id()}/summary/").status_code == 404


def test_a_stopped_session_leads_with_its_reason_and_the_next_step(
    client: Client, enrolled: Profile, patient: User
) -> None:
    now = _ready(patient)
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=now)
    services.log_exercise(
        patient,
        session_id,
        new_id(),
        position=0,
        exercise=session.plan[0]["exercise"],
        p_during=9,
        completed=True,
        now=now + timedelta(minutes=2),
    )
    services.finish_session(
        patient, session_id, p_post=6, stopped=True, now=now + timedelta(minutes=3)
    )
    client.login(username="pat", password=PASSWORD)
    page = client.get(f"/session/{session_id}/summary/").content.decode()
    name = session.plan[0]["name"]
    head = page[page.index("<h1>") :]
    assert head.startswith("<h1>Stopped for today</h1>")
    assert head.index(f"Your pain reached 9/10 during {name}.") < head.index("Time</dt>")
    assert "Well done" not in page
    assert "Go on" not in page
    # The one right next step: the safety questions, as the high pain asks for them.
    assert page.count('class="button big"') == 1
    assert '<a class="button big" href="/check/">Answer the safety questions</a>' in page
