"""Today's routine and the pain-guided decisions behind it (docs/clinical-rules.md 3, 4, 5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Final, Literal

from django.db import transaction
from django.utils import timezone

from supple.accounts.models import User
from supple.domain import planner, prescribed, progression
from supple.domain.catalog import Catalog, Exercise
from supple.library.services import current_catalog
from supple.programs.models import (
    Decision,
    DoseLevel,
    ExerciseLog,
    FlareDay,
    PrescriptionVersion,
    Profile,
    ProgramDecision,
    ScreenRecord,
    Session,
)
from supple.programs.services import prescriptions
from supple.programs.services.counts import DayCounts, day_counts
from supple.programs.services.errors import ProgramError
from supple.programs.services.history import load_history, morning_check_due
from supple.programs.services.intake import domain_profile
from supple.programs.services.safety import SafetyStatus, safety_status


@dataclass(frozen=True, slots=True)
class Today:
    profile: Profile
    status: SafetyStatus
    plan: planner.Plan | None
    flare: bool
    # The decisions of the latest run, newest first, and the program's decision.
    changes: tuple[Decision, ...]
    program: ProgramDecision | None
    morning_session: Session | None
    active_session: Session | None
    # Sessions finished today with something done (not the stopped or empty ones).
    sessions_today: int
    names: dict[str, str] = field(default_factory=dict)
    day: DayCounts = field(default_factory=lambda: DayCounts(0, 0, 0))
    # A new version of a prescribed program the person has not been told about yet.
    notice: prescriptions.Notice | None = None
    # The prescribed program's active version, when a clinician prescribed one.
    prescription: PrescriptionVersion | None = None


def level_doses(user: User, catalog: Catalog) -> tuple[dict[str, progression.Dose], set[str]]:
    """Current doses per ladder, and the exercise ids of paused ladders (left out)."""
    levels: dict[str, progression.Dose] = {}
    paused: set[str] = set()
    for level in DoseLevel.objects.filter(user=user):
        if level.exercise not in catalog or level.ladder not in catalog:
            continue  # an exercise removed from the library: start that ladder afresh
        if level.paused:
            paused.update(e.id for e in catalog.ladder(level.ladder))
            continue
        levels[level.ladder] = progression.Dose(
            exercise=level.exercise,
            hold_s=level.hold_s,
            reps=level.reps,
            sets=level.sets,
            per_side=catalog.exercise(level.exercise).dosage.per_side,
        )
    return levels, paused


def _latest_screen_answers(
    status: SafetyStatus,
) -> tuple[dict[str, bool | None] | None, tuple[str, ...]]:
    """The answers the planner screens again, with the ids a clinician has seen: once an
    urgent or clearance outcome is confirmed, its flags no longer block the plan."""
    latest: ScreenRecord | None = status.latest
    if latest is None:
        return None, ()
    checked = list(latest.checked)
    if latest.clinician_confirmed_at is not None:
        checked += [flag for flag in latest.flags if flag not in checked]
    return dict(latest.answers), tuple(checked)


LOOK_UP: Final = "look up"


def build_plan(
    user: User,
    profile: Profile,
    status: SafetyStatus,
    today: date,
    *,
    flare: bool,
    version: PrescriptionVersion | Literal["look up"] | None = LOOK_UP,
) -> planner.Plan:
    """Today's plan: the generated one, or the prescribed program (``version``, looked up
    unless the caller has it) when a clinician prescribed one."""
    catalog = current_catalog()
    levels, paused = level_doses(user, catalog)
    answers, checked = _latest_screen_answers(status)
    base = domain_profile(
        profile,
        phase=min(profile.phase, status.max_phase),
        pain_now=planner.FLARE_PAIN if flare else 0,
    )
    plan_profile = replace(base, exclude=base.exclude | paused, screen=answers, checked=checked)
    if version == LOOK_UP:
        version = prescriptions.active_version(user)
    assert not isinstance(version, str)
    if version is not None and version.phase <= status.max_phase:
        # A prescription replaces the generated plan; the screen and the flare day are
        # decided as for a generated one first (R-11-safety-applies).
        plan_profile = replace(plan_profile, phase=version.phase)
    generated = planner.make_plan(plan_profile, catalog, today, seed=user.pk, levels=levels)
    if version is None or version.phase > status.max_phase:
        return generated
    plan = prescribed.prescribed_plan(
        prescriptions.prescribed_items(version, catalog),
        version.flare_routine,
        catalog,
        generated,
        levels=levels,
        paused=frozenset(paused),
    )
    if plan.blocked is None and not plan.flare:
        notes = prescriptions.patient_notes(version, catalog)
        plan = replace(plan, notes=plan.notes + tuple(notes))
    return plan


def today_for(user: User, now: datetime, *, flare: bool | None = None) -> Today:
    """Everything the Today page and `supple today` show."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        raise ProgramError("answer the first questions (the intake) before a plan can be made")
    today = timezone.localdate(now)
    morning = morning_check_due(user, today)
    # With the flare switch on, decisions wait for the session (which knows it is a flare).
    if morning is None and not flare:
        apply_due_decisions(user, now)
    status = safety_status(user, now)
    todays = list(
        Session.objects.filter(user=user, date=today)
        .order_by("started_at")
        .prefetch_related("entries")
    )
    active = next((s for s in reversed(todays) if s.status == Session.Status.ACTIVE), None)
    if flare is None:
        flare = _flare_today(user, profile, today, todays)
    version = prescriptions.active_version(user)
    plan = (
        None
        if status.locked_until is not None
        else build_plan(user, profile, status, today, flare=flare, version=version)
    )
    program = ProgramDecision.objects.filter(user=user).order_by("-made_at", "-id").first()
    changes: tuple[Decision, ...] = ()
    if program is not None:
        changes = tuple(Decision.objects.filter(user=user, made_on=program.made_on).order_by("id"))
    catalog = current_catalog()
    names = {e.id: e.name for e in catalog.exercises}
    counts = day_counts(todays)
    return Today(
        profile=profile,
        status=status,
        plan=plan,
        flare=flare,
        changes=changes,
        program=program,
        morning_session=morning,
        active_session=active,
        sessions_today=counts.done,
        names=names,
        day=counts,
        notice=prescriptions.notice_for(version, catalog, today),
        prescription=version,
    )


