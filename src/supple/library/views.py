from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Callable
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_safe

from supple.domain.catalog import Exercise, UnknownId
from supple.figures import render as figures
from supple.library import services
from supple.library.forms import ExerciseFilterForm
from supple.web.request_types import HtmxHttpRequest

FigureKind = Literal["moving", "still", "thumb"]


@require_GET
def exercise_list(request: HtmxHttpRequest) -> HttpResponse:
    catalog = services.current_catalog()
    form = ExerciseFilterForm(request.GET or None)
    status = 200
    if not request.GET:
        exercises = list(catalog.exercises)
    elif form.is_valid():
        data = form.cleaned_data
        exercises = catalog.find(
            position=data["position"] or None,
            surface=data["surface"] or None,
            kind=data["kind"] or None,
            phase=data["phase"],
            text=data["search"] or None,
        )
    else:
        exercises, status = [], 400
    template = "library/_exercise_results.html" if request.htmx else "library/exercise_list.html"
    context = {"form": form, "exercises": exercises, "total": len(catalog.exercises)}
    return render(request, template, context, status=status)


@require_GET
def exercise_detail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    catalog = services.current_catalog()
    try:
        exercise = catalog.exercise(exercise_id)
    except UnknownId:
        raise Http404("No exercise has that id.") from None
    ladder = catalog.ladder(exercise_id)
    context = {
        "exercise": exercise,
        "figure_alt": figures.describe(exercise) if exercise.figure else "",
        "figure_size": figures.svg_size(exercise) if exercise.figure else (0, 0),
        "ladder": ladder if len(ladder) > 1 else (),
        "routines": catalog.routines_with(exercise_id),
    }
    return render(request, "library/exercise_detail.html", context)


@require_GET
def routine_list(request: HttpRequest) -> HttpResponse:
    catalog = services.current_catalog()
    routines = [(routine, catalog.select(routine.members)) for routine in catalog.routines]
    return render(request, "library/routine_list.html", {"routines": routines})


@require_GET
def learn(request: HttpRequest) -> HttpResponse:
    catalog = services.current_catalog()
    return render(request, "library/learn.html", {"topics": catalog.topics})


@functools.lru_cache(maxsize=512)
def _figure_document(
    exercise: Exercise, kind: FigureKind, timed: bool = True
) -> tuple[bytes, bytes, str]:
    """The SVG, gzipped too (a fifth of the size), and its ETag: drawn once per version of
    the exercise and kept in memory."""
    drawings: dict[str, Callable[[Exercise], str]] = {
        "moving": functools.partial(figures.animated_svg, timed=timed),
        "still": functools.partial(figures.still_strip_svg, timed=timed),
        "thumb": figures.thumbnail_svg,
    }
    text = drawings[kind](exercise)
    svg = text.encode()
    return svg, gzip.compress(svg, mtime=0), '"' + hashlib.sha256(svg).hexdigest()[:32] + '"'


@require_safe
def exercise_figure(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """The exercise's animated figure as SVG: public like the library, cached by browsers
    for an hour and then revalidated by ETag (a library change gives a new one)."""
    return _figure_response(request, exercise_id, "moving")


@require_safe
def exercise_figure_still(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """The start and end positions, still: for reduced motion (a <picture> source) and
    handouts."""
    return _figure_response(request, exercise_id, "still")


@require_safe
def exercise_thumbnail(request: HttpRequest, exercise_id: str) -> HttpResponse:
    """The held position alone, small: the picture beside an exercise's name in lists."""
    return _figure_response(request, exercise_id, "thumb")


def _figure_response(request: HttpRequest, exercise_id: str, kind: FigureKind) -> HttpResponse:
    # ``?hold=off``: no hold ring or hold time (the session player counts the dose's own).
    try:
        exercise = services.current_catalog().exercise(exercise_id)
    except UnknownId:
        raise Http404("No exercise has that id.") from None
    if exercise.figure is None:
        raise Http404("This exercise has no figure.")
    body, zipped, etag = _figure_document(exercise, kind, request.GET.get("hold") != "off")
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(
            zipped if gzipped else body, content_type="image/svg+xml; charset=utf-8"
        )
        if gzipped:
            response["Content-Encoding"] = "gzip"
        # An SVG opened on its own runs no script, loads nothing, sends no referrer.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _handout_entry(exercise: Exercise, dose: str) -> dict[str, object]:
    """One exercise of a handout: the still start/end strip inlined (it prints without a
    request per figure), the dose in words, steps and cautions from the exercise."""
    strip = _figure_document(exercise, "still")[0].decode() if exercise.figure else ""
    return {"exercise": exercise, "dose": dose, "strip": mark_safe(strip)}  # noqa: S308 (our SVG)


@require_GET
def routine_handout(request: HttpRequest, routine_id: str) -> HttpResponse:
    """A routine as a printable page: every member in order with its figure and dose."""
    catalog = services.current_catalog()
    try:
        routine = catalog.routine(routine_id)
    except UnknownId:
        raise Http404("No routine has that id.") from None
    entries = [_handout_entry(e, e.dosage_text) for e in catalog.select(routine.members)]
    return render(request, "library/handout.html", {"routine": routine, "entries": entries})
