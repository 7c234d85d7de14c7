"""The public library: exercises (with filters), one exercise, its figure, routines and the
education topics. No sign-in needed, as on the library pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from supple.api.common import Page, PageQuery, page_of
from supple.domain.catalog import Direction, Exercise, Kind, Position, Surface, UnknownId
from supple.figures import render as figures
from supple.library.services import current_catalog

router = Router(tags=["library"], auth=None)

Drawing = Literal["moving", "still", "thumbnail"]
DRAWINGS: dict[str, Callable[[Exercise], str]] = {
    "moving": figures.animated_svg,
    "still": figures.still_strip_svg,
    "thumbnail": figures.thumbnail_svg,
}


class ExerciseOut(Schema):
    id: str
    name: str
    summary: str
    kind: Kind
    position: Position
    surfaces: list[Surface]
    equipment: list[str]
    direction: Direction
    phases: list[int]
    dose: str = Field(description="The usual dose in words")
    steps: list[str]
    cautions: list[str]
    tips: list[str]
    easier: list[str]
    harder: list[str]
    figure: str | None = Field(description="The figure's address (SVG), if it has one")
    page: str = Field(description="The exercise's page on the site")


class ExercisePage(Page):
    items: list[ExerciseOut]


class ExerciseFilters(PageQuery):
    position: Position | None = None
    surface: Surface | None = None
    kind: Kind | None = None
    phase: int | None = Field(None, ge=1, le=3)
    direction: Direction | None = None
    q: str | None = Field(None, max_length=100, description="Words in the name or summary")


class RoutineOut(Schema):
    id: str
    name: str
    summary: str
    members: list[str]
    phase: int | None
    surfaces: list[str]
    frequency: str | None


class TopicOut(Schema):
    id: str
    title: str
    summary: str
    points: list[str]
    steps: list[str]


def exercise_out(exercise: Exercise) -> ExerciseOut:
    figure = None
    if exercise.figure is not None:
        figure = reverse("api:exercise_figure", kwargs={"exercise_id": exercise.id})
    return ExerciseOut(
        id=exercise.id,
        name=exercise.name,
        summary=exercise.summary,
        kind=exercise.kind,
        position=exercise.position,
        surfaces=list(exercise.surfaces),
        equipment=list(exercise.equipment),
        direction=exercise.direction,
        phases=list(exercise.phases),
        dose=exercise.dosage_text,
        steps=list(exercise.steps),
        cautions=list(exercise.cautions),
        tips=list(exercise.tips),
        easier=list(exercise.easier),
        harder=list(exercise.harder),
        figure=figure,
        page=reverse("library:exercise", kwargs={"exercise_id": exercise.id}),
    )


def _exercise(exercise_id: str) -> Exercise:
    try:
        return current_catalog().exercise(exercise_id)
    except UnknownId:
        raise HttpError(404, "No exercise has that id.") from None


@router.get("/exercises", response=ExercisePage, summary="The exercises, filtered")
def exercises(request: HttpRequest, filters: Query[ExerciseFilters]) -> Any:
    found = current_catalog().find(
        position=filters.position,
        surface=filters.surface,
        kind=filters.kind,
        phase=filters.phase,
        direction=filters.direction,
        text=filters.q or None,
    )
    items, numbers = page_of(found, filters)
    return ExercisePage(items=[exercise_out(e) for e in items], **numbers)


@router.get("/exercises/{exercise_id}", response=ExerciseOut, summary="One exercise")
def exercise(request: HttpRequest, exercise_id: str) -> Any:
    return exercise_out(_exercise(exercise_id))


@router.get(
    "/exercises/{exercise_id}/figure",
    url_name="exercise_figure",
    summary="An exercise's figure as SVG: moving, the still start and end, or a thumbnail",
    openapi_extra={
        "responses": {
            200: {
                "description": "The figure",
                "content": {"image/svg+xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def figure(request: HttpRequest, exercise_id: str, drawing: Drawing = "moving") -> HttpResponse:
    exercise = _exercise(exercise_id)
    if exercise.figure is None:
        raise HttpError(404, "This exercise has no figure.")
    svg = DRAWINGS[drawing](exercise)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@router.get("/routines", response=list[RoutineOut], summary="The routines")
def routines(request: HttpRequest) -> Any:
    return [RoutineOut.model_validate(routine.as_dict()) for routine in current_catalog().routines]


@router.get("/education", response=list[TopicOut], summary="Advice for everyday life")
def education(request: HttpRequest) -> Any:
    return [TopicOut.model_validate(topic.as_dict()) for topic in current_catalog().topics]
