"""The person's program: the notice, the intake, the safety screen, today's plan, the morning
check and the decisions with their reasons. Thin: every rule is in the services."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool, StrictFloat, StrictInt, StrictStr

from supple.accounts.models import User
from supple.api.auth import user_of
from supple.api.common import WHOLE, Page, PageQuery, Pain, Strict, page_of
from supple.api.problems import Problem
from supple.domain import planner
from supple.domain.safety import ASKED_IDS
from supple.programs import services
from supple.programs.models import Decision, Profile, ScreenRecord
from supple.programs.services import words

router = Router(tags=["program"])

INTAKE_FIRST = "Answer the intake first (PUT /api/v1/me/intake)."


def _profile(user: User) -> Profile:
    profile = services.profile_of(user)
    if profile is None:
        raise HttpError(409, INTAKE_FIRST)
    return profile


def _refused(error: services.ProgramError) -> HttpError:
    return HttpError(409, str(error).capitalize() + ".")


# -- the notice and the intake -------------------------------------------------------------


class NoticeOut(Schema):
    accepted_at: datetime


@router.post("/notice", response=NoticeOut, summary="Accept the notice (once; kept the first time)")
def notice(request: HttpRequest) -> Any:
    consent = services.accept_disclaimer(user_of(request), timezone.now())
    return NoticeOut(accepted_at=consent.accepted_at)


class IntakeIn(Strict):
    pain_now: Pain
    weeks_since_onset: Annotated[StrictFloat, Field(ge=0, le=5200)]
    age: Annotated[StrictInt, Field(ge=planner.MIN_AGE, le=120), WHOLE]
    can_get_on_floor: StrictBool
    minutes: Annotated[StrictInt, Field(ge=planner.MIN_MINUTES, le=planner.MAX_MINUTES), WHOLE]
    equipment: list[Annotated[StrictStr, Field(max_length=40)]] = Field([], max_length=20)
    direction: Literal["flexion", "extension", "neither"] = "neither"
    exclude: list[Annotated[StrictStr, Field(max_length=80)]] = Field([], max_length=100)


class IntakeOut(Schema):
    pain_now: int
    intake_pain: int
    weeks_since_onset: float
    age: int
    can_get_on_floor: bool
    minutes: int
    equipment: list[str]
    direction: str
    exclude: list[str]
    phase: int


def _intake_out(profile: Profile) -> IntakeOut:
    return IntakeOut(
        pain_now=profile.pain_now,
        intake_pain=profile.intake_pain,
        weeks_since_onset=profile.weeks_since_onset,
        age=profile.age,
        can_get_on_floor=profile.can_get_on_floor,
        minutes=profile.minutes,
        equipment=list(profile.equipment),
        direction=profile.direction,
        exclude=list(profile.exclude),
        phase=profile.phase,
    )


@router.get("/intake", response={200: IntakeOut, 409: Problem}, summary="The intake answers")
def intake(request: HttpRequest) -> Any:
    return _intake_out(_profile(user_of(request)))


@router.put(
    "/intake",
    response={200: IntakeOut, 409: Problem},
    summary="Answer the intake (the notice first)",
)
def save_intake(request: HttpRequest, body: IntakeIn) -> Any:
    data = services.IntakeData(
        pain_now=body.pain_now,
        weeks_since_onset=float(body.weeks_since_onset),
        age=body.age,
        can_get_on_floor=body.can_get_on_floor,
        minutes=body.minutes,
        equipment=tuple(body.equipment),
        direction=body.direction,
        exclude=tuple(body.exclude),
    )
    try:
        profile = services.save_intake(user_of(request), data, timezone.now())
    except services.ProgramError as error:
        raise _refused(error) from None
    return _intake_out(profile)


# -- the safety screen ---------------------------------------------------------------------


class ScreenIn(Strict):
    answers: dict[str, StrictBool | None] = Field(
        description=f"Every question answered: {', '.join(ASKED_IDS)}", max_length=40
    )
    checked: list[StrictStr] = Field(
        [], max_length=40, description="Answers a clinician has already checked"
    )


class ScreenOut(Schema):
    taken_at: datetime
    trigger: str
    outcome: str
    flags: list[str]
    message: str


class ScreenPage(Page):
    items: list[ScreenOut]


def _screen_out(record: ScreenRecord) -> ScreenOut:
    return ScreenOut(
        taken_at=record.taken_at,
        trigger=record.trigger,
        outcome=record.outcome,
        flags=list(record.flags),
        message=record.message,
    )


@router.post("/screen", response={200: ScreenOut, 409: Problem}, summary="Answer the safety screen")
def screen(request: HttpRequest, body: ScreenIn) -> Any:
    try:
        record = services.record_screen(
            user_of(request), body.answers, checked=body.checked, now=timezone.now()
        )
    except services.ProgramError as error:
        raise _refused(error) from None
    return _screen_out(record)


@router.get("/screen", response=ScreenPage, summary="The screens answered, newest first")
def screens(request: HttpRequest, query: Query[PageQuery]) -> Any:
    items, numbers = page_of(ScreenRecord.objects.filter(user=user_of(request)), query)
    return ScreenPage(items=[_screen_out(r) for r in items], **numbers)


# -- today -------------------------------------------------------------------------------


class PlanItemOut(Schema):
    exercise: str
    name: str
    dose: str
    hold_s: int | None
    reps: int | None
    sets: int
    per_side: bool
    seconds: int


class ChangeOut(Schema):
    exercise: str
    sentence: str
    changed: bool
    reason: str


class TodayOut(Schema):
    may_exercise: bool
    screen_due: bool
    screen_due_reason: str | None
    locked_until: datetime | None
    message: str
    phase: int | None
    flare: bool
    minutes: int
    items: list[PlanItemOut]
    notes: list[str]
    changes: list[ChangeOut]
    sessions_today: int
    morning_check_due: bool
    active_session: str | None = Field(description="The id of a session under way, to resume")


def _items(today: services.Today) -> list[PlanItemOut]:
    plan = today.plan
    if plan is None:
        return []
    return [
        PlanItemOut(
            exercise=item.exercise,
            name=today.names.get(item.exercise, item.exercise),
            dose=words.short_dose(item.as_dict()),
            hold_s=item.hold_s,
            reps=item.reps,
            sets=item.sets,
            per_side=item.per_side,
            seconds=item.seconds,
        )
        for item in plan.items
    ]


def _changes(decisions: Any, names: dict[str, str]) -> list[ChangeOut]:
    return [
        ChangeOut(
            exercise=decision.exercise,
            sentence=line.sentence,
            changed=line.changed,
            reason=decision.reason,
        )
        for decision, line in zip(
            decisions, (words.change_line(d, names) for d in decisions), strict=True
        )
    ]


@router.get(
    "/today",
    response={200: TodayOut, 409: Problem},
    summary="Today's plan, and whether to exercise today",
)
def today(request: HttpRequest) -> Any:
    user = user_of(request)
    _profile(user)
    data = services.today_for(user, timezone.now())
    status = data.status
    plan = data.plan
    return TodayOut(
        may_exercise=status.may_exercise,
        screen_due=status.due,
        screen_due_reason=status.due_reason,
        locked_until=status.locked_until,
        message=status.message,
        phase=plan.phase if plan else None,
        flare=data.flare,
        minutes=round(plan.seconds / 60) if plan else 0,
        items=_items(data),
        notes=[words.plain_note(note) for note in plan.notes] if plan else [],
        changes=_changes(data.changes, data.names),
        sessions_today=data.sessions_today,
        morning_check_due=data.morning_session is not None,
        active_session=str(data.active_session.client_id) if data.active_session else None,
    )


# -- the morning check and the decisions ---------------------------------------------------


class MorningIn(Strict):
    p_next: Pain


class MorningOut(Schema):
    due: bool
    session_date: str | None
    p_next: int | None


@router.get("/morning", response=MorningOut, summary="Whether the morning check is due")
def morning(request: HttpRequest) -> Any:
    user = user_of(request)
    session = services.morning_check_due(user, timezone.localdate())
    return MorningOut(
        due=session is not None,
        session_date=session.date.isoformat() if session else None,
        p_next=None,
    )


@router.post(
    "/morning",
    response={200: MorningOut, 409: Problem},
    summary="The pain on waking, after yesterday's session",
)
def log_morning(request: HttpRequest, body: MorningIn) -> Any:
    try:
        session = services.log_morning(user_of(request), body.p_next, timezone.now())
    except services.ProgramError as error:
        raise _refused(error) from None
    return MorningOut(due=False, session_date=session.date.isoformat(), p_next=session.p_next)


class DecisionOut(Schema):
    made_at: datetime
    exercise: str
    ladder: str
    colour: str
    decision: str
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]


class DecisionPage(Page):
    items: list[DecisionOut]


class DecisionFilters(PageQuery):
    exercise: str | None = Field(None, max_length=80, description="Only this exercise's ladder")
    decision: Literal["progress", "hold", "regress", "pause"] | None = None


@router.get(
    "/decisions", response=DecisionPage, summary="The decisions and their reasons, newest first"
)
def decisions(request: HttpRequest, filters: Query[DecisionFilters]) -> Any:
    rows = Decision.objects.filter(user=user_of(request)).order_by("-made_at", "-id")
    if filters.exercise:
        rows = rows.filter(ladder=filters.exercise) | rows.filter(exercise=filters.exercise)
    if filters.decision:
        rows = rows.filter(decision=filters.decision)
    items, numbers = page_of(rows, filters)
    return DecisionPage(
        items=[
            DecisionOut(
                made_at=d.made_at,
                exercise=d.exercise,
                ladder=d.ladder,
                colour=d.colour,
                decision=d.decision,
                reason=d.reason,
                before=d.before or {},
                after=d.after or {},
            )
            for d in items
        ],
        **numbers,
    )
