"""Reminders as an iCalendar feed (RFC 5545, R-9-icalendar) for a phone or calendar app.

Plain data in, bytes out; no Django. The feed holds:

- **the routine**: one weekly series (``RRULE:FREQ=WEEKLY;BYDAY=...``) at the time the person
  picked, in their time zone, lasting the minutes they have, with a ``VALARM``
  (``ACTION:DISPLAY``, ``TRIGGER:-PT<alarm>M``) before it;
- **sitting breaks** (optional): a short event every ``interval`` minutes between two times of
  day (say 09:00 to 17:00) on the chosen days. Each time of day is its own weekly series
  (09:30, 10:00, ...), because calendar apps handle ``FREQ=WEEKLY`` everywhere while
  ``FREQ=MINUTELY`` with ``BYHOUR`` is often ignored. The first break is one interval after
  the start time (sitting starts then), the last one no later than the end time.

UIDs are stable: derived from a key of the person and the series name, never random, so a
calendar app that downloads the feed again updates its events instead of doubling them. The
``DTSTAMP`` is passed in (when the settings last changed) so that two downloads of unchanged
settings are identical byte for byte.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

PRODID = "-//Supple//Supple reminders//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A fixed namespace: the same person and series always give the same UID.
UID_NAMESPACE = uuid.UUID("5b0d3c1e-7f43-4d55-9a39-2a1f6a0e5c11")
UID_DOMAIN = "supple.invalid"
# How long a sitting break lasts in the calendar (the advice: 1-2 minutes).
BREAK_MINUTES = 2
MAX_BREAKS_A_DAY = 48


class CalendarError(ValueError):
    """Reminder settings that cannot make a calendar (no days, an interval of 0, ...)."""


@dataclass(frozen=True, slots=True)
class RoutineReminder:
    days: tuple[int, ...]  # weekdays, 0 = Monday
    at: time
    minutes: int  # how long the routine takes
    alarm_minutes: int  # the alarm this many minutes before (0: at the start)
    title: str = "Back exercises (Supple)"
    description: str = "Your exercise routine. Open Supple to start today's session."


@dataclass(frozen=True, slots=True)
class BreakReminders:
    days: tuple[int, ...]
    start: time  # sitting starts: the first break is one interval later
    end: time  # no break after this time
    interval_minutes: int
    title: str = "Time to stand up (Supple)"
    description: str = "A 1-2 minute break from sitting: stand up, move, a short exercise."


def _check_days(days: tuple[int, ...]) -> None:
    if not days:
        raise CalendarError("choose at least one day of the week")
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise CalendarError(f"a day of the week is a number from 0 (Monday) to 6, not {day!r}")


def uid_for(person_key: str, series: str) -> str:
    """The UID of one series of a person's reminders: the same every time it is asked."""
    return f"{uuid.uuid5(UID_NAMESPACE, f'{person_key}/{series}')}@{UID_DOMAIN}"


def first_occurrence(days: tuple[int, ...], on_or_after: date) -> date:
    """The first chosen weekday on or after a date: a DTSTART that is itself an occurrence
    (RFC 5545 counts DTSTART as the first instance even when the rule does not match it)."""
    day = on_or_after
    while day.weekday() not in days:
        day += timedelta(days=1)
    return day


def break_times(reminders: BreakReminders) -> list[time]:
    """The times of day a break is due: every interval after the start, up to the end."""
    if reminders.interval_minutes < 5:
        raise CalendarError("the time between sitting breaks must be at least 5 minutes")
    start = reminders.start.hour * 60 + reminders.start.minute
    end = reminders.end.hour * 60 + reminders.end.minute
    if end <= start:
        raise CalendarError("sitting-break reminders must end after they start")
    moments = list(range(start + reminders.interval_minutes, end + 1, reminders.interval_minutes))
    if len(moments) > MAX_BREAKS_A_DAY:
        raise CalendarError(f"that would be more than {MAX_BREAKS_A_DAY} reminders a day")
    return [time(m // 60, m % 60) for m in moments]


def _weekly(days: tuple[int, ...]) -> dict[str, object]:
    return {"FREQ": "WEEKLY", "BYDAY": [WEEKDAYS[d] for d in sorted(set(days))]}


def _alarm(text: str, minutes_before: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(minutes=-minutes_before))
    return alarm


def _event(
    *,
    uid: str,
    stamp: datetime,
    start: datetime,
    minutes: int,
    days: tuple[int, ...],
    title: str,
    description: str,
    alarm_minutes: int,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=minutes))
    event.add("rrule", _weekly(days))
    event.add("summary", title)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    event.add_component(_alarm(title, alarm_minutes))
    return event


def build_calendar(
    *,
    person_key: str,
    time_zone: str,
    starts_on: date,
    stamp: datetime,
    routine: RoutineReminder | None,
    breaks: BreakReminders | None = None,
    name: str = "Supple reminders",
) -> bytes:
    """The whole feed as iCalendar bytes (CRLF line ends, folded lines).

    ``person_key`` is stable for a person (their id); ``starts_on`` is the first day the
    series may begin (DTSTART is the first chosen weekday from there); ``stamp`` must be an
    aware datetime (the DTSTAMP). With no routine and no breaks the calendar is empty.
    """
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError) as error:
        raise CalendarError(f"unknown time zone {time_zone!r}") from error
    if stamp.tzinfo is None:
        raise CalendarError("the stamp must be an aware datetime")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    utc_stamp = stamp.astimezone(ZoneInfo("UTC"))
    if routine is not None:
        _check_days(routine.days)
        if not 1 <= routine.minutes <= 240:
            raise CalendarError("the routine's length must be from 1 to 240 minutes")
        if not 0 <= routine.alarm_minutes <= 24 * 60:
            raise CalendarError("the alarm must be from 0 to 1440 minutes before")
        day = first_occurrence(routine.days, starts_on)
        calendar.add_component(
            _event(
                uid=uid_for(person_key, "routine"),
                stamp=utc_stamp,
                start=datetime.combine(day, routine.at, tzinfo=zone),
                minutes=routine.minutes,
                days=routine.days,
                title=routine.title,
                description=routine.description,
                alarm_minutes=routine.alarm_minutes,
            )
        )
    if breaks is not None:
        _check_days(breaks.days)
        day = first_occurrence(breaks.days, starts_on)
        for moment in break_times(breaks):
            calendar.add_component(
                _event(
                    uid=uid_for(person_key, f"break-{moment:%H%M}"),
                    stamp=utc_stamp,
                    start=datetime.combine(day, moment, tzinfo=zone),
                    minutes=BREAK_MINUTES,
                    days=breaks.days,
                    title=breaks.title,
                    description=breaks.description,
                    alarm_minutes=0,
                )
            )
    if routine is not None or breaks is not None:
        calendar.add_missing_timezones()
    result: bytes = calendar.to_ical()
    return result
