"""The patient's pages through Django's test client: who may see what, bad input, the safety
outcomes as pages show them, and a bounded number of queries whatever the history."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from supple.accounts.models import User
from supple.domain import safety
from supple.programs import services
from supple.programs.models import Consent, Profile, ProgramDecision, ScreenRecord, Session
from tests.factories import CLEAR, INTAKE, bulk_history, do_session, signed_in

# Today and the player: a fixed number of queries whatever the length of the history.
MAX_QUERIES = 26  # one more since a prescribed program is looked up
PAGES = ["/today/", "/session/", "/start/", "/start/plan/", "/check/", "/check/result/"]
FORMS = ["/start/notice/", "/start/questions/", "/check/", "/check/clinician/", "/today/morning/"]


def enrol(user: User, when: datetime) -> None:
    services.accept_disclaimer(user, when)
    services.save_intake(user, INTAKE, when)
    services.record_screen(user, CLEAR, trigger="intake", now=when)


@pytest.mark.parametrize("path", PAGES + FORMS)
def test_nobody_is_sent_to_sign_in(client: Client, path: str, db: None) -> None:
    response = client.get(path) if path in PAGES else client.post(path, {})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", PAGES)
def test_another_patient_sees_only_their_own_start(pat: User, outsider: User, path: str) -> None:
    """Oscar has no intake: every page sends him to his own onboarding, never to Pat's data."""
    do_session(pat, timezone.now() - timedelta(hours=1))
    response = signed_in(outsider).get(path, follow=True)
    assert response.status_code == 200
    assert b"pat" not in response.content.split(b"<main", 1)[1]
    assert response.redirect_chain[-1][0] in ("/start/notice/", "/check/")


def test_a_signed_in_user_without_a_profile_goes_to_onboarding(
    library: None, patient: User
) -> None:
    client = signed_in(patient)
    assert client.get("/today/")["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/start/notice/"
    assert client.post("/start/notice/", {}).status_code == 400
    assert client.post("/start/notice/", {"accept": "on"})["Location"] == "/start/"
    assert Consent.objects.filter(user=patient).exists()
    assert client.get("/start/")["Location"] == "/start/questions/"


def intake_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "pain_now": "4",
        "duration": "weeks",
        "age": "45",
        "can_get_on_floor": "yes",
        "minutes": "15",
        "equipment": ["wall", "chair"],
        "direction": "neither",
    }
    data.update(changes)
    return data


