"""Today's plan as a printable handout: the signed-in person's exercises at today's doses."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from supple.domain.catalog import Exercise, UnknownId
from supple.domain.dosage import dose_words
from supple.figures import render as figures
from supple.library.services import current_catalog
from supple.programs import services
from supple.programs.services.session_script import minutes
from supple.programs.views.common import emergency_page, user_of
from supple.programs.views.today import flare_choice
from supple.web.request_types import HtmxHttpRequest


@functools.lru_cache(maxsize=256)
def _strip(exercise: Exercise) -> SafeString:
    """The still start/end strip, drawn once per version of the exercise."""
    return mark_safe(figures.still_strip_svg(exercise) if exercise.figure else "")  # noqa: S308 (our SVG)


@require_GET
@login_required
def today_handout(request: HtmxHttpRequest) -> HttpResponse:
    """The plan Today shows (``?flare=`` as on Today), to print. Nothing to print while the
    safety questions are due or a clinician must confirm: the page says what to do instead."""
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    now = timezone.now()
    data = services.today_for(user, now, flare=flare_choice(request))
    if data.status.locked_until is not None:
        return emergency_page(request, data.status)
    status, plan = data.status, data.plan
    held = status.needs_confirmation or status.due
    entries = []
    if plan is not None and not held:
        catalog = current_catalog()
        for item in plan.items:
            try:
                exercise = catalog.exercise(item.exercise)
            except UnknownId:  # removed from the library since: the rest still prints
                continue
            dose = dose_words(item.hold_s, item.reps, item.sets, item.per_side, exercise.kind)
            entries.append({"exercise": exercise, "dose": dose, "strip": _strip(exercise)})
    context = {
        "today": data,
        "held": held,
        "entries": entries,
        "date": timezone.localdate(now),
        "total_minutes": minutes(plan.seconds) if plan and plan.items and not held else 0,
    }
    return render(request, "programs/handout.html", context)
