"""Reminder settings and the private calendar feed built from a person's profile."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from supple.accounts.models import User
from supple.interop.calendar import uid_for
from supple.programs.models import Profile
from supple.programs.services import ProgramError
from supple.programs.services import calendar as reminders
from supple.programs.services.calendar import ReminderSettings
from tests.conftest import PASSWORD

MON_WED_FRI = ReminderSettings(
    routine_days=(4, 0, 2, 2), routine_time=time(7, 45), alarm_minutes=15
)


def next_monday(profile: Profile) -> date:
    """A Monday after the profile was made: the feed's series start on or after that day."""
    day = profile.created_at.date() + timedelta(days=7)
    return day - timedelta(days=day.weekday())


def test_saving_reminders_tidies_the_days(enrolled: Profile, patient: User) -> None:
    profile = reminders.save_reminders(patient, MON_WED_FRI)
    profile.refresh_from_db()
    assert profile.routine_days == [0, 2, 4]
    assert profile.routine_time == time(7, 45)
    assert profile.alarm_minutes == 15


def test_the_feed_holds_the_routine_on_the_chosen_days_and_time(
    enrolled: Profile, patient: User, settings: Any
) -> None:
    settings.TIME_ZONE = "Europe/Paris"
    reminders.save_reminders(patient, MON_WED_FRI)
    calendar = Calendar.from_ical(reminders.calendar_for(patient))
    assert calendar["VERSION"] == "2.0"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == uid_for(f"user-{patient.pk}", "routine")
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert event.decoded("DURATION") == timedelta(minutes=enrolled.minutes)
    [alarm] = event.walk("VALARM")
    assert (alarm["ACTION"], alarm.decoded("TRIGGER")) == ("DISPLAY", timedelta(minutes=-15))
    monday = next_monday(enrolled)
    found = recurring_ical_events.of(calendar).between(monday, monday + timedelta(days=14))
    assert len(found) == 6
    for occurrence in found:
        start = occurrence.decoded("DTSTART")
        assert start.tzinfo == ZoneInfo("Europe/Paris")
        assert start.weekday() in (0, 2, 4)
        assert start.time() == time(7, 45)


def test_two_downloads_are_identical_and_uids_survive_a_change(
    enrolled: Profile, patient: User
) -> None:
    reminders.save_reminders(patient, MON_WED_FRI)
    first = reminders.calendar_for(patient)
    assert reminders.calendar_for(patient) == first
    reminders.save_reminders(patient, ReminderSettings(routine_days=(5,), routine_time=time(9)))
    changed = Calendar.from_ical(reminders.calendar_for(patient))
    [event] = changed.walk("VEVENT")
    assert event["UID"] == Calendar.from_ical(first).walk("VEVENT")[0]["UID"]
    assert event["RRULE"]["BYDAY"] == ["SA"]


def test_sitting_break_reminders_are_added_when_chosen(enrolled: Profile, patient: User) -> None:
    reminders.save_reminders(
        patient,
        ReminderSettings(
            sitting_breaks=True,
            sitting_interval_minutes=30,
            sitting_days=(0, 1),
            sitting_from=time(9),
            sitting_until=time(12),
        ),
    )
    calendar = Calendar.from_ical(reminders.calendar_for(patient))
    assert len(calendar.walk("VEVENT")) == 6  # 09:30 to 12:00, no routine chosen
    monday = next_monday(enrolled)
    week = recurring_ical_events.of(calendar).between(monday, monday + timedelta(days=7))
    assert len(week) == 12
    assert {o.decoded("DTSTART").weekday() for o in week} == {0, 1}