def test_intake_bad_answers_are_named_and_nothing_is_saved(library: None, patient: User) -> None:
    client = signed_in(patient)
    services.accept_disclaimer(patient, timezone.now())
    response = client.post(
        "/start/questions/",
        intake_form(age="12", minutes="500", equipment=["jetpack"], pain_now="11"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "greater than or equal to 16" in text
    assert "less than or equal to 120" in text
    assert "jetpack is not one of the available choices" in text
    assert not Profile.objects.filter(user=patient).exists()


def test_answering_the_intake_again_updates_it(pat: User) -> None:
    client = signed_in(pat)
    page = client.get("/start/questions/").content.decode()
    assert "Change your answers" in page
    assert 'value="45"' in page  # the current answers are filled in
    response = client.post("/start/questions/", intake_form(minutes="30", pain_now="6"))
    assert response["Location"] == "/today/"
    profile = Profile.objects.get(user=pat)
    assert (profile.minutes, profile.pain_now, profile.intake_pain) == (30, 6, 4)


def screen_form(yes: tuple[str, ...] = (), checked: tuple[str, ...] = ()) -> dict[str, str]:
    data = {q: ("yes" if q in yes else "no") for q in safety.ASKED_IDS}
    data.update({f"{q}_checked": "on" for q in checked})
    return data


def test_urgent_pauses_until_a_clinician_is_confirmed(pat: User) -> None:
    client = signed_in(pat)
    response = client.post("/check/", screen_form(yes=("U1",)))
    assert response["Location"] == "/check/result/"
    page = client.get("/check/result/").content.decode()
    assert "within 48 hours" in page
    assert "A clinician has assessed me" in page
    assert "Start session" not in client.get("/today/").content.decode()
    assert client.get("/session/")["Location"] == "/today/"
    assert client.post("/check/clinician/", {}).status_code == 302  # the box must be ticked
    assert ScreenRecord.objects.filter(user=pat).first().clinician_confirmed_at is None  # type: ignore[union-attr]
    client.post("/check/clinician/", {"confirm": "on"})
    assert ScreenRecord.objects.filter(user=pat).first().clinician_confirmed_at is not None  # type: ignore[union-attr]
    page = client.get("/today/").content.decode()
    assert "Your exercises are paused" not in page


def test_after_a_clinician_is_confirmed_the_routine_comes_back(pat: User) -> None:
    client = signed_in(pat)
    client.post("/check/", screen_form(yes=("U1",)))
    client.post("/check/clinician/", {"confirm": "on"})
    assert "Start session" in client.get("/today/").content.decode()


def test_checked_answers_are_kept_but_an_emergency_answer_never_is(pat: User) -> None:
    client = signed_in(pat)
    client.post("/check/", screen_form(yes=("U3", "E1"), checked=("U3", "E1")))
    latest = ScreenRecord.objects.filter(user=pat).first()
    assert latest is not None
    assert latest.outcome == "emergency"
    assert latest.checked == ["U3"]  # there is no such box for an E question


def test_an_incomplete_screen_form_is_refused(pat: User) -> None:
    before = ScreenRecord.objects.filter(user=pat).count()
    data = screen_form()
    del data["E3"]
    response = signed_in(pat).post("/check/", data)
    assert response.status_code == 400
    assert "Please answer yes or no." in response.content.decode()
    assert ScreenRecord.objects.filter(user=pat).count() == before


def test_a_pain_of_8_asks_the_screen_again_at_once(pat: User, now: datetime) -> None:
    do_session(pat, now - timedelta(hours=2), p_during=8)
    client = signed_in(pat)
    page = client.get("/today/").content.decode()
    assert "Safety questions first" in page
    assert "Start session" not in page
    client.post("/check/", screen_form())
    latest = ScreenRecord.objects.filter(user=pat).first()
    assert latest is not None
    assert latest.trigger == "pain"
    assert "Start session" in client.get("/today/").content.decode()


def test_the_weekly_screen_is_asked_after_7_days(
    library: None, patient: User, now: datetime
) -> None:
    enrol(patient, now - timedelta(days=7, minutes=1))
    client = signed_in(patient)
    assert "7 days or more" in client.get("/today/").content.decode()
    client.post("/check/", screen_form())
    assert ScreenRecord.objects.filter(user=patient).first().trigger == "weekly"  # type: ignore[union-attr]


def test_morning_check_bad_values_and_htmx(pat: User, now: datetime) -> None:
    do_session(pat, now - timedelta(days=1))
    client = signed_in(pat)
    assert "Good morning" in client.get("/today/").content.decode()
    bad = client.post("/today/morning/", {"morning-p_next": "11"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert Session.objects.get(user=pat).p_next is None
    ok = client.post("/today/morning/", {"morning-p_next": "3"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200
    assert "3/10 on waking is saved" in ok.content.decode()
    assert Session.objects.get(user=pat).p_next == 3
    again = client.post("/today/morning/", {"morning-p_next": "3"})
    assert again.status_code == 302  # nothing waits any more: said in a message


def test_the_flare_switch_renders_the_routine_alone_for_htmx(pat: User) -> None:
    client = signed_in(pat)
    response = client.post(
        "/today/flare/", {"flare": ["0", "1"]}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="routine"
    )
    text = response.content.decode()
    assert "Today's gentle flare routine" in text
    assert "<h1>" not in text
    assert "/session/?flare=1" in text


def screened(user: User, when: datetime) -> None:
    """Answer the screen whenever it is due, as the person would."""
    if services.safety_status(user, when).due:
        services.record_screen(user, CLEAR, trigger="weekly", now=when - timedelta(minutes=1))


def long_history(user: User, end: datetime, days: int) -> None:
    for day in range(days, 0, -1):
        when = end - timedelta(days=day)
        screened(user, when)
        do_session(user, when, p_during=2 + day % 3)
        Session.objects.filter(user=user, date=when.date()).update(p_next=2)


@pytest.mark.parametrize("path", ["/today/", "/session/"])
def test_queries_do_not_grow_with_the_history(
    library: None,
    patient: User,
    now: datetime,
    path: str,
    django_assert_max_num_queries: type[DjangoAssertNumQueries],
) -> None:
    enrol(patient, now - timedelta(days=400))
    long_history(patient, now - timedelta(days=300), 5)
    screened(patient, now)
    client = signed_in(patient)
    services.apply_due_decisions(patient, now)  # as the morning check would
    client.get(path)  # the caches warmed: only the second request is counted
    with CaptureQueriesContext(connection) as short:
        assert client.get(path).status_code == 200
    bulk_history(patient, now, 250)
    screened(patient, now)
    # Today's decisions made again, over the long history, as the next event would.
    ProgramDecision.objects.filter(user=patient, made_on=timezone.localdate(now)).delete()
    services.apply_due_decisions(patient, now)
    client.get(path)
    with django_assert_max_num_queries(MAX_QUERIES) as long:
        assert client.get(path).status_code == 200
    assert len(long.captured_queries) <= len(short.captured_queries)
