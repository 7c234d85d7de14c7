"""Today: the routine with its doses and time, why it changed, the flare switch, the
next-morning check, and what the safety screen asks for now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from supple.programs import services
from supple.programs.forms import MorningForm
from supple.programs.services import Today, flare, words
from supple.programs.services.planning import pause_unanswered
from supple.programs.services.session_script import minutes
from supple.programs.views.common import emergency_page, plan_rows, user_of
from supple.web.request_types import HtmxHttpRequest


def flare_choice(request: HttpRequest) -> bool | None:
    """``?flare=1`` or ``?flare=0`` on the player's address (Today's Start link); None lets
    the service decide from the day's flare row."""
    value = request.GET.get("flare")
    return {"1": True, "0": False}.get(value) if value is not None else None


def today_context(today: Today) -> dict[str, Any]:
    plan = today.plan
    program = today.program
    show_program = program is not None and (
        program.trend != "steady" or program.phase_after != program.phase_before
    )
    return {
        "today": today,
        "rows": plan_rows(plan, today.names),
        "total_minutes": minutes(plan.seconds) if plan and plan.items else 0,
        "changes": words.changes_in_words(today.changes, today.names),
        "program_words": words.program_sentence(program) if show_program else "",
        "program_detail": words.reason_detail(program.reason) if program else "",
        "notes": [words.plain_note(note) for note in plan.notes] if plan else [],
        "pause": pause_unanswered(today.program, today.status),
        "morning_form": MorningForm(prefix="morning") if today.morning_session else None,
    }


@require_GET
@login_required
def today(request: HtmxHttpRequest) -> HttpResponse:
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    # The flare day is remembered for the day (services.flare), not carried in the address.
    data = services.today_for(user, timezone.now())
    if data.status.locked_until is not None:
        return emergency_page(request, data.status)
    context = today_context(data)
    if request.htmx and request.htmx.target == "routine":
        return render(request, "programs/_routine.html", context)
    return render(request, "programs/today.html", context)


@require_POST
@login_required
def morning_check(request: HtmxHttpRequest) -> HttpResponse:
    """The pain on waking (p_next): one tap. An htmx request gets Today's body back."""
    user = user_of(request)
    form = MorningForm(request.POST, prefix="morning")
    now = timezone.now()
    error = None
    if form.is_valid():
        try:
            services.log_morning(user, form.cleaned_data["p_next"], now)
        except services.ProgramError as problem:
            error = str(problem).capitalize() + "."
    else:
        error = "Please choose a number from 0 to 10."
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Thank you: your morning pain is saved.")
        return redirect("today")
    if services.profile_of(user) is None:
        return redirect("onboarding")
    data = services.today_for(user, now)
    context = today_context(data)
    context["saved"] = None if error else form.cleaned_data["p_next"]
    context["error"] = error
    return render(request, "programs/_today_body.html", context, status=400 if error else 200)


@require_POST
@login_required
def flare_switch(request: HtmxHttpRequest) -> HttpResponse:
    """ "My pain is 7 or more today" (``flare=1``) or "it has eased" (``flare=0``), stored for
    the day. An htmx request gets the routine back; a plain form goes back to Today."""
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    value = request.POST.getlist("flare")
    now = timezone.now()
    if not value or value[-1] not in ("0", "1"):
        return HttpResponse("Say whether your pain is 7 or more today.", status=400)
    if value[-1] == "1":
        flare.mark_flare(user, now)
    else:
        flare.ease_flare(user, now)
    if not request.htmx:
        return redirect("today")
    data = services.today_for(user, now)
    return render(request, "programs/_routine.html", today_context(data))
