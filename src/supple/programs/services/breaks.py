"""Breaks from sitting: the timer's interval, the suggested exercise, the count of the day.

The seeds' advice: get up every 25-30 minutes for a minute or two. The timer runs in the
browser (or the terminal); a break taken is logged with an id the client made, so that a
retried request never counts twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import planner
from supple.domain.catalog import Exercise
from supple.domain.dosage import format_dosage
from supple.library.services import current_catalog
from supple.programs.models import Profile, SittingBreak
from supple.programs.services.errors import ProgramError
from supple.programs.services.intake import domain_profile

DEFAULT_INTERVAL = 30
INTERVAL_RANGE = (10, 120)
# What a desk has: a chair to hold on to and a wall.
DESK_EQUIPMENT = frozenset({"chair", "wall", "counter"})
BREAK_KINDS = frozenset({"mobility", "stretch", "functional"})


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    name: str
    dose: str
    steps: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "dose": self.dose, "steps": list(self.steps)}


def interval_for(user: User) -> int:
    profile = Profile.objects.filter(user=user).only("sitting_interval_minutes").first()
    return profile.sitting_interval_minutes if profile is not None else DEFAULT_INTERVAL


def set_interval(user: User, minutes: int) -> int:
    """Keep the interval the person chose on the timer (it also paces the calendar's breaks)."""
    low, high = INTERVAL_RANGE
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        raise ProgramError(f"the sitting time must be from {low} to {high} minutes")
    Profile.objects.filter(user=user).update(sitting_interval_minutes=minutes)
    return minutes


def _fits_a_break(exercise: Exercise) -> bool:
    return (
        exercise.kind in BREAK_KINDS
        and exercise.position in ("standing", "seated")
        and any(s in ("standing", "chair") for s in exercise.surfaces)
        and set(exercise.equipment) <= DESK_EQUIPMENT
        and min(exercise.phases, default=1) == 1
    )


def suggestions(user: User) -> list[Suggestion]:
    """Standing or seated phase-1 exercises needing nothing but a chair or a wall, that suit
    the person (their exclusions and directional preference), in library order."""
    profile = Profile.objects.filter(user=user).first()
    person = domain_profile(profile, phase=1) if profile is not None else None
    found = []
    for exercise in current_catalog().exercises:
        if not _fits_a_break(exercise):
            continue
        if person is not None and not planner.allowed(exercise, _with_desk(person), phase=1):
            continue
        found.append(
            Suggestion(exercise.id, exercise.name, format_dosage(exercise.dosage), exercise.steps)
        )
    return found


def _with_desk(person: planner.Profile) -> planner.Profile:
    """At a desk there is a chair and a wall, whatever the person listed for their mat."""
    return planner.Profile(
        pain_now=person.pain_now,
        weeks_since_onset=person.weeks_since_onset,
        age=person.age,
        can_get_on_floor=person.can_get_on_floor,
        minutes=person.minutes,
        equipment=person.equipment | DESK_EQUIPMENT,
        direction=person.direction,
        exclude=person.exclude,
        phase=1,
    )


def breaks_on(user: User, day: date) -> int:
    """Breaks taken on a day (in the site's time zone). A range of times rather than
    ``taken_at__date``, which SQLite works out row by row in Python."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return SittingBreak.objects.filter(user=user, taken_at__gte=start, taken_at__lt=end).count()


def log_break(
    user: User, client_id: uuid.UUID | str, now: datetime, exercise: str = ""
) -> tuple[SittingBreak, bool]:
    """Log a break (once: a retry with the same id returns the first). True when new."""
    try:
        key = uuid.UUID(str(client_id))
    except ValueError:
        raise ProgramError("the break's id is not a valid id") from None
    if exercise and exercise not in current_catalog():
        exercise = ""  # a suggestion no longer in the library: keep the break, not the name
    existing = SittingBreak.objects.filter(user=user, client_id=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            made = SittingBreak.objects.create(
                user=user, client_id=key, taken_at=now, exercise=exercise[:80]
            )
    except IntegrityError:
        return SittingBreak.objects.get(user=user, client_id=key), False
    return made, True


def today_count(user: User, now: datetime) -> int:
    return breaks_on(user, timezone.localdate(now))
