"""Reminders and data: the reminder settings, the private calendar feed, downloads of all of
one's data and deleting the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from supple.interop.fhir import MEDIA_TYPE as FHIR_MEDIA_TYPE
from supple.programs import services
from supple.programs.forms import DeleteForm, RemindersForm
from supple.programs.services import account, export, fhir
from supple.programs.services import calendar as reminders
from supple.programs.views.common import user_of


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar-feed", args=[token]))


@require_http_methods(["GET", "POST"])
@login_required
def reminders_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    profile = services.profile_of(user)
    if profile is None:
        return redirect("onboarding")
    current = reminders.reminder_settings(profile)
    form = RemindersForm(
        request.POST or None,
        initial={
            "routine_days": list(current.routine_days),
            "routine_time": current.routine_time,
            "alarm_minutes": current.alarm_minutes,
            "sitting_breaks": current.sitting_breaks,
            "sitting_interval_minutes": current.sitting_interval_minutes,
            "sitting_days": list(current.sitting_days),
            "sitting_from": current.sitting_from,
            "sitting_until": current.sitting_until,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            reminders.save_reminders(user, form.settings())
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Reminders saved. Your calendar app picks them up at its next update."
            )
            return redirect("reminders")
    status = 400 if request.method == "POST" else 200
    feed = _feed_url(request, profile.calendar_token)
    return render(
        request,
        "programs/reminders.html",
        {
            "form": form,
            "feed_url": feed,
            "webcal_url": "webcal://" + feed.split("://", 1)[1],
            "has_routine": bool(current.routine_days),
        },
        status=status,
    )


@require_safe
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: no sign-in (a calendar app cannot), the token is the key."""
    data = reminders.calendar_by_token(token)
    if data is None:
        raise Http404("no such calendar")
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="supple.ics"'
    # The address is a secret: keep it out of other sites' logs and of shared caches.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@login_required
def calendar_reset(request: HttpRequest) -> HttpResponse:
    try:
        reminders.reset_calendar_token(user_of(request))
    except services.ProgramError as error:
        messages.error(request, str(error))
        return redirect("reminders")
    messages.success(
        request,
        "Your calendar has a new private address. The old one no longer works: "
        "subscribe again with the new one.",
    )
    return redirect("reminders")


@require_GET
@login_required
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/data.html", {"delete_form": DeleteForm()})


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    return _download(
        export.export_json(user, now),
        "application/json",
        export.export_filename(user, now, "json"),
    )


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    return _download(
        export.export_csv_zip(user, now),
        "application/zip",
        export.export_filename(user, now, "zip"),
    )


@require_GET
@login_required
def export_fhir(request: HttpRequest) -> HttpResponse:
    """The person's program and records as a FHIR R4 Bundle, for health record systems."""
    user, now = user_of(request), timezone.now()
    return _download(
        fhir.export_fhir(user, now),
        FHIR_MEDIA_TYPE,
        export.export_filename(user, now, "fhir.json"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect(reverse("data") + "#delete")
    user = user_of(request)
    form = DeleteForm(request.POST)
    if form.is_valid():
        try:
            account.delete_account(user, form.cleaned_data["confirmation"])
        except services.ProgramError as error:
            form.add_error("confirmation", str(error))
        else:
            logout(request)
            return render(request, "programs/data_deleted.html")
    return render(request, "programs/data.html", {"delete_form": form}, status=400)
