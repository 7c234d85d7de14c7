"""The session player's writes: start, log an exercise, save the position, finish; and a
session read back to resume it.

Every write carries an id made by the client, and the services are idempotent on it: a retry
(the browser's outbox sending again after a dropped connection) never records twice. Another
person's session is a 404, the same as one that does not exist.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictBool, StrictInt, StrictStr

from supple.accounts.models import User
from supple.api.auth import user_of
from supple.api.common import WHOLE, Page, PageQuery, Pain, Strict, page_of
from supple.api.problems import Problem
from supple.programs import services
from supple.programs.models import Profile, Session
from supple.programs.services import session_script

router = Router(tags=["sessions"])

Stage = Literal["pre", "ready", "work", "during", "spread", "stopped", "post", "done"]
Index = Annotated[StrictInt, Field(ge=0, le=100), WHOLE]


class StartIn(Strict):
    id: uuid.UUID = Field(description="Made by the client; a retry with the same id is a no-op")
    p_pre: Pain
    flare: StrictBool = False


class ExerciseIn(Strict):
    id: uuid.UUID
    position: Index
    exercise: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    p_during: Pain | None = None
    spread: StrictBool = False
    completed: StrictBool = False
    skipped: StrictBool = False


class PositionIn(Strict):
    index: Index
    stage: Stage
    exercise: Annotated[StrictStr, Field(max_length=80)] | None = None
    p_during: Pain | None = None


class FinishIn(Strict):
    p_post: Pain | None = None
    stopped: StrictBool = False
    spread: StrictBool = False


class EntryOut(Schema):
    id: uuid.UUID
    position: int
    exercise: str
    p_during: int | None
    spread: bool
    completed: bool
    skipped: bool
    swapped_from: str


class SessionBrief(Schema):
    id: uuid.UUID
    date: str
    status: str
    flare: bool
    phase: int
    p_pre: int
    p_post: int | None
    p_next: int | None


class SessionOut(SessionBrief):
    position: dict[str, Any]
    plan: list[dict[str, Any]]
    logged: list[int]
    # The plan as the player shows it: names, steps, dose in words, swaps.
    script: list[dict[str, Any]]
    # Safety (R-1-rescreen): the next page asks the screen again at once.
    screen_due: bool


class SessionPage(Page):
    items: list[SessionBrief]


def _own(user: User, session_id: uuid.UUID) -> Session:
    """The person's own session; another person's is a 404, as one that does not exist."""
    session = Session.objects.filter(user=user, client_id=session_id).first()
    if session is None:
        raise HttpError(404, "No such session.")
    return session


def _out(session: Session, *, screen_due: bool = False) -> SessionOut:
    profile = Profile.objects.get(user_id=session.user_id)
    return SessionOut(
        **_brief(session).model_dump(),
        position=session.position or {},
        plan=session.plan,
        logged=session_script.session_state(session)["logged"],
        script=session_script.player_script(
            session.plan, profile, session.phase, flare=session.flare
        ),
        screen_due=screen_due,
    )


def _entry(entry: Any) -> EntryOut:
    return EntryOut(
        id=entry.client_id,
        position=entry.position,
        exercise=entry.exercise,
        p_during=entry.p_during,
        spread=entry.spread,
        completed=entry.completed,
        skipped=entry.skipped,
        swapped_from=entry.swapped_from,
    )


def _brief(session: Session) -> SessionBrief:
    return SessionBrief(
        id=session.client_id,
        date=session.date.isoformat(),
        status=session.status,
        flare=session.flare,
        phase=session.phase,
        p_pre=session.p_pre,
        p_post=session.p_post,
        p_next=session.p_next,
    )


@router.get(
    "/", response=SessionPage, url_name="sessions_list", summary="The sessions, newest first"
)
def sessions(request: HttpRequest, query: Query[PageQuery]) -> Any:
    rows = Session.objects.filter(user=user_of(request)).order_by("-date", "-started_at")
    items, numbers = page_of(rows, query)
    return SessionPage(items=[_brief(s) for s in items], **numbers)


@router.post(
    "/",
    response={200: SessionOut, 409: Problem},
    url_name="sessions_start",
    summary="Start a session (or find the one a retry already started)",
)
def start(request: HttpRequest, body: StartIn) -> Any:
    user = user_of(request)
    try:
        session = services.start_session(
            user, body.id, p_pre=body.p_pre, flare=body.flare, now=timezone.now()
        )
    except services.ProgramError as error:
        raise HttpError(409, str(error)) from None
    return Status(200, _out(session))


@router.get(
    "/{uuid:session_id}",
    response={200: SessionOut, 404: Problem},
    url_name="sessions_detail",
    summary="A session, to resume it",
)
def detail(request: HttpRequest, session_id: uuid.UUID) -> Any:
    session = _own(user_of(request), session_id)
    return Status(200, _out(session))


@router.post(
    "/{uuid:session_id}/exercises",
    response={200: EntryOut, 400: Problem, 404: Problem},
    url_name="sessions_log",
    summary="Log one exercise of a session (once per client id)",
)
def log(request: HttpRequest, session_id: uuid.UUID, body: ExerciseIn) -> Any:
    user = user_of(request)
    _own(user, session_id)
    if not body.skipped and body.p_during is None:
        raise HttpError(400, "p_during (the worst pain during the exercise) is missing")
    try:
        entry = services.log_exercise(
            user,
            session_id,
            body.id,
            position=body.position,
            exercise=body.exercise,
            p_during=body.p_during,
            spread=body.spread,
            completed=body.completed,
            skipped=body.skipped,
            now=timezone.now(),
        )
    except services.ProgramError as error:
        raise HttpError(400, str(error)) from None
    return Status(200, _entry(entry))


@router.put(
    "/{uuid:session_id}/position",
    response={204: None, 404: Problem},
    url_name="sessions_position",
    summary="Where the player is, so that a reload resumes there",
)
def position(request: HttpRequest, session_id: uuid.UUID, body: PositionIn) -> Any:
    user = user_of(request)
    _own(user, session_id)
    services.save_position(user, session_id, body.model_dump(exclude_none=True))
    return Status(204, None)


@router.post(
    "/{uuid:session_id}/finish",
    response={200: SessionOut, 404: Problem},
    url_name="sessions_finish",
    summary="End a session with the pain after it (finishing twice keeps the first answer)",
)
def finish(request: HttpRequest, session_id: uuid.UUID, body: FinishIn) -> Any:
    user = user_of(request)
    _own(user, session_id)
    now = timezone.now()
    session = services.finish_session(
        user,
        session_id,
        p_post=body.p_post,
        stopped=body.stopped,
        spread=body.spread,
        now=now,
    )
    due = Profile.objects.filter(user=user).exists() and services.safety_status(user, now).due
    return Status(200, _out(session, screen_due=due))
