"""A person's program and records as FHIR R4 (R-9-fhir): this gathers them from the database,
``supple.interop.fhir`` builds the Bundle. The web page, the clinic's patient page and
``supple export --format fhir`` call ``export_fhir``.

The program is the plan the person would get on a regular day (not a flare day), made
without writing anything: exporting never applies due decisions or changes a level.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from supple.accounts.models import User
from supple.domain.dosage import dose_words
from supple.interop import fhir
from supple.library.services import current_catalog
from supple.programs.models import Decision, Profile, PsfsRating, Session
from supple.programs.services.planning import build_plan
from supple.programs.services.safety import safety_status
from supple.programs.services.session_script import minutes


def _person(user: User) -> fhir.Person:
    full = f"{user.first_name} {user.last_name}".strip()
    return fhir.Person(
        key=str(user.pk),
        name=full or user.username,
        given=user.first_name,
        family=user.last_name,
    )


def _authored(user: User) -> dict[str, datetime]:
    """When each exercise got its current dose: the latest decision that changed it."""
    changed = (
        Decision.objects.filter(user=user)
        .exclude(decision="hold")
        .order_by("made_at", "id")
        .values_list("after", "made_at")
    )
    authored: dict[str, datetime] = {}
    for after, made_at in changed:
        exercise = after.get("exercise") if isinstance(after, dict) else None
        if isinstance(exercise, str):
            authored[exercise] = made_at
    return authored


def _program(user: User, profile: Profile, now: datetime) -> fhir.Program:
    status = safety_status(user, now)
    routine = fhir.Routine(tuple(profile.routine_days), profile.routine_time)
    plan = None
    if status.locked_until is None:
        plan = build_plan(user, profile, status, timezone.localdate(now), flare=False)
    if plan is None or plan.blocked or not status.may_exercise:
        return fhir.Program(False, profile.created_at, (), routine)
    catalog = current_catalog()
    authored = _authored(user)
    exercises = tuple(
        fhir.Exercise(
            key=item.exercise,
            name=catalog.exercise(item.exercise).name,
            instruction=dose_words(
                item.hold_s,
                item.reps,
                item.sets,
                item.per_side,
                catalog.exercise(item.exercise).kind,
            ),
            authored_on=authored.get(item.exercise, profile.created_at),
        )
        for item in plan.items
    )
    return fhir.Program(
        True, profile.created_at, exercises, routine, description=f"Phase {plan.phase}"
    )


def _pain_and_minutes(
    user: User,
) -> tuple[tuple[fhir.PainScore, ...], tuple[fhir.SessionTime, ...]]:
    pain: list[fhir.PainScore] = []
    times: list[fhir.SessionTime] = []
    for s in Session.objects.filter(user=user).order_by("started_at", "id").iterator():
        key = str(s.client_id)
        pain.append(fhir.PainScore(key, "before", s.p_pre, s.started_at))
        if s.p_post is not None and s.ended_at is not None:
            pain.append(fhir.PainScore(key, "after", s.p_post, s.ended_at))
        if s.p_next is not None:
            # Older records kept no time for the morning answer: the day is still known.
            morning = s.p_next_at or s.date + timedelta(days=1)
            pain.append(fhir.PainScore(key, "next-morning", s.p_next, morning))
        if s.ended_at is not None:
            seconds = int((s.ended_at - s.started_at).total_seconds())
            times.append(fhir.SessionTime(key, s.started_at, s.ended_at, minutes(seconds)))
    return tuple(pain), tuple(times)


def _psfs(user: User) -> tuple[fhir.PsfsDay, ...]:
    days: dict[date, list[fhir.PsfsScore]] = {}
    ratings = (
        PsfsRating.objects.filter(activity__user=user)
        .select_related("activity")
        .order_by("rated_on", "activity_id")
    )
    for rating in ratings:
        score = fhir.PsfsScore(str(rating.activity_id), rating.activity.name, rating.score)
        days.setdefault(rating.rated_on, []).append(score)
    return tuple(fhir.PsfsDay(on, tuple(scores)) for on, scores in days.items())


def fhir_record(user: User, now: datetime) -> fhir.Record:
    """Everything the FHIR export holds about the person, as plain data."""
    profile = Profile.objects.filter(user=user).first()
    program = _program(user, profile, now) if profile is not None else None
    pain, times = _pain_and_minutes(user)
    return fhir.Record(_person(user), program, pain, times, _psfs(user))


def export_fhir(user: User, now: datetime) -> str:
    """The Bundle as JSON text."""
    return fhir.write_json(fhir.make_bundle(fhir_record(user, now), now))
