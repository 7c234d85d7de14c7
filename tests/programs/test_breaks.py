"""Breaks from sitting: counted once per browser id, suggestions that suit the person."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import planner
from supple.library.services import current_catalog
from supple.programs.models import Profile, SittingBreak
from supple.programs.services import ProgramError, breaks
from supple.programs.services.intake import save_intake
from tests.conftest import PASSWORD
from tests.factories import INTAKE, NOW


def test_a_retried_break_counts_once(enrolled: Profile, patient: User) -> None:
    key = str(uuid.uuid4())
    first, created = breaks.log_break(patient, key, NOW, exercise="walk")
    again, created_again = breaks.log_break(patient, key, NOW + timedelta(seconds=3))
    assert created
    assert not created_again
    assert first.pk == again.pk
    assert breaks.breaks_on(patient, NOW.date()) == 1


def test_breaks_are_counted_per_day_and_per_person(
    enrolled: Profile, patient: User, outsider: User
) -> None:
    breaks.log_break(patient, uuid.uuid4(), NOW)
    breaks.log_break(patient, uuid.uuid4(), NOW + timedelta(hours=1))
    breaks.log_break(patient, uuid.uuid4(), NOW - timedelta(days=1))
    breaks.log_break(outsider, uuid.uuid4(), NOW)
    assert breaks.breaks_on(patient, NOW.date()) == 2
    assert breaks.breaks_on(outsider, NOW.date()) == 1


def test_a_bad_id_is_refused_and_an_unknown_exercise_dropped(
    enrolled: Profile, patient: User
) -> None:
    with pytest.raises(ProgramError, match="not a valid id"):
        breaks.log_break(patient, "not-a-uuid", NOW)
    made, _ = breaks.log_break(patient, uuid.uuid4(), NOW, exercise="<script>")
    assert made.exercise == ""


def test_suggestions_are_standing_or_seated_and_respect_the_person(
    enrolled: Profile, patient: User
) -> None:
    ideas = breaks.suggestions(patient)
    ids = [s.id for s in ideas]
    assert "walk" in ids
    assert len(ids) >= 2
    assert all(s.steps and s.dose for s in ideas)
    # The person's exclusions and directional preference apply to suggestions too.
    save_intake(patient, replace(INTAKE, direction="flexion", exclude=("walk",)), NOW)
    narrowed = [s.id for s in breaks.suggestions(patient)]
    assert "walk" not in narrowed
    assert narrowed
    catalog = current_catalog()
    assert all(planner.direction_allows(catalog.exercise(i), "flexion", 1) for i in narrowed)


def test_the_interval_is_kept_on_the_profile(enrolled: Profile, patient: User) -> None:
    assert breaks.interval_for(patient) == 30
    breaks.set_interval(patient, 25)
    assert breaks.interval_for(patient) == 25
    for bad in (5, 121, True):
        with pytest.raises(ProgramError, match="from 10 to 120"):
            breaks.set_interval(patient, bad)  # type: ignore[arg-type]


def test_someone_without_a_profile_gets_the_default_interval(patient: User) -> None:
    assert breaks.interval_for(patient) == breaks.DEFAULT_INTERVAL


# --------------------------------------------------------------------------------------------
# The page and its form


def test_the_page_reads_the_interval_from_the_profile(
    client: Client, enrolled: Profile, patient: User
) -> None:
    breaks.set_interval(patient, 25)
    client.login(username="pat", password=PASSWORD)
    response = client.get(reverse("breaks"))
    page = response.content.decode()
    assert 'data-interval-seconds="1500"' in page
    assert 'id="break-suggestions"' in page
    assert "breaks.js" in page


def test_logging_a_break_twice_by_the_page_counts_once(
    client: Client, enrolled: Profile, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    key = str(uuid.uuid4())
    url = reverse("breaks-log")
    first = client.post(url, {"client_id": key, "exercise": "walk"}, HTTP_ACCEPT="application/json")
    again = client.post(url, {"client_id": key}, HTTP_ACCEPT="application/json")
    assert (first.status_code, first.json()) == (201, {"today": 1, "created": True})
    assert (again.status_code, again.json()) == (200, {"today": 1, "created": False})
    assert client.post(url, {"client_id": str(uuid.uuid4())}).status_code == 302  # no script
    assert SittingBreak.objects.filter(user=patient).count() == 2
    bad = client.post(url, {"client_id": "x"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert "valid id" in bad.json()["error"]


def test_another_persons_break_id_is_theirs_alone(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    key = uuid.uuid4()
    breaks.log_break(patient, key, timezone.now())
    client.login(username="oscar", password=PASSWORD)
    response = client.post(
        reverse("breaks-log"), {"client_id": str(key)}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"today": 1, "created": True}
    assert SittingBreak.objects.filter(user=patient).count() == 1


def test_the_interval_form_refuses_bad_values(client: Client, enrolled: Profile) -> None:
    client.login(username="pat", password=PASSWORD)
    url = reverse("breaks-interval")
    assert client.post(url, {"minutes": "abc"}).status_code == 400
    assert client.post(url, {"minutes": "500"}, HTTP_ACCEPT="application/json").status_code == 400
    assert client.post(url, {"minutes": "25"}).status_code == 302