def _flare_today(user: User, profile: Profile, today: date, todays: list[Session]) -> bool:
    """A flare day said today (and not eased), else a pain of 7 or more at the start of a
    session today, or at the intake before any session."""
    said = FlareDay.objects.filter(user=user, date=today).first()
    if said is not None:
        return said.eased_at is None
    first_ever = not todays and not Session.objects.filter(user=user).exists()
    return any(s.p_pre >= planner.FLARE_PAIN for s in todays) or (
        first_ever and profile.pain_now >= planner.FLARE_PAIN
    )


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """A decision worked out ahead, not stored: shaped like a stored Decision (exercise,
    decision, colour, reason, before, after) so that services.words can say it."""

    exercise: str
    decision: str
    colour: str
    reason: str
    before: dict[str, object]
    after: dict[str, object]


def preview_changes(user: User, session: Session, now: datetime) -> list[PlannedChange]:
    """What the next decisions would make of the exercises logged in ``session``, from what
    is logged so far (the next morning's pain can still change them). Nothing is stored."""
    logged = {
        e.exercise: e for e in session.entries.all() if e.p_during is not None and not e.skipped
    }
    if not logged:
        return []
    catalog = current_catalog()
    profile = Profile.objects.get(user=user)
    status = safety_status(user, now)
    history = load_history(user, timezone.localdate(now) + timedelta(days=1), profile)
    decisions = progression.decide(
        history, catalog, progression_allowed=status.progression_allowed and not session.flare
    )
    levels = {level.ladder: level for level in DoseLevel.objects.filter(user=user)}
    allowed = _allowed_for(profile, profile.phase)
    changes = []
    for result in decisions.exercises:
        if result.exercise not in logged or result.exercise not in catalog:
            continue
        ladder = planner.ladder_key(catalog, result.exercise)
        before = _current_dose(
            levels.get(ladder), result.exercise, catalog, logged[result.exercise]
        )
        step = progression.apply_decision(result.decision, before, catalog, allowed)
        changes.append(
            PlannedChange(
                exercise=result.exercise,
                decision=result.decision,
                colour=result.colour,
                reason=result.reason,
                before=before.as_dict(),
                after=step.dose.as_dict(),
            )
        )
    return changes


