"""Reminders: the settings, and the private calendar feed built from them.

The feed is reached by its token alone (a calendar app cannot sign in), so the token is the
key: long and random (``secrets.token_urlsafe``), and a reset makes the old URL stop working.
The web page and `supple calendar` call these; the iCalendar is written by
``supple.interop.calendar``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import prescribed
from supple.interop import calendar as ical
from supple.library.services import current_catalog
from supple.programs.models import Profile, new_calendar_token
from supple.programs.services import prescriptions
from supple.programs.services.errors import ProgramError

# The choices the reminders form offers; the service accepts any value in range.
ALARM_RANGE = (0, 24 * 60)
INTERVAL_RANGE = (10, 120)


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    routine_days: tuple[int, ...] = ()
    routine_time: time | None = None
    alarm_minutes: int = 10
    sitting_breaks: bool = False
    sitting_interval_minutes: int = 30
    sitting_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    sitting_from: time = time(9, 0)
    sitting_until: time = time(17, 0)


def _profile(user: User) -> Profile:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        raise ProgramError("answer the first questions (the intake) before setting reminders")
    return profile


def reminder_settings(profile: Profile) -> ReminderSettings:
    return ReminderSettings(
        routine_days=tuple(profile.routine_days),
        routine_time=profile.routine_time,
        alarm_minutes=profile.alarm_minutes,
        sitting_breaks=profile.sitting_breaks,
        sitting_interval_minutes=profile.sitting_interval_minutes,
        sitting_days=tuple(profile.sitting_days),
        sitting_from=profile.sitting_from,
        sitting_until=profile.sitting_until,
    )


def _days(name: str, days: tuple[int, ...]) -> list[int]:
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise ProgramError(f"{name}: a day is a number from 0 (Monday) to 6, not {day!r}")
    return sorted(set(days))


def _in_range(name: str, value: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProgramError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def check_reminders(values: ReminderSettings) -> ReminderSettings:
    """The settings, tidied (days sorted, once each); ProgramError names the first problem."""
    routine_days = _days("routine days", values.routine_days)
    if bool(routine_days) != (values.routine_time is not None):
        raise ProgramError("choose both the days and the time of the routine, or neither")
    _in_range("the alarm", values.alarm_minutes, ALARM_RANGE)
    _in_range("the time between breaks", values.sitting_interval_minutes, INTERVAL_RANGE)
    sitting_days = _days("sitting-break days", values.sitting_days)
    if values.sitting_breaks:
        if not sitting_days:
            raise ProgramError("choose at least one day for sitting-break reminders")
        try:
            ical.break_times(_breaks(values))
        except ical.CalendarError as error:
            raise ProgramError(str(error)) from None
    return ReminderSettings(
        routine_days=tuple(routine_days),
        routine_time=values.routine_time,
        alarm_minutes=values.alarm_minutes,
        sitting_breaks=values.sitting_breaks,
        sitting_interval_minutes=values.sitting_interval_minutes,
        sitting_days=tuple(sitting_days),
        sitting_from=values.sitting_from,
        sitting_until=values.sitting_until,
    )


def save_reminders(user: User, values: ReminderSettings) -> Profile:
    checked = check_reminders(values)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            raise ProgramError("answer the first questions (the intake) before setting reminders")
        profile.routine_days = list(checked.routine_days)
        profile.routine_time = checked.routine_time
        profile.alarm_minutes = checked.alarm_minutes
        profile.sitting_breaks = checked.sitting_breaks
        profile.sitting_interval_minutes = checked.sitting_interval_minutes
        profile.sitting_days = list(checked.sitting_days)
        profile.sitting_from = checked.sitting_from
        profile.sitting_until = checked.sitting_until
        profile.save()
    return profile


def _breaks(values: ReminderSettings) -> ical.BreakReminders:
    return ical.BreakReminders(
        days=values.sitting_days,
        start=values.sitting_from,
        end=values.sitting_until,
        interval_minutes=values.sitting_interval_minutes,
    )


def routine_minutes(profile: Profile) -> int:
    """How long the routine takes: the minutes the person gave, or the prescribed program's
    estimate when a clinician prescribed one (docs/clinical-rules.md section 11)."""
    version = prescriptions.active_version(profile.user)
    if version is None:
        return profile.minutes
    catalog = current_catalog()
    items = prescriptions.prescribed_items(version, catalog)
    _, seconds = prescribed.timed([i.dose for i in items], catalog)
    return max(1, math.ceil(seconds / 60))


def feed_for_profile(profile: Profile) -> bytes:
    """The iCalendar of a person's reminders (empty of events when none is set)."""
    values = reminder_settings(profile)
    routine = None
    if values.routine_days and values.routine_time is not None:
        routine = ical.RoutineReminder(
            days=values.routine_days,
            at=values.routine_time,
            minutes=routine_minutes(profile),
            alarm_minutes=values.alarm_minutes,
        )
    breaks = _breaks(values) if values.sitting_breaks and values.sitting_days else None
    try:
        return ical.build_calendar(
            person_key=f"user-{profile.user_id}",
            time_zone=str(settings.TIME_ZONE),
            starts_on=timezone.localdate(profile.created_at),
            stamp=profile.updated_at,
            routine=routine,
            breaks=breaks,
        )
    except ical.CalendarError as error:
        raise ProgramError(str(error)) from None


def calendar_for(user: User) -> bytes:
    return feed_for_profile(_profile(user))


def calendar_by_token(token: str) -> bytes | None:
    """The feed whose token this is, or None (an unknown or reset token: a 404)."""
    if not token or len(token) > 64:
        return None
    profile = Profile.objects.filter(calendar_token=token).first()
    return None if profile is None else feed_for_profile(profile)


def reset_calendar_token(user: User) -> Profile:
    """A new private address; the old one stops working at once."""
    profile = _profile(user)
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token", "updated_at"])
    return profile