def test_the_feed_is_found_by_its_token_and_a_reset_retires_the_old_one(
    enrolled: Profile, patient: User
) -> None:
    old = enrolled.calendar_token
    assert len(old) >= 32
    assert reminders.calendar_by_token(old) == reminders.calendar_for(patient)
    profile = reminders.reset_calendar_token(patient)
    assert profile.calendar_token != old
    assert reminders.calendar_by_token(old) is None
    assert reminders.calendar_by_token(profile.calendar_token) is not None
    assert reminders.calendar_by_token("") is None
    assert reminders.calendar_by_token("x" * 500) is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (ReminderSettings(routine_days=(0,)), "both the days and the time"),
        (ReminderSettings(routine_time=time(8)), "both the days and the time"),
        (ReminderSettings(routine_days=(9,), routine_time=time(8)), r"0 \(Monday\) to 6"),
        (ReminderSettings(alarm_minutes=-1), "alarm"),
        (ReminderSettings(sitting_interval_minutes=5), "between breaks"),
        (ReminderSettings(sitting_breaks=True, sitting_days=()), "at least one day"),
        (
            ReminderSettings(sitting_breaks=True, sitting_from=time(17), sitting_until=time(9)),
            "end after they start",
        ),
    ],
)
def test_bad_reminder_settings_are_refused_and_nothing_is_saved(
    enrolled: Profile, patient: User, values: ReminderSettings, message: str
) -> None:
    with pytest.raises(ProgramError, match=message):
        reminders.save_reminders(patient, values)
    enrolled.refresh_from_db()
    assert enrolled.routine_days == []
    assert enrolled.sitting_breaks is False


def test_reminders_need_an_intake_first(patient: User) -> None:
    with pytest.raises(ProgramError, match="intake"):
        reminders.save_reminders(patient, MON_WED_FRI)
    with pytest.raises(ProgramError, match="intake"):
        reminders.calendar_for(patient)


# --------------------------------------------------------------------------------------------
# The reminders page and the feed's address


def test_the_reminders_form_saves_and_the_feed_serves_them(
    client: Client, enrolled: Profile, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    page = client.get(reverse("reminders")).content.decode()
    feed_path = reverse("calendar-feed", args=[enrolled.calendar_token])
    assert feed_path in page
    assert "webcal://" in page
    response = client.post(
        reverse("reminders"),
        {
            "routine_days": ["1", "3"],
            "routine_time": "18:30",
            "alarm_minutes": "30",
            "sitting_breaks": "on",
            "sitting_interval_minutes": "45",
            "sitting_days": ["0", "1", "2", "3", "4"],
            "sitting_from": "09:00",
            "sitting_until": "12:00",
        },
    )
    assert response.status_code == 302
    client.logout()  # a calendar app has no session: the token is the key
    response = client.get(feed_path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1 + 4  # the routine, and breaks at 09:45, 10:30, 11:15, 12:00
    routine = events[0]
    assert routine["RRULE"]["BYDAY"] == ["TU", "TH"]
    assert routine.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-30)
    assert client.head(feed_path).status_code == 200


def test_the_reminders_form_explains_what_is_wrong(
    client: Client, enrolled: Profile, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    base = {
        "alarm_minutes": "10",
        "sitting_interval_minutes": "30",
        "sitting_from": "09:00",
        "sitting_until": "17:00",
    }
    response = client.post(reverse("reminders"), {**base, "routine_days": ["0"]})
    assert response.status_code == 400
    assert "both the days and the time" in response.content.decode()
    response = client.post(reverse("reminders"), {**base, "alarm_minutes": "7"})
    assert response.status_code == 400
    response = client.post(reverse("reminders"), {**base, "routine_days": ["8"]})
    assert response.status_code == 400
    enrolled.refresh_from_db()
    assert enrolled.routine_days == []


def test_a_reset_makes_the_old_address_a_404(
    client: Client, enrolled: Profile, patient: User
) -> None:
    old = reverse("calendar-feed", args=[enrolled.calendar_token])
    assert client.get(old).status_code == 200
    client.login(username="pat", password=PASSWORD)
    assert client.get(reverse("calendar-reset")).status_code == 405
    assert client.post(reverse("calendar-reset")).status_code == 302
    assert client.get(old).status_code == 404
    enrolled.refresh_from_db()
    assert client.get(reverse("calendar-feed", args=[enrolled.calendar_token])).status_code == 200


def test_a_guessed_token_finds_nothing(client: Client, enrolled: Profile) -> None:
    for token in ("x", enrolled.calendar_token[:-1], enrolled.calendar_token.upper() + "A"):
        assert client.get(reverse("calendar-feed", args=[token])).status_code == 404
