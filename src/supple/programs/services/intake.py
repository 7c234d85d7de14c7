"""The disclaimer and the intake (docs/clinical-rules.md sections 1, 6 and 10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from supple.accounts.models import User
from supple.domain import planner
from supple.domain.catalog import EQUIPMENT
from supple.library.services import current_catalog
from supple.programs.models import Consent, Profile
from supple.programs.services.errors import ProgramError


@dataclass(frozen=True, slots=True)
class IntakeData:
    pain_now: int
    weeks_since_onset: float
    age: int
    can_get_on_floor: bool
    minutes: int
    equipment: tuple[str, ...] = ()
    direction: str = "neither"
    exclude: tuple[str, ...] = ()


def has_accepted_disclaimer(user: User) -> bool:
    return Consent.objects.filter(user=user).exists()


def accept_disclaimer(user: User, now: datetime) -> Consent:
    """Accepted once: a second acceptance keeps the first time."""
    consent, _ = Consent.objects.get_or_create(user=user, defaults={"accepted_at": now})
    return consent


def profile_of(user: User) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def save_intake(user: User, data: IntakeData, now: datetime) -> Profile:
    """Create or update the intake. The first pain given stays the intake pain (the baseline
    before any session); the phase is kept when the intake is answered again."""
    if not has_accepted_disclaimer(user):
        raise ProgramError("please read and accept the notice before the questions")
    candidate = planner.Profile(
        pain_now=data.pain_now,
        weeks_since_onset=data.weeks_since_onset,
        age=data.age,
        can_get_on_floor=data.can_get_on_floor,
        minutes=data.minutes,
        equipment=frozenset(data.equipment),
        direction=data.direction,  # type: ignore[arg-type]
        exclude=frozenset(data.exclude),
    )
    try:
        planner.validate_profile(candidate, current_catalog(), known_equipment=EQUIPMENT)
    except planner.ProfileError as error:
        raise ProgramError(str(error)) from None
    fields = {
        "pain_now": data.pain_now,
        "weeks_since_onset": data.weeks_since_onset,
        "age": data.age,
        "can_get_on_floor": data.can_get_on_floor,
        "minutes": data.minutes,
        "equipment": sorted(data.equipment),
        "direction": data.direction,
        "exclude": sorted(data.exclude),
    }
    with transaction.atomic():
        profile = Profile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            return Profile.objects.create(
                user=user,
                intake_pain=data.pain_now,
                phase=1,
                phase_started_on=now.date(),
                **fields,
            )
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
    return profile


def domain_profile(
    profile: Profile, *, phase: int | None = None, pain_now: int | None = None
) -> planner.Profile:
    """The stored intake as the planner's profile."""
    return planner.Profile(
        pain_now=profile.pain_now if pain_now is None else pain_now,
        weeks_since_onset=profile.weeks_since_onset,
        age=profile.age,
        can_get_on_floor=profile.can_get_on_floor,
        minutes=profile.minutes,
        equipment=frozenset(profile.equipment),
        direction=profile.direction,  # type: ignore[arg-type]
        exclude=frozenset(profile.exclude),
        phase=profile.phase if phase is None else phase,
    )
