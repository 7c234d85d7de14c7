"""The sitting-break timer: a page whose script counts down the sitting interval, calls for a
break with a suggested exercise, and logs each break taken (once, by the browser's id)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from supple.programs import services
from supple.programs.services import breaks
from supple.programs.views.common import user_of

INTERVAL_CHOICES = (20, 25, 30, 45, 60)
BREAK_SECONDS = 120  # the advice: 1-2 minutes


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
@login_required
def breaks_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    now = timezone.now()
    interval = breaks.interval_for(user)
    choices = sorted({*INTERVAL_CHOICES, interval})
    ideas = breaks.suggestions(user)
    count = breaks.today_count(user, now)
    return render(
        request,
        "programs/breaks.html",
        {
            "interval": interval,
            "interval_seconds": interval * 60,
            "choices": choices,
            "break_seconds": BREAK_SECONDS,
            "suggestions": [s.as_dict() for s in ideas],
            # Rotate: the next break suggests the exercise after the last one's.
            "first": ideas[count % len(ideas)] if ideas else None,
            "first_index": count % len(ideas) if ideas else 0,
            "count": count,
            # A fresh id for the form that works without the script; a resent form counts once.
            "client_id": uuid.uuid4(),
        },
    )


@require_POST
@login_required
def log_break(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    now = timezone.now()
    try:
        _, created = breaks.log_break(
            user,
            request.POST.get("client_id", ""),
            now,
            exercise=request.POST.get("exercise", ""),
        )
    except services.ProgramError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=400)
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    count = breaks.today_count(user, now)
    if _wants_json(request):
        return JsonResponse({"today": count, "created": created}, status=201 if created else 200)
    return redirect("breaks")


@require_POST
@login_required
def set_interval(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    try:
        minutes = breaks.set_interval(user, int(request.POST.get("minutes", "")))
    except (ValueError, services.ProgramError):
        message = "the sitting time must be a whole number of minutes from 10 to 120"
        if _wants_json(request):
            return JsonResponse({"error": message}, status=400)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    if _wants_json(request):
        return JsonResponse({"minutes": minutes})
    return redirect("breaks")
