"""The person's records: progress figures, the PSFS, reminders and the exports."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool, StrictInt, StrictStr

from supple.api.auth import user_of
from supple.api.common import WHOLE, Strict
from supple.api.problems import Problem
from supple.api.program import INTAKE_FIRST
from supple.interop.fhir import MEDIA_TYPE as FHIR_MEDIA_TYPE
from supple.programs import services
from supple.programs.services import calendar, export, fhir, psfs

router = Router(tags=["records"])


def _refused(error: services.ProgramError) -> HttpError:
    return HttpError(409, str(error).capitalize() + ".")


# -- progress ------------------------------------------------------------------------------


class AdherenceOut(Schema):
    days: int
    done: int
    planned: int
    percent: int


class PainPointOut(Schema):
    date: date
    p_pre: int
    p_post: int | None
    p_next: int | None


class ProgressOut(Schema):
    program_start: date
    adherence_7: AdherenceOut
    adherence_28: AdherenceOut
    streak: int
    summary: str
    pain: list[PainPointOut] = Field(description="Sessions with something done, oldest first")


def _adherence(value: Any) -> AdherenceOut:
    return AdherenceOut(
        days=value.days, done=value.done, planned=value.planned, percent=value.percent
    )


@router.get(
    "/progress",
    response={200: ProgressOut, 409: Problem},
    summary="Adherence, streak and the pain figures",
)
def progress(request: HttpRequest) -> Any:
    user = user_of(request)
    if services.profile_of(user) is None:
        raise HttpError(409, INTAKE_FIRST)
    data = services.progress_for(user, timezone.localdate())
    return ProgressOut(
        program_start=data.program_start,
        adherence_7=_adherence(data.adherence_7),
        adherence_28=_adherence(data.adherence_28),
        streak=data.streak,
        summary=data.summary,
        pain=[
            PainPointOut(date=p.date, p_pre=p.p_pre, p_post=p.p_post, p_next=p.p_next)
            for p in data.pain
        ],
    )


# -- the PSFS ------------------------------------------------------------------------------


class RatingOut(Schema):
    rated_on: date
    score: int


class ActivityOut(Schema):
    id: int
    name: str
    ratings: list[RatingOut]
    change: int | None
    important: bool


class PsfsOut(Schema):
    activities: list[ActivityOut]
    due: bool
    next_due: date | None
    can_add: bool


class ActivityIn(Strict):
    name: Annotated[StrictStr, Field(min_length=1, max_length=psfs.MAX_NAME)]


class ScoreIn(Strict):
    activity: Annotated[StrictInt, Field(ge=1, le=2**53), WHOLE]
    score: Annotated[StrictInt, Field(ge=0, le=10), WHOLE]


class RatingsIn(Strict):
    scores: list[ScoreIn] = Field(
        description="Every active activity's score, 0 (unable) to 10 (as before)",
        max_length=psfs.MAX_ACTIVITIES,
    )


def _psfs_out(request: HttpRequest) -> PsfsOut:
    data = psfs.psfs_for(user_of(request), timezone.localdate())
    return PsfsOut(
        activities=[
            ActivityOut(
                id=a.activity.pk,
                name=a.activity.name,
                ratings=[RatingOut(rated_on=r.rated_on, score=r.score) for r in a.ratings],
                change=a.change,
                important=a.important,
            )
            for a in data.activities
        ],
        due=data.due,
        next_due=data.next_due,
        can_add=data.can_add,
    )


@router.get("/psfs", response=PsfsOut, summary="The activities of the functional scale and scores")
def psfs_scores(request: HttpRequest) -> Any:
    return _psfs_out(request)


@router.post(
    "/psfs/activities", response={200: PsfsOut, 409: Problem}, summary="Name an activity (3 to 5)"
)
def add_activity(request: HttpRequest, body: ActivityIn) -> Any:
    try:
        psfs.add_activity(user_of(request), body.name)
    except services.ProgramError as error:
        raise _refused(error) from None
    return _psfs_out(request)


@router.delete(
    "/psfs/activities/{int:activity_id}",
    response=PsfsOut,
    summary="Take an activity off the list (kept in the history once rated)",
)
def remove_activity(request: HttpRequest, activity_id: int) -> Any:
    try:
        psfs.remove_activity(user_of(request), activity_id)
    except services.ProgramError as error:
        raise HttpError(404, str(error).capitalize() + ".") from None
    return _psfs_out(request)


@router.post(
    "/psfs/ratings",
    response={200: PsfsOut, 409: Problem},
    summary="Rate every activity at once (0-10)",
)
def rate(request: HttpRequest, body: RatingsIn) -> Any:
    scores = {item.activity: item.score for item in body.scores}
    try:
        psfs.rate(user_of(request), scores, timezone.localdate())
    except services.ProgramError as error:
        raise _refused(error) from None
    return _psfs_out(request)


# -- reminders -----------------------------------------------------------------------------

Day = Annotated[StrictInt, Field(ge=0, le=6, description="0 is Monday"), WHOLE]
# "07:30": JSON Schema's "time" format would ask for a UTC offset; these are local times.
Clock = Annotated[StrictStr, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["07:30"])]


class Reminders(Strict):
    routine_days: list[Day] = Field(max_length=7)
    routine_time: Clock | None
    alarm_minutes: Annotated[
        StrictInt, Field(ge=calendar.ALARM_RANGE[0], le=calendar.ALARM_RANGE[1]), WHOLE
    ]
    sitting_breaks: StrictBool
    sitting_interval_minutes: Annotated[
        StrictInt, Field(ge=calendar.INTERVAL_RANGE[0], le=calendar.INTERVAL_RANGE[1]), WHOLE
    ]
    sitting_days: list[Day] = Field(max_length=7)
    sitting_from: Clock
    sitting_until: Clock


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _reminders_out(values: calendar.ReminderSettings) -> Reminders:
    return Reminders(
        routine_days=list(values.routine_days),
        routine_time=_clock(values.routine_time) if values.routine_time else None,
        alarm_minutes=values.alarm_minutes,
        sitting_breaks=values.sitting_breaks,
        sitting_interval_minutes=values.sitting_interval_minutes,
        sitting_days=list(values.sitting_days),
        sitting_from=_clock(values.sitting_from),
        sitting_until=_clock(values.sitting_until),
    )


@router.get(
    "/reminders",
    response={200: Reminders, 409: Problem},
    summary="The routine's days and time, the breaks",
)
def reminders(request: HttpRequest) -> Any:
    profile = services.profile_of(user_of(request))
    if profile is None:
        raise HttpError(409, INTAKE_FIRST)
    return _reminders_out(calendar.reminder_settings(profile))


@router.put(
    "/reminders",
    response={200: Reminders, 409: Problem},
    summary="Set the reminders (all of them at once)",
)
def save_reminders(request: HttpRequest, body: Reminders) -> Any:
    values = calendar.ReminderSettings(
        routine_days=tuple(body.routine_days),
        routine_time=time.fromisoformat(body.routine_time) if body.routine_time else None,
        alarm_minutes=body.alarm_minutes,
        sitting_breaks=body.sitting_breaks,
        sitting_interval_minutes=body.sitting_interval_minutes,
        sitting_days=tuple(body.sitting_days),
        sitting_from=time.fromisoformat(body.sitting_from),
        sitting_until=time.fromisoformat(body.sitting_until),
    )
    try:
        profile = calendar.save_reminders(user_of(request), values)
    except services.ProgramError as error:
        raise _refused(error) from None
    return _reminders_out(calendar.reminder_settings(profile))


# -- exports -------------------------------------------------------------------------------

ExportFormat = Literal["json", "csv", "ics"]
EXPORT_TYPES = {"json": "application/json", "csv": "application/zip", "ics": "text/calendar"}


@router.get(
    "/export",
    summary="All the person's data: JSON, CSV files in a zip, or the routine as iCalendar",
    openapi_extra={
        "responses": {
            409: {"description": "No calendar before the intake"},
            200: {
                "description": "The export, as a download",
                "content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                    "text/calendar": {"schema": {"type": "string"}},
                },
            },
        }
    },
)
def export_data(request: HttpRequest, format: ExportFormat = "json") -> HttpResponse:
    user, now = user_of(request), timezone.now()
    if format == "json":
        content: str | bytes = export.export_json(user, now)
    elif format == "csv":
        content = export.export_csv_zip(user, now)
    else:
        try:
            content = calendar.calendar_for(user)
        except services.ProgramError as error:
            raise _refused(error) from None
    extension = {"json": "json", "csv": "zip", "ics": "ics"}[format]
    response = HttpResponse(content, content_type=EXPORT_TYPES[format])
    filename = export.export_filename(user, now, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/fhir",
    summary="The program and records as a FHIR R4 Bundle (collection), see docs/fhir.md",
    openapi_extra={
        "responses": {
            200: {
                "description": "A FHIR R4 Bundle of type collection",
                "content": {"application/fhir+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def fhir_bundle(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    response = HttpResponse(fhir.export_fhir(user, now), content_type=FHIR_MEDIA_TYPE)
    response["Cache-Control"] = "no-store"
    return response
