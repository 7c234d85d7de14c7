"""Today's plan as a printable handout: the signed-in person's own exercises at today's doses,
nothing while the safety questions are due, the emergency page when that is what applies."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from supple.accounts.models import User
from supple.domain.dosage import dose_words
from supple.library.services import current_catalog
from supple.programs import services
from tests.factories import CLEAR, INTAKE, signed_in

PATH = "/today/handout/"
MAX_QUERIES = 25  # as Today: the same service builds the plan


def enrol(user: User, when: datetime, intake: services.IntakeData = INTAKE) -> None:
    services.accept_disclaimer(user, when)
    services.save_intake(user, intake, when)
    services.record_screen(user, CLEAR, trigger="intake", now=when)


def shown(html: str) -> list[str]:
    """The exercise names of the handout, in order."""
    return re.findall(r'<span class="handout-number">\d+\.</span> ([^<]+)</h2>', html)


def planned(user: User) -> list[tuple[str, str]]:
    plan = services.today_for(user, timezone.now()).plan
    assert plan is not None
    catalog = current_catalog()
    return [
        (
            escape(catalog.exercise(i.exercise).name),
            dose_words(i.hold_s, i.reps, i.sets, i.per_side, catalog.exercise(i.exercise).kind),
        )
        for i in plan.items
    ]


@pytest.fixture
def pat(library: None, patient: User) -> User:
    enrol(patient, timezone.now() - timedelta(days=1))
    return patient


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(PATH)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_without_answers_is_sent_to_onboarding(pat: User, outsider: User) -> None:
    response = signed_in(outsider).get(PATH)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_the_handout_is_todays_plan_in_order_with_doses_figures_and_notice(
    pat: User, settings: object
) -> None:
    settings.SUPPLE_EMERGENCY_NUMBER = "999"  # type: ignore[attr-defined]
    response = signed_in(pat).get(PATH)
    assert response.status_code == 200
    html = response.content.decode()
    expected = planned(pat)
    assert expected
    assert shown(html) == [name for name, _ in expected]
    for _, dose in expected:
        assert escape(dose) in html
    assert html.count("<svg") == len(expected)
    assert "How to do it" in html
    assert "not a diagnosis or a treatment" in html
    assert "Call 999 at once" in html
    assert "data-print" in html  # a print button (its script is a file: no inline handler)
    # Today links to it.
    assert f'href="{PATH}"' in signed_in(pat).get("/today/").content.decode()


def test_another_patient_prints_their_own_plan_not_pats(pat: User, outsider: User) -> None:
    # Oscar cannot get down to the floor: his plan differs from Pat's.
    enrol(outsider, timezone.now() - timedelta(days=1), replace(INTAKE, can_get_on_floor=False))
    pats, oscars = planned(pat), planned(outsider)
    assert pats != oscars
    html = signed_in(outsider).get(PATH).content.decode()
    assert shown(html) == [name for name, _ in oscars]
    assert shown(signed_in(pat).get(PATH).content.decode()) == [name for name, _ in pats]


def test_nothing_to_print_while_the_safety_questions_are_due(library: None, patient: User) -> None:
    enrol(patient, timezone.now() - timedelta(days=10))  # the weekly screen is due
    assert services.safety_status(patient, timezone.now()).due
    html = signed_in(patient).get(PATH).content.decode()
    assert shown(html) == []
    assert "Please answer the safety questions" in html
    assert "Print today" not in signed_in(patient).get("/today/").content.decode()


def test_an_emergency_answer_shows_the_emergency_page_instead(pat: User) -> None:
    services.record_screen(pat, CLEAR | {"E1": True}, trigger="weekly", now=timezone.now())
    response = signed_in(pat).get(PATH)
    assert response.status_code == 200
    html = response.content.decode()
    assert shown(html) == []
    assert "emergency" in html.lower()


def test_a_bounded_number_of_queries(pat: User) -> None:
    client = signed_in(pat)
    client.get(PATH)  # today's decisions are made once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PATH).status_code == 200
    assert len(queries) <= MAX_QUERIES
    assert client.post(PATH).status_code == 405
