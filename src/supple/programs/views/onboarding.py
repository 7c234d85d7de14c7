"""Onboarding: the notice, the intake, the safety screen and its outcome, the first plan.

Every page is the signed-in person's own: nothing here takes another person's id.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from supple.programs import services
from supple.programs.forms import ConfirmClinicianForm, IntakeForm, NoticeForm, ScreenForm
from supple.programs.models import ScreenRecord, Session
from supple.programs.services import session_script
from supple.programs.services.safety import SCREEN_GROUPS, answers_named
from supple.programs.views.common import emergency_page
from supple.programs.views.common import user_of as _user
from supple.programs.views.today import today_context


@require_GET
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Send the person to the first step they have not done yet."""
    user = _user(request)
    if not services.has_accepted_disclaimer(user):
        return redirect("onboarding-notice")
    if services.profile_of(user) is None:
        return redirect("onboarding-intake")
    if not ScreenRecord.objects.filter(user=user).exists():
        return redirect("screen")
    return redirect("onboarding-plan")


@require_http_methods(["GET", "POST"])
@login_required
def notice(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    accepted = services.has_accepted_disclaimer(user)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.accept_disclaimer(user, timezone.now())
        return redirect("onboarding")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programs/notice.html",
        {"form": form, "accepted": accepted, "step": 1},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def intake(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.has_accepted_disclaimer(user):
        return redirect("onboarding-notice")
    profile = services.profile_of(user)
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            try:
                services.save_intake(user, form.intake(), timezone.now())
            except services.ProgramError as error:
                form.add_error(None, str(error))
            else:
                if profile is None or not ScreenRecord.objects.filter(user=user).exists():
                    return redirect("screen")
                messages.success(request, "Your answers are saved. Today's plan follows them.")
                return redirect("today")
        status = 400
    else:
        form = IntakeForm(initial=IntakeForm.initial_from(profile))
        status = 200
    return render(
        request,
        "programs/intake.html",
        {"form": form, "again": profile is not None, "step": 2},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def screen(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    now = timezone.now()
    status = services.safety_status(user, now)
    if status.locked_until is not None:
        return redirect("screen-result")
    checked = tuple(status.latest.checked) if status.latest else ()
    form = ScreenForm(request.POST or None, checked=checked)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            trigger = session_script.screen_trigger(user, status, now)
            try:
                services.record_screen(
                    user, form.answers(), checked=form.checked(), trigger=trigger, now=now
                )
            except services.ProgramError as error:
                form.add_error(None, str(error))
            else:
                return redirect("screen-result")
        code = 400
    first = status.latest is None
    return render(
        request,
        "programs/screen.html",
        {
            "form": form,
            "groups": question_groups(form),
            "status": status,
            "first": first,
            "step": 3,
        },
        status=code,
    )


def question_groups(form: ScreenForm) -> list[tuple[str, list[Any]]]:
    """The form's questions in the short groups of ``SCREEN_GROUPS`` (every one of them)."""
    rows = {question.id: (question, field, box) for question, field, box in form.questions()}
    groups = [(title, [rows.pop(i) for i in ids if i in rows]) for title, ids in SCREEN_GROUPS]
    if rows:  # a question added to the domain but not to a group still gets asked
        groups.append(("More questions", list(rows.values())))
    return groups


@require_GET
@login_required
def screen_result(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    now = timezone.now()
    status = services.safety_status(user, now)
    latest = status.latest
    if latest is None:
        return redirect("screen")
    if latest.outcome == "emergency":
        return emergency_page(request, status)
    first_plan = not Session.objects.filter(user=user).exists()
    return render(
        request,
        "programs/screen_result.html",
        {
            "status": status,
            "screen": latest,
            "first_plan": first_plan,
            "confirm_form": ConfirmClinicianForm() if status.needs_confirmation else None,
            "answers": answers_named(latest),
        },
    )


@require_POST
@login_required
def confirm_clinician(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ConfirmClinicianForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please tick the box to confirm that a clinician assessed you.")
        return redirect("screen-result")
    try:
        services.confirm_clinician(user, timezone.now())
    except services.ProgramError as error:
        messages.error(request, str(error).capitalize() + ".")
        return redirect("today")
    messages.success(request, "Thank you. Your program can go on.")
    return redirect("today")


@require_GET
@login_required
def first_plan(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.profile_of(user) is None:
        return redirect("onboarding")
    today = services.today_for(user, timezone.now())
    if today.status.locked_until is not None:
        return emergency_page(request, today.status)
    if today.status.due or today.status.needs_confirmation or today.plan is None:
        return redirect("screen-result" if today.status.latest else "screen")
    context = today_context(today)
    context["step"] = 4
    return render(request, "programs/first_plan.html", context)
