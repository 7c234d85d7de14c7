from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from supple.domain.catalog import UnknownId
from supple.library import services
from supple.library.forms import ExerciseFilterForm
from supple.web.http import HtmxHttpRequest


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
