"""The hands-free session player: one page; player.js runs it and writes through the API."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from supple.domain import planner, safety
from supple.programs import services
from supple.programs.services import session_script
from supple.programs.services.planning import build_plan
from supple.programs.views.common import emergency_page, user_of
from supple.programs.views.today import flare_choice


@require_GET
@login_required
def player_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    now = timezone.now()
    flare = flare_choice(request)
    today = services.today_for(user, now, flare=flare)
    status = today.status
    if status.locked_until is not None:
        return emergency_page(request, status)
    active = today.active_session
    if active is None and (not status.may_exercise or today.plan is None or not today.plan.items):
        # Today says why (the screen is due, a clinician must confirm, nothing fits).
        return redirect("today")
    plans: dict[str, list[dict[str, Any]]] = {}
    if today.plan is not None:
        # Both routines, so that a pain of 7 or more at the start switches to the flare
        # routine even when the connection drops before the session reaches the server.
        other = build_plan(
            user,
            today.profile,
            status,
            timezone.localdate(now),
            flare=not today.flare,
            version=today.prescription,
        )
        for plan in (today.plan, other):
            items = [item.as_dict() for item in plan.items]
            plans["flare" if plan.flare else "normal"] = session_script.player_script(
                items, today.profile, plan.phase, flare=plan.flare
            )
    session = None
    if active is not None:
        session = session_script.session_state(active)
        session["script"] = session_script.player_script(
            active.plan, today.profile, active.phase, flare=active.flare
        )
    data = {
        "today": timezone.localdate(now).isoformat(),
        "flare": today.flare,
        "plans": plans,
        "session": session,
        "api": reverse("api:sessions_start"),
        "today_url": reverse("today"),
        "screen_url": reverse("screen"),
        "flare_pain": planner.FLARE_PAIN,
        "stop_pain": safety.RESCREEN_PAIN,
    }
    return render(request, "programs/player.html", {"data": data, "today": today})
