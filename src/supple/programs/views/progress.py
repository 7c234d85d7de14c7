"""Progress: sessions, adherence and streak, pain over time (a chart with a table and a
summary sentence for screen readers), each exercise's level with the reasons, and the
Patient-Specific Functional Scale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from supple.accounts.models import User
from supple.programs import services
from supple.programs.forms import ActivityForm
from supple.programs.services import breaks, levels, psfs
from supple.programs.services.progress import PainPoint, Progress, SessionRow, pain_summary
from supple.programs.views.common import user_of

RECENT_SESSIONS = 14

__all__ = ["chart_data", "pain_summary", "progress_context"]


def chart_data(points: tuple[PainPoint, ...]) -> dict[str, Any]:
    """The chart's series, one point per session with something done, each with its label
    (a day with two sessions names their times)."""
    return {
        "labels": [p.label for p in points],
        "before": [p.p_pre for p in points],
        "after": [p.p_post for p in points],
        "morning": [p.p_next for p in points],
    }


@dataclass(frozen=True, slots=True)
class Row:
    """A table row with its words ready: cheaper than the template's filters, row by row."""

    day: str
    what: str
    p_pre: str
    p_post: str
    p_next: str
    counted: bool


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)


def table_rows(rows: tuple[SessionRow, ...]) -> list[Row]:
    return [
        Row(
            r.label,
            r.what,
            str(r.session.p_pre),
            _pain(r.session.p_post),
            _pain(r.session.p_next),
            r.counted,
        )
        for r in rows
    ]


def progress_context(user: User, progress: Progress, today: date) -> dict[str, Any]:
    rows = table_rows(progress.rows)
    return {
        "progress": progress,
        "recent_sessions": rows[:RECENT_SESSIONS],
        "older_sessions": rows[RECENT_SESSIONS:],
        "pain_summary": progress.summary,
        "chart": chart_data(progress.pain),
        "ladders": levels.levels_for(user, progress.decisions),
        "psfs": psfs.psfs_for(user, today),
        "breaks_today": breaks.breaks_on(user, today),
    }


@require_GET
@login_required
def progress_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    today = timezone.localdate()
    progress = services.progress_for(user, today)
    return render(request, "programs/progress.html", progress_context(user, progress, today))


@require_GET
@login_required
def ladder_page(request: HttpRequest, ladder: str) -> HttpResponse:
    """Every decision of one exercise ladder, with its reason (the person's own only)."""
    history = levels.ladder_history(user_of(request), ladder)
    if history is None:
        raise Http404("no decisions for this exercise")
    return render(request, "programs/progress_ladder.html", {"ladder": history})


# --------------------------------------------------------------------------------------------
# The Patient-Specific Functional Scale


def _scores(request: HttpRequest, summary: psfs.Psfs) -> dict[int, int]:
    scores: dict[int, int] = {}
    for item in summary.activities:
        raw = request.POST.get(f"score-{item.activity.pk}", "")
        if raw == "":
            continue  # the service names the activity without a score
        try:
            scores[item.activity.pk] = int(raw)
        except ValueError:
            raise services.ProgramError(
                f"a score is a whole number from 0 to 10 ({item.activity.name})"
            ) from None
    return scores


@require_http_methods(["GET", "POST"])
@login_required
def psfs_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    today = timezone.localdate()
    form = ActivityForm()
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = ActivityForm(request.POST)
                if form.is_valid():
                    activity = psfs.add_activity(user, form.cleaned_data["name"])
                    messages.success(request, f"Added: {activity.name}.")
                    return redirect("psfs")
            elif action == "remove":
                psfs.remove_activity(user, _int(request.POST.get("activity")))
                messages.success(request, "Taken off your list.")
                return redirect("psfs")
            elif action == "rate":
                psfs.rate(user, _scores(request, psfs.psfs_for(user, today)), today)
                messages.success(request, "Scores saved. The next rating is in 2 weeks.")
                return redirect("psfs")
            else:
                error = "Choose what to do: add an activity, take one off, or save scores."
        except services.ProgramError as problem:
            error = str(problem)
            if action == "add":
                form.add_error("name", error)
                error = ""
    summary = psfs.psfs_for(user, today)
    context = {
        "psfs": summary,
        "form": form,
        "error": error,
        "scale": range(11),
        "attribution": psfs.ATTRIBUTION,
        "min_activities": psfs.MIN_ACTIVITIES,
        "max_activities": psfs.MAX_ACTIVITIES,
        "submitted": request.POST if error else {},
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/progress_psfs.html", context, status=status)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise services.ProgramError("no such activity on your list") from None
