"""The flare day, remembered for the day (R-3-flare-day, docs/clinical-rules.md section 3).

"My pain is 7 or more today" is stored as a row for that day, whether said on Today, in the
terminal (`supple today --flare`) or by a pain of 7 or more at the start of a session; every
plan of that day is then the flare routine, until the person says the pain has eased.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from supple.accounts.models import User
from supple.programs.models import FlareDay


def flare_day(user: User, day: date) -> FlareDay | None:
    return FlareDay.objects.filter(user=user, date=day).first()


def mark_flare(user: User, now: datetime) -> FlareDay:
    """Today is a flare day (again, when it had eased)."""
    day = timezone.localdate(now)
    try:
        with transaction.atomic():
            row, created = FlareDay.objects.get_or_create(
                user=user, date=day, defaults={"marked_at": now}
            )
    except IntegrityError:  # the same tap arrived twice at once
        row, created = FlareDay.objects.get(user=user, date=day), False
    if not created and row.eased_at is not None:
        row.eased_at = None
        row.marked_at = now
        row.save(update_fields=["eased_at", "marked_at"])
    return row


def ease_flare(user: User, now: datetime) -> FlareDay | None:
    """The pain has eased: today's plan is the usual one again (the row stays, with the time)."""
    row = flare_day(user, timezone.localdate(now))
    if row is not None and row.eased_at is None:
        row.eased_at = now
        row.save(update_fields=["eased_at"])
    return row
