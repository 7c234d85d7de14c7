"""Today's plan as a printable handout (a page, and the same page as a PDF made on the
server): the person's exercises at today's doses, with their name, clinic, schedule and the
address where they sign in."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from supple.accounts.models import User
from supple.domain import planner
from supple.domain.catalog import Exercise, UnknownId
from supple.domain.dosage import dose_words
from supple.figures import render as figures
from supple.library.services import current_catalog
from supple.programs import services
from supple.programs.models import Profile
from supple.programs.services.planning import build_plan
from supple.programs.services.session_script import minutes
from supple.programs.views.common import emergency_page, user_of
from supple.programs.views.today import flare_choice
from supple.web.pdf import html_to_pdf
from supple.web.request_types import HtmxHttpRequest

WEEKDAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@functools.lru_cache(maxsize=256)
def _strip(exercise: Exercise) -> SafeString:
    """The still start/end strip, drawn once per version of the exercise."""
    return mark_safe(figures.still_strip_svg(exercise) if exercise.figure else "")  # noqa: S308 (our SVG)


def _entries(plan: planner.Plan | None) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    if plan is None:
        return entries
    catalog = current_catalog()
    for item in plan.items:
        try:
            exercise = catalog.exercise(item.exercise)
        except UnknownId:  # removed from the library since: the rest still prints
            continue
        dose = dose_words(item.hold_s, item.reps, item.sets, item.per_side, exercise.kind)
        entries.append({"exercise": exercise, "dose": dose, "strip": _strip(exercise)})
    return entries


def schedule_words(profile: Profile | None) -> str:
    """ "Mondays, Wednesdays and Fridays at 07:30", or "" when no days are set."""
    days = sorted(set(profile.routine_days)) if profile is not None else []
    if not days or profile is None:
        return ""
    names = [WEEKDAYS[d] for d in days if 0 <= d < len(WEEKDAYS)]
    words = "Every day" if len(names) == 7 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(names) == 1:
        words = names[0]
    if profile.routine_time is not None:
        words += f" at {profile.routine_time:%H:%M}"
    return words


def handout_context(
    request: HttpRequest,
    user: User,
    plan: planner.Plan | None,
    *,
    held: bool,
    day: date,
    flare: bool = False,
    blocked_note: str = "",
) -> dict[str, Any]:
    """What the handout shows: the same for the page and the PDF, the person and the clinic."""
    entries = [] if held else _entries(plan)
    clinic = user.clinic.name if user.clinic is not None else ""
    return {
        "held": held,
        "entries": entries,
        "date": day,
        "flare": flare,
        "blocked_note": blocked_note,
        "total_minutes": minutes(plan.seconds) if plan and entries else 0,
        "who": {
            "name": user.get_full_name() or user.username,
            "clinic": clinic,
            "schedule": schedule_words(Profile.objects.filter(user=user).first()),
            "sign_in": request.build_absolute_uri(resolve_url(settings.LOGIN_URL)),
        },
    }


def pdf_response(request: HttpRequest, context: dict[str, Any], name: str) -> HttpResponse:
    html = render_to_string("programs/handout.html", context | {"pdf": True}, request=request)
    response = HttpResponse(
        html_to_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _own_context(request: HtmxHttpRequest, now: datetime) -> dict[str, Any] | HttpResponse:
    """The plan Today shows (``?flare=`` as on Today). Nothing to print while the safety
    questions are due or a clinician must confirm: the page says what to do instead."""
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    data = services.today_for(user, now, flare=flare_choice(request))
    if data.status.locked_until is not None:
        return emergency_page(request, data.status)
    plan = data.plan
    return handout_context(
        request,
        user,
        plan,
        held=data.status.needs_confirmation or data.status.due,
        day=timezone.localdate(now),
        flare=data.flare,
        blocked_note=plan.notes[0] if plan is not None and plan.blocked and plan.notes else "",
    )


@require_GET
@login_required
def today_handout(request: HtmxHttpRequest) -> HttpResponse:
    context = _own_context(request, timezone.now())
    if isinstance(context, HttpResponse):
        return context
    return render(request, "programs/handout.html", context)


@require_GET
@login_required
def today_handout_pdf(request: HtmxHttpRequest) -> HttpResponse:
    """The same handout as a PDF, the signed-in person's own."""
    now = timezone.now()
    context = _own_context(request, now)
    if isinstance(context, HttpResponse):
        return context
    return pdf_response(request, context, f"supple-handout-{timezone.localdate(now)}.pdf")


def patients_handout(request: HttpRequest, patient: User, now: datetime) -> dict[str, Any]:
    """A patient's handout for their clinician: their current program (not a flare day),
    made without changing anything of theirs (no decision is applied)."""
    profile = Profile.objects.filter(user=patient).first()
    day = timezone.localdate(now)
    if profile is None:
        return handout_context(request, patient, None, held=False, day=day)
    status = services.safety_status(patient, now)
    locked = status.locked_until is not None
    plan = None if locked else build_plan(patient, profile, status, day, flare=False)
    held = locked or status.needs_confirmation or status.due
    return handout_context(request, patient, plan, held=held, day=day)
