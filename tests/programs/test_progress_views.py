"""The Progress, PSFS, break-timer, reminders and data pages: who may see them, what they show,
and how many queries they take whatever the length of the history."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from supple.accounts.models import User
from supple.programs.models import Decision, Profile
from supple.programs.services import levels, words
from supple.programs.services.progress import PainPoint
from supple.programs.views.progress import pain_summary
from tests.conftest import PASSWORD
from tests.factories import build_history, enrol

PAGES = ("progress", "psfs", "breaks", "reminders", "data")
POSTS = (
    ("psfs", {"action": "add", "name": "Socks"}),
    ("breaks-log", {"client_id": "6f1c7d2e-8a43-4b1d-9a0e-123456789abc"}),
    ("breaks-interval", {"minutes": "25"}),
    ("reminders", {"alarm_minutes": "10"}),
    ("calendar-reset", {}),
    ("delete-account", {"confirmation": PASSWORD}),
)


def recent_start() -> Any:
    """Sessions ending yesterday, so that they fall in the page's 90 days whenever it runs."""
    return timezone.now() - timedelta(days=5)


@pytest.fixture
def signed_in(client: Client, enrolled: Profile, patient: User) -> Client:
    client.login(username="pat", password=PASSWORD)
    return client


def test_every_page_and_form_needs_a_signed_in_person(client: Client, enrolled: Profile) -> None:
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name
    for name, data in POSTS:
        response = client.post(reverse(name), data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name
    assert User.objects.filter(username="pat").exists()


def test_another_person_sees_only_their_own_progress(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    build_history(patient, 5, start=recent_start())
    enrol(outsider)
    client.login(username="oscar", password=PASSWORD)
    response = client.get(reverse("progress"))
    assert response.status_code == 200
    assert response.context["progress"].sessions == ()
    assert response.context["ladders"] == []
    assert response.context["psfs"].activities == ()
    assert b"Putting on socks" not in response.content
    # Oscar's forms act on Oscar's data only.
    pat_activity = patient.psfs_activities.get()
    response = client.post(reverse("psfs"), {"action": "remove", "activity": pat_activity.pk})
    assert response.status_code == 400
    assert patient.psfs_activities.filter(archived=False).count() == 1
    client.post(reverse("calendar-reset"))
    enrolled.refresh_from_db()
    assert Profile.objects.get(user=patient).calendar_token == enrolled.calendar_token


def test_pages_send_a_person_without_an_intake_to_the_start(client: Client, patient: User) -> None:
    client.login(username="pat", password=PASSWORD)
    for name in ("progress", "psfs", "reminders"):
        assert client.get(reverse(name))["Location"] == reverse("onboarding"), name
    for name in ("breaks", "data"):
        assert client.get(reverse(name)).status_code == 200, name


def test_the_progress_page_shows_adherence_pain_levels_and_reasons(
    signed_in: Client, patient: User
) -> None:
    build_history(patient, 5, start=recent_start())
    response = signed_in.get(reverse("progress"))
    assert response.status_code == 200
    page = response.content.decode()
    progress = response.context["progress"]
    assert len(progress.sessions) == 5
    assert progress.streak == 5
    chart = json.loads(
        page.split('id="pain-data" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["before"] == [p.p_pre for p in progress.pain]
    assert chart["morning"] == [p.p_next for p in progress.pain]
    assert 'aria-describedby="pain-summary"' in page
    assert "chart-4.6.1.umd.min.js" in page
    assert page.count('<tr><th scope="row">') == 5  # the sessions: the chart's data table
    decision = Decision.objects.filter(user=patient).latest("made_at")
    assert escape(words.reason_detail(decision.reason)) in page  # the detail, unlabelled
    assert response.context["ladders"]
    assert "Putting on socks" in page


def test_levels_show_the_latest_decisions_per_ladder_and_count_them_all(
    enrolled: Profile, patient: User, outsider: User
) -> None:
    build_history(patient, 6)
    decisions = list(Decision.objects.filter(user=patient))
    histories = levels.levels_for(patient, decisions)
    assert {h.ladder for h in histories} == {d.ladder for d in decisions}
    assert sum(h.total for h in histories) == len(decisions)
    for history in histories:
        assert 1 <= len(history.steps) <= 2
        dates = [step.made_on for step in history.steps]
        assert dates == sorted(dates, reverse=True)
        assert history.current
        assert ":" not in history.current  # the dose alone: the name is the heading
        full = levels.ladder_history(patient, history.ladder)
        assert full is not None
        assert len(full.steps) == full.total == history.total
        assert full.steps[: len(history.steps)] == history.steps
        for step in full.steps:
            assert step.decision_words in levels.DECISION_WORDS.values()
            assert step.reason
    # Ladders with no decision among the recent ones are listed, with their count and no steps.
    older = levels.levels_for(patient, [])
    assert [h.steps for h in older] == [()] * len(histories)
    assert sum(h.total for h in older) == len(decisions)
    assert levels.levels_for(outsider, []) == []
    assert levels.ladder_history(outsider, histories[0].ladder) is None


def test_the_page_of_one_ladder_lists_every_decision_of_its_owner_only(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    build_history(patient, 4, start=recent_start())
    ladder = Decision.objects.filter(user=patient).first()
    assert ladder is not None
    url = reverse("progress-ladder", args=[ladder.ladder])
    assert client.get(url).status_code == 302
    enrol(outsider)
    client.login(username="oscar", password=PASSWORD)
    assert client.get(url).status_code == 404
    client.login(username="pat", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    count = Decision.objects.filter(user=patient, ladder=ladder.ladder).count()
    assert response.content.decode().count('class="reason"') == count


def test_named_dose() -> None:
    names = {"bridge": "Bridge", "walk": "Walk"}
    dose = {"exercise": "bridge", "hold_s": None, "reps": 8, "sets": 2, "per_side": False}
    assert levels.named_dose(dose, names) == "Bridge: 8 reps · 2 sets"
    held = {"exercise": "x", "hold_s": 30, "reps": None, "sets": 1, "per_side": True}
    assert levels.named_dose(held, names) == "x: Hold 30 s · each side"
    walk = {"exercise": "walk", "hold_s": 60, "reps": None, "sets": 1, "per_side": False}
    assert levels.named_dose(walk, names, {"walk": "functional"}) == "Walk: For 1 min"
    assert levels.named_dose(None, names) == "not set"
    assert levels.named_dose({"exercise": "bridge"}, names) == "not set"


def test_the_pain_summary_says_what_the_chart_shows() -> None:
    from datetime import date

    assert pain_summary(()) == "No sessions with pain scores in the last 90 days yet."
    points = (
        PainPoint(date(2026, 11, 1), "Sun 1 Nov", 6, 4, None),
        PainPoint(date(2026, 11, 3), "Tue 3 Nov", 4, 3, 3),
    )
    assert pain_summary(points) == (
        "Over 2 sessions (1 November to 3 November 2026), pain before sessions went from 6 to 4 "
        "out of 10 (average 5.0); after sessions from 4 to 3 out of 10 (average 3.5); "
        "the next morning 3 out of 10."
    )


@pytest.mark.parametrize("days", [1, 20])
def test_the_progress_page_takes_a_bounded_number_of_queries(
    signed_in: Client, patient: User, days: int, django_assert_max_num_queries: Any
) -> None:
    build_history(patient, days, start=timezone.now() - timedelta(days=days + 1))
    # Sign-in 2, profile 1, progress 5 (with the exercise logs, which tell done from empty, and
    # the program's start), levels 3 (with the library's version), PSFS 2, breaks 1.
    with django_assert_max_num_queries(14):
        response = signed_in.get(reverse("progress"))
    assert response.status_code == 200
    assert len(response.context["progress"].sessions) == days