def pause_unanswered(program: ProgramDecision | None, status: SafetyStatus) -> bool:
    """A program pause (R-3-program-pause) newer than the last safety screen: the screen it asks for
    is still to be answered. Once answered, nothing asks for it again."""
    latest = status.latest
    return (
        program is not None
        and program.action == "pause"
        and (latest is None or program.made_at > latest.taken_at)
    )


def _allowed_for(profile: Profile, phase: int) -> Callable[[Exercise], bool]:
    person = domain_profile(profile, phase=phase)

    def allowed(exercise: Exercise) -> bool:
        # A variant must suit the person and not belong only to a later phase.
        return min(exercise.phases, default=1) <= phase and planner.allowed(exercise, person, phase)

    return allowed


def _current_dose(
    level: DoseLevel | None, exercise_id: str, catalog: Catalog, logged: ExerciseLog | None
) -> progression.Dose:
    if level is not None and level.exercise in catalog:
        return progression.Dose(
            level.exercise,
            level.hold_s,
            level.reps,
            level.sets,
            catalog.exercise(level.exercise).dosage.per_side,
        )
    exercise = catalog.exercise(exercise_id)
    if logged is not None:
        return progression.Dose(
            exercise_id, logged.hold_s, logged.reps, logged.sets, exercise.dosage.per_side
        )
    return progression.starting_dose(exercise)


def _prescribed_by_ladder(user: User, catalog: Catalog) -> dict[str, prescribed.Prescribed]:
    version = prescriptions.active_version(user)
    if version is None:
        return {}
    items = prescriptions.prescribed_items(version, catalog)
    return {planner.ladder_key(catalog, i.dose.exercise): i for i in items}


def _within_prescription(
    step: progression.Step,
    before: progression.Dose,
    reason: str,
    item: prescribed.Prescribed | None,
    catalog: Catalog,
) -> tuple[progression.Step, str]:
    """R-11-range: a prescribed exercise steps up only within the clinician's range, and not
    at all when its level is locked (a red session still steps it down: R-11-safety-applies)."""
    if item is None:
        return step, reason
    dose, _ = prescribed.current_dose(item, catalog, step.dose)
    if dose == step.dose:
        return step, reason
    why = "kept at the level" if item.locked else "kept within the range"
    changed = None if dose == before else step.changed
    return replace(step, dose=dose, changed=changed), f"{reason} ({why} your physiotherapist set)"


