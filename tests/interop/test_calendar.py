"""The reminders feed, parsed back with icalendar and expanded with recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from supple.interop.calendar import (
    BreakReminders,
    CalendarError,
    RoutineReminder,
    break_times,
    build_calendar,
    first_occurrence,
    uid_for,
)

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LONDON = "Europe/London"
MON_WED_FRI = (0, 2, 4)


def routine(**changes: object) -> RoutineReminder:
    values: dict[str, object] = {
        "days": MON_WED_FRI,
        "at": time(7, 30),
        "minutes": 15,
        "alarm_minutes": 10,
    }
    return RoutineReminder(**(values | changes))  # type: ignore[arg-type]


def feed(**changes: object) -> bytes:
    values: dict[str, object] = {
        "person_key": "user-1",
        "time_zone": LONDON,
        "starts_on": date(2026, 3, 1),
        "stamp": STAMP,
        "routine": routine(),
    }
    return build_calendar(**(values | changes))  # type: ignore[arg-type]


def events(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_it_is_an_rfc5545_calendar_with_a_weekly_routine_and_an_alarm() -> None:
    calendar = Calendar.from_ical(feed())
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"].startswith("-//Supple//")
    [event] = calendar.walk("VEVENT")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    # DTSTART is the first chosen day on or after the start (1 March 2026 is a Sunday).
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 3, 2, 7, 30, tzinfo=ZoneInfo(LONDON))
    assert event.decoded("DURATION") == timedelta(minutes=15)
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert b"TRIGGER:-PT10M" in feed()
    assert b"BEGIN:VTIMEZONE" in feed()


def test_occurrences_fall_on_the_chosen_days_at_the_chosen_local_time_across_dst() -> None:
    calendar = Calendar.from_ical(feed(routine=routine(days=(1, 3), at=time(18, 5))))
    # Five weeks spanning the clocks going forward in London (29 March 2026).
    found = recurring_ical_events.of(calendar).between(date(2026, 3, 16), date(2026, 4, 20))
    assert len(found) == 10
    for occurrence in found:
        start = occurrence.decoded("DTSTART").astimezone(ZoneInfo(LONDON))
        assert start.weekday() in (1, 3)
        assert (start.hour, start.minute) == (18, 5)
    offsets = {o.decoded("DTSTART").utcoffset() for o in found}
    assert offsets == {timedelta(0), timedelta(hours=1)}


def test_uids_are_stable_and_differ_per_person_and_series() -> None:
    first = [e["UID"] for e in events(feed())]
    again = [e["UID"] for e in events(feed(stamp=STAMP + timedelta(days=3)))]
    assert first == again == [uid_for("user-1", "routine")]
    assert feed() == feed()  # byte for byte, when nothing changed
    other = [e["UID"] for e in events(feed(person_key="user-2"))]
    assert other != first
    with_breaks = feed(breaks=BreakReminders(MON_WED_FRI, time(9), time(10), 30))
    uids = [e["UID"] for e in events(with_breaks)]
    assert len(set(uids)) == len(uids) == 3


def test_sitting_breaks_every_interval_between_two_times_on_the_chosen_days() -> None:
    breaks = BreakReminders((0, 1, 2, 3, 4), time(9, 0), time(11, 0), 30)
    assert break_times(breaks) == [time(9, 30), time(10, 0), time(10, 30), time(11, 0)]
    calendar = Calendar.from_ical(feed(routine=None, breaks=breaks))
    for event in calendar.walk("VEVENT"):
        assert event.decoded("DURATION") == timedelta(minutes=2)
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
    week = recurring_ical_events.of(calendar).between(date(2026, 3, 2), date(2026, 3, 9))
    assert len(week) == 4 * 5
    starts = sorted(o.decoded("DTSTART") for o in week)
    assert {s.weekday() for s in starts} == {0, 1, 2, 3, 4}
    assert starts[0] == datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo(LONDON))
    assert starts[-1] == datetime(2026, 3, 6, 11, 0, tzinfo=ZoneInfo(LONDON))


def test_no_reminders_make_an_empty_but_valid_calendar() -> None:
    calendar = Calendar.from_ical(feed(routine=None))
    assert calendar["VERSION"] == "2.0"
    assert calendar.walk("VEVENT") == []


def test_first_occurrence_is_the_start_day_when_it_is_chosen() -> None:
    assert first_occurrence((6,), date(2026, 3, 1)) == date(2026, 3, 1)
    assert first_occurrence((0,), date(2026, 3, 1)) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"routine": routine(days=())}, "at least one day"),
        ({"routine": routine(days=(7,))}, r"0 \(Monday\) to 6"),
        ({"routine": routine(minutes=0)}, "length"),
        ({"routine": routine(alarm_minutes=-5)}, "alarm"),
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
        ({"stamp": datetime(2026, 3, 1)}, "aware"),
        ({"breaks": BreakReminders((0,), time(9), time(17), 2)}, "at least 5 minutes"),
        ({"breaks": BreakReminders((0,), time(17), time(9), 30)}, "end after"),
        ({"breaks": BreakReminders((0,), time(0), time(23, 59), 10)}, "more than 48"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(changes: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        feed(**changes)
