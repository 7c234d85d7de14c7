"""The Patient-Specific Functional Scale, in its generic form (R-8-psfs, R-8-measures).

After Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on
individual patients: a report of a patient specific measure. Physiotherapy Canada 1995;
47:258-263. The person names 3 to 5 activities they find hard because of their back, and
rates each from 0 (unable to do it) to 10 (able to do it as well as before), at the start and
every 2 weeks. A change of 2 points on an activity is an important change.

Rules chosen here where the source leaves it open (the cautious reading):
- at least 3 activities are named before the first rating, at most 5 are active at a time;
- an activity is archived, never deleted, once it has ratings (its history stays);
- rating again on the same day replaces that day's score (one rating a day per activity);
- a rating is due for every active activity with no rating yet or none in the last 14 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from supple.accounts.models import User
from supple.domain.thresholds import PSFS_IMPORTANT_CHANGE
from supple.programs.models import PsfsActivity, PsfsRating
from supple.programs.services.errors import ProgramError

MIN_ACTIVITIES = 3
MAX_ACTIVITIES = 5
MAX_NAME = 120
EVERY_DAYS = 14
IMPORTANT_CHANGE = PSFS_IMPORTANT_CHANGE  # R-8-important-change
ATTRIBUTION = (
    "Patient-Specific Functional Scale, generic form, after Stratford et al., "
    "Physiotherapy Canada 1995."
)


@dataclass(frozen=True, slots=True)
class ActivityScores:
    activity: PsfsActivity
    ratings: tuple[PsfsRating, ...]  # oldest first

    @property
    def first(self) -> PsfsRating | None:
        return self.ratings[0] if self.ratings else None

    @property
    def latest(self) -> PsfsRating | None:
        return self.ratings[-1] if self.ratings else None

    @property
    def change(self) -> int | None:
        """Latest minus first score: positive is better (higher is more able)."""
        if len(self.ratings) < 2:
            return None
        return self.ratings[-1].score - self.ratings[0].score

    @property
    def important(self) -> bool:
        return self.change is not None and abs(self.change) >= IMPORTANT_CHANGE

    @property
    def change_words(self) -> str:
        change = self.change
        if change is None:
            return "rate it again in 2 weeks to see a change"
        if change == 0:
            return "no change"
        direction = "better" if change > 0 else "harder"
        size = "an important change" if abs(change) >= IMPORTANT_CHANGE else "a small change"
        return f"{abs(change)} point{'s' if abs(change) != 1 else ''} {direction} ({size})"

    def due(self, today: date) -> bool:
        latest = self.latest
        return latest is None or latest.rated_on <= today - timedelta(days=EVERY_DAYS)


@dataclass(frozen=True, slots=True)
class Psfs:
    activities: tuple[ActivityScores, ...]  # the active ones, in the order they were named
    today: date

    @property
    def count(self) -> int:
        return len(self.activities)

    @property
    def can_add(self) -> bool:
        return self.count < MAX_ACTIVITIES

    @property
    def ready(self) -> bool:
        """Enough activities named to rate them."""
        return self.count >= MIN_ACTIVITIES

    @property
    def due(self) -> bool:
        return self.ready and any(a.due(self.today) for a in self.activities)

    @property
    def next_due(self) -> date | None:
        """When the next rating is due (today or earlier when it is due now)."""
        if not self.ready:
            return None
        dates = [
            a.latest.rated_on + timedelta(days=EVERY_DAYS) if a.latest else self.today
            for a in self.activities
        ]
        return min(dates)

    @property
    def rated_today(self) -> bool:
        return any(
            a.latest is not None and a.latest.rated_on == self.today for a in self.activities
        )


def psfs_for(user: User, today: date) -> Psfs:
    """Two queries: the active activities, and their ratings."""
    activities = list(
        PsfsActivity.objects.filter(user=user, archived=False)
        .order_by("created_at", "id")
        .prefetch_related("ratings")
    )
    return Psfs(
        activities=tuple(
            ActivityScores(
                activity, tuple(sorted(activity.ratings.all(), key=lambda r: (r.rated_on, r.pk)))
            )
            for activity in activities
        ),
        today=today,
    )


def clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ProgramError("name the activity, for example 'putting on socks'")
    if len(cleaned) > MAX_NAME:
        raise ProgramError(f"keep the activity's name under {MAX_NAME} characters")
    return cleaned


def add_activity(user: User, name: str) -> PsfsActivity:
    cleaned = clean_name(name)
    with transaction.atomic():
        active = list(PsfsActivity.objects.select_for_update().filter(user=user, archived=False))
        if len(active) >= MAX_ACTIVITIES:
            raise ProgramError(
                f"you have {MAX_ACTIVITIES} activities: remove one before adding another"
            )
        if any(a.name.casefold() == cleaned.casefold() for a in active):
            raise ProgramError(f"{cleaned!r} is already on your list")
        return PsfsActivity.objects.create(user=user, name=cleaned)


def remove_activity(user: User, activity_id: int) -> None:
    """Take an activity off the list: archived when it has ratings, deleted otherwise."""
    activity = PsfsActivity.objects.filter(user=user, pk=activity_id, archived=False).first()
    if activity is None:
        raise ProgramError("no such activity on your list")
    if activity.ratings.exists():
        activity.archived = True
        activity.save(update_fields=["archived"])
    else:
        activity.delete()


def rate(user: User, scores: dict[int, int], today: date) -> list[PsfsRating]:
    """Rate every active activity at once (0-10); all or nothing."""
    with transaction.atomic():
        active = {
            a.pk: a
            for a in PsfsActivity.objects.select_for_update().filter(user=user, archived=False)
        }
        if len(active) < MIN_ACTIVITIES:
            raise ProgramError(f"name at least {MIN_ACTIVITIES} activities before rating them")
        unknown = set(scores) - set(active)
        if unknown:
            raise ProgramError("no such activity on your list")
        missing = [active[pk].name for pk in active if pk not in scores]
        if missing:
            raise ProgramError(f"rate every activity: {missing[0]!r} has no score")
        for pk, score in scores.items():
            if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
                raise ProgramError(
                    f"a score is a whole number from 0 to 10, not {score!r} ({active[pk].name})"
                )
        saved = []
        for pk, score in scores.items():
            rating, _ = PsfsRating.objects.update_or_create(
                activity=active[pk], rated_on=today, defaults={"score": score}
            )
            saved.append(rating)
    return saved