def apply_due_decisions(user: User, now: datetime, *, flare: bool = False) -> list[Decision]:
    """Once a day, before today's plan: decide for every exercise done since the last run,
    step its dose up or down the ladder, and decide on the program and the phase.

    Stored with their reasons, so the person sees why their plan changed. Nothing happens
    when the decisions were made today already or no session was logged since. On a flare
    day (``flare``) nothing steps up (R-3-flare-day): a "progress" is held.
    """
    today = timezone.localdate(now)
    if ProgramDecision.objects.filter(user=user, made_on=today).exists():
        return []
    last = ProgramDecision.objects.filter(user=user).order_by("-made_at", "-id").first()
    new_sessions = Session.objects.filter(user=user, date__lt=today)
    if last is not None:
        new_sessions = new_sessions.filter(date__gte=last.made_on)
    latest_entries: dict[str, ExerciseLog] = {}
    for entry in ExerciseLog.objects.filter(
        session__in=new_sessions, p_during__isnull=False, skipped=False
    ).order_by("session__date", "session__started_at", "position"):
        latest_entries[entry.exercise] = entry
    if not latest_entries:
        return []
    catalog = current_catalog()
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        if ProgramDecision.objects.filter(user=user, made_on=today).exists():
            return []  # another request made them while this one waited for the lock
        status = safety_status(user, now)
        history = load_history(user, today, profile)
        decisions = progression.decide(
            history, catalog, progression_allowed=status.progression_allowed and not flare
        )
        allowed = _allowed_for(profile, profile.phase)
        levels = {level.ladder: level for level in DoseLevel.objects.filter(user=user)}
        bounds = _prescribed_by_ladder(user, catalog)
        made: list[Decision] = []
        for result in decisions.exercises:
            if result.exercise not in latest_entries or result.exercise not in catalog:
                continue
            ladder = planner.ladder_key(catalog, result.exercise)
            level = levels.get(ladder)
            before = _current_dose(level, result.exercise, catalog, latest_entries[result.exercise])
            step = progression.apply_decision(result.decision, before, catalog, allowed)
            reason = result.reason
            if step.changed is not None:
                reason = f"{reason} ({step.reason})"
            if result.decision == "progress":
                step, reason = _within_prescription(
                    step, before, reason, bounds.get(ladder), catalog
                )
            if level is None:
                level = DoseLevel(user=user, ladder=ladder)
                levels[ladder] = level
            level.exercise = step.dose.exercise
            level.hold_s, level.reps, level.sets = step.dose.hold_s, step.dose.reps, step.dose.sets
            level.paused = result.decision == "pause"
            if result.decision == "progress" and step.changed is not None:
                level.last_progressed = today
            level.save()
            made.append(
                Decision.objects.create(
                    user=user,
                    made_on=today,
                    made_at=now,
                    ladder=ladder,
                    exercise=result.exercise,
                    colour=result.colour,
                    decision=result.decision,
                    reason=reason,
                    before=before.as_dict(),
                    after=step.dose.as_dict(),
                )
            )
        phase_before = profile.phase
        reason = decisions.program.reason
        if decisions.program.action == "pause":
            profile.phase = progression.phase_after_pause(profile.phase)
        else:
            gate = progression.phase_gate(
                profile.phase,
                profile.phase_started_on,
                history,
                planned_sessions(profile, today),
                [
                    _current_dose(lv, lv.exercise, catalog, None)
                    for lv in levels.values()
                    if lv.exercise in catalog
                ],
                catalog,
                progression_allowed=status.progression_allowed,
            )
            if gate.advance:
                profile.phase += 1
                reason = f"{reason} Moving on to phase {profile.phase}: " + "; ".join(gate.reasons)
        if profile.phase != phase_before:
            profile.phase_started_on = today
            profile.save(update_fields=["phase", "phase_started_on", "updated_at"])
        ProgramDecision.objects.create(
            user=user,
            made_on=today,
            made_at=now,
            action=decisions.program.action,
            trend=decisions.program.trend,
            reason=reason,
            phase_before=phase_before,
            phase_after=profile.phase,
        )
    return made


def undo_progress_on_flare_day(user: User, now: datetime) -> list[Decision]:
    """R-3-flare-day: no exercise progresses on a flare day. Steps up already made today
    (before the day turned out to be a flare) are taken back, each with a decision of its
    own, so the history keeps both and says why."""
    today = timezone.localdate(now)
    undone: list[Decision] = []
    with transaction.atomic():
        stepped_up = [
            d
            for d in Decision.objects.select_for_update().filter(
                user=user, made_on=today, decision="progress"
            )
            if d.before != d.after
        ]
        for decision in stepped_up:
            if Decision.objects.filter(
                user=user, made_on=today, ladder=decision.ladder, made_at__gt=decision.made_at
            ).exists():
                continue  # already taken back (or changed again) today
            level = DoseLevel.objects.filter(user=user, ladder=decision.ladder).first()
            if level is None:
                continue
            before = decision.before
            level.exercise = str(before["exercise"])
            level.hold_s, level.reps = before.get("hold_s"), before.get("reps")
            level.sets = int(before.get("sets") or 1)
            level.last_progressed = None
            level.save()
            undone.append(
                Decision.objects.create(
                    user=user,
                    made_on=today,
                    made_at=now,
                    ladder=decision.ladder,
                    exercise=decision.exercise,
                    colour=decision.colour,
                    decision="hold",
                    reason=f"held: today is a flare day (pain {planner.FLARE_PAIN}/10 or more), "
                    "so nothing steps up today; the step up waits for a better day",
                    before=decision.after,
                    after=before,
                )
            )
    return undone


def planned_days(profile: Profile, start: date, end: date) -> int:
    """Sessions planned from ``start`` to ``end``: on the chosen weekdays, or every day."""
    weekdays = set(profile.routine_days) or set(range(7))
    return sum(
        (start + timedelta(days=n)).weekday() in weekdays for n in range((end - start).days + 1)
    )


def planned_sessions(profile: Profile, today: date, days: int = 14) -> int:
    """Sessions planned in the last ``days`` days of the current phase."""
    return planned_days(
        profile, max(today - timedelta(days=days - 1), profile.phase_started_on), today
    )
