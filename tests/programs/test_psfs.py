"""The Patient-Specific Functional Scale: 3 to 5 activities, scored 0-10 now and every 2
weeks, an important change at 2 points (docs/clinical-rules.md section 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.programs.models import Profile, PsfsActivity, PsfsRating
from supple.programs.services import ProgramError, psfs
from tests.conftest import PASSWORD
from tests.factories import NOW

TODAY = NOW.date()
ACTIVITIES = ("Putting on socks", "Getting out of a car", "Lifting a shopping bag")


@pytest.fixture
def three(enrolled: Profile, patient: User) -> list[PsfsActivity]:
    return [psfs.add_activity(patient, name) for name in ACTIVITIES]


def scores(activities: list[PsfsActivity], *values: int) -> dict[int, int]:
    return {a.pk: v for a, v in zip(activities, values, strict=True)}


def test_ratings_need_three_activities_first(enrolled: Profile, patient: User) -> None:
    one = psfs.add_activity(patient, "  Putting   on socks ")
    assert one.name == "Putting on socks"
    summary = psfs.psfs_for(patient, TODAY)
    assert not summary.ready
    assert not summary.due
    with pytest.raises(ProgramError, match="at least 3"):
        psfs.rate(patient, {one.pk: 4}, TODAY)
    assert not PsfsRating.objects.exists()


def test_a_rating_is_due_at_the_start_and_every_two_weeks(
    three: list[PsfsActivity], patient: User
) -> None:
    assert psfs.psfs_for(patient, TODAY).due
    psfs.rate(patient, scores(three, 2, 5, 7), TODAY)
    after = psfs.psfs_for(patient, TODAY + timedelta(days=13))
    assert not after.due
    assert after.next_due == TODAY + timedelta(days=14)
    assert psfs.psfs_for(patient, TODAY + timedelta(days=14)).due


def test_change_per_activity_marks_two_points_as_important(
    three: list[PsfsActivity], patient: User
) -> None:
    psfs.rate(patient, scores(three, 2, 5, 7), TODAY)
    psfs.rate(patient, scores(three, 4, 6, 5), TODAY + timedelta(days=14))
    items = psfs.psfs_for(patient, TODAY + timedelta(days=14)).activities
    assert [i.change for i in items] == [2, 1, -2]
    assert [i.important for i in items] == [True, False, True]
    assert items[0].change_words == "2 points better (an important change)"
    assert items[1].change_words == "1 point better (a small change)"
    assert items[2].change_words == "2 points harder (an important change)"


def test_rating_again_the_same_day_replaces_that_days_score(
    three: list[PsfsActivity], patient: User
) -> None:
    psfs.rate(patient, scores(three, 2, 5, 7), TODAY)
    psfs.rate(patient, scores(three, 3, 5, 7), TODAY)
    assert PsfsRating.objects.count() == 3
    assert PsfsRating.objects.get(activity=three[0]).score == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({0: 11, 1: 5, 2: 5}, "from 0 to 10"),
        ({0: -1, 1: 5, 2: 5}, "from 0 to 10"),
        ({0: True, 1: 5, 2: 5}, "from 0 to 10"),
        ({0: 5, 1: 5}, "has no score"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_saved(
    three: list[PsfsActivity], patient: User, values: dict[int, object], message: str
) -> None:
    given = {three[i].pk: v for i, v in values.items()}
    with pytest.raises(ProgramError, match=message):
        psfs.rate(patient, given, TODAY)  # type: ignore[arg-type]
    assert not PsfsRating.objects.exists()


def test_at_most_five_activities_no_doubles_and_a_name(
    three: list[PsfsActivity], patient: User
) -> None:
    with pytest.raises(ProgramError, match="already on your list"):
        psfs.add_activity(patient, "putting ON socks")
    with pytest.raises(ProgramError, match="name the activity"):
        psfs.add_activity(patient, "   ")
    with pytest.raises(ProgramError, match="under 120"):
        psfs.add_activity(patient, "x" * 121)
    psfs.add_activity(patient, "Walking 20 minutes")
    psfs.add_activity(patient, "Sleeping through")
    with pytest.raises(ProgramError, match="you have 5 activities"):
        psfs.add_activity(patient, "Gardening")


def test_removing_keeps_the_history_of_a_rated_activity(
    three: list[PsfsActivity], patient: User
) -> None:
    unrated = psfs.add_activity(patient, "Gardening")
    psfs.rate(patient, scores([*three, unrated], 2, 5, 7, 1), TODAY)
    fresh = psfs.add_activity(patient, "Sleeping through")
    psfs.remove_activity(patient, fresh.pk)
    assert not PsfsActivity.objects.filter(pk=fresh.pk).exists()
    psfs.remove_activity(patient, three[0].pk)
    three[0].refresh_from_db()
    assert three[0].archived
    assert three[0].ratings.count() == 1
    assert len(psfs.psfs_for(patient, TODAY).activities) == 3


def test_someone_elses_activity_cannot_be_scored_or_removed(
    three: list[PsfsActivity], outsider: User
) -> None:
    with pytest.raises(ProgramError, match="no such activity"):
        psfs.remove_activity(outsider, three[0].pk)
    with pytest.raises(ProgramError):
        psfs.rate(outsider, scores(three, 1, 1, 1), TODAY)
    assert not PsfsRating.objects.exists()


# --------------------------------------------------------------------------------------------
# The page


def test_the_page_adds_activities_and_saves_scores(
    client: Client, enrolled: Profile, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    url = reverse("psfs")
    page = client.get(url).content.decode()
    assert "Stratford" in page
    for name in ACTIVITIES:
        response = client.post(url, {"action": "add", "name": name})
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "A rating is due today." in page
    ids = list(PsfsActivity.objects.filter(user=patient).values_list("pk", flat=True))
    response = client.post(
        url, {"action": "rate", **{f"score-{pk}": str(n) for n, pk in enumerate(ids, start=3)}}
    )
    assert response.status_code == 302
    assert sorted(PsfsRating.objects.values_list("score", flat=True)) == [3, 4, 5]


def test_the_page_shows_a_clear_message_for_bad_input(
    client: Client, three: list[PsfsActivity]
) -> None:
    client.login(username="pat", password=PASSWORD)
    url = reverse("psfs")
    response = client.post(url, {"action": "rate", f"score-{three[0].pk}": "ten"})
    assert response.status_code == 400
    assert "whole number from 0 to 10" in response.content.decode()
    response = client.post(url, {"action": "add", "name": ""})
    assert response.status_code == 400
    response = client.post(url, {"action": "remove", "activity": "x"})
    assert response.status_code == 400
    assert "no such activity" in response.content.decode()
    response = client.post(url, {"action": "launch"})
    assert response.status_code == 400
    assert not PsfsRating.objects.exists()
