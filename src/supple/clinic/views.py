"""The clinic's pages. Who may see what is decided by ``scoping`` (never a filter here);
every page showing a patient's data to someone else writes the audit trail first."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from supple.accounts.models import Role, User
from supple.clinic import scoping, services
from supple.clinic.forms import CodeForm, InviteForm, SignUpForm
from supple.clinic.models import Invitation
from supple.interop import fhir as fhir_format
from supple.programs.models import Profile
from supple.programs.services import fhir
from supple.programs.services.export import export_filename
from supple.programs.services.progress import progress_for
from supple.programs.views.progress import progress_context

View = Callable[..., HttpResponse]
BACKEND = "supple.accounts.backends.BoundedModelBackend"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def staff_required(view: View) -> View:
    """Active clinicians and clinic admins of a clinic; everyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if scoping.staff_clinic_id(request.user) is None:
            raise PermissionDenied("clinic staff only")
        return view(request, *args, **kwargs)

    return guarded


def admin_required(view: View) -> View:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scoping.is_clinic_admin(request.user):
            raise PermissionDenied("the clinic's admin only")
        return view(request, *args, **kwargs)

    return guarded


def patient_required(view: View) -> View:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _user(request).role != Role.PATIENT:
            raise PermissionDenied("patients only")
        return view(request, *args, **kwargs)

    return guarded


def _audit(request: HttpRequest, patient_ids: list[int], what: str) -> None:
    services.record_access(
        _user(request),
        patient_ids,
        what,
        path=request.get_full_path(),
        address=request.META.get("REMOTE_ADDR", ""),
        now=timezone.now(),
    )


# --------------------------------------------------------------------------------------------
# Clinicians


@require_GET
@staff_required
def patient_list(request: HttpRequest) -> HttpResponse:
    rows = services.patient_rows(_user(request), timezone.localdate())
    _audit(request, [r.patient.pk for r in rows], "patient list")
    return render(request, "clinic/patients.html", {"rows": rows})


@require_GET
@staff_required
def patient_page(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = scoping.patient_of(request.user, patient_id)
    _audit(request, [patient.pk], "progress")
    today = timezone.localdate()
    context: dict[str, Any] = {"patient": patient, "name": services.display_name(patient)}
    if Profile.objects.filter(user=patient).exists():
        context |= progress_context(patient, progress_for(patient, today), today)
    return render(request, "clinic/patient.html", context)


@require_GET
@staff_required
def patient_fhir(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The patient's program and records as a FHIR R4 Bundle (audited like the page)."""
    patient = scoping.patient_of(request.user, patient_id)
    _audit(request, [patient.pk], "FHIR export")
    now = timezone.now()
    response = HttpResponse(fhir.export_fhir(patient, now), content_type=fhir_format.MEDIA_TYPE)
    filename = export_filename(patient, now, "fhir.json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@staff_required
def invite_patient(request: HttpRequest) -> HttpResponse:
    return _invite(request, services.invite_patient, "clinic/invite_patient.html")


def _invite(request: HttpRequest, issue: Callable[..., services.Issued], page: str) -> HttpResponse:
    form = InviteForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = issue(_user(request), form.cleaned_data["label"], timezone.now())
        form = InviteForm()
    link = (
        request.build_absolute_uri(reverse("clinic:accept", args=[issued.token])) if issued else ""
    )
    return render(request, page, {"form": form, "issued": issued, "link": link})


# --------------------------------------------------------------------------------------------
# The clinic admin


@require_http_methods(["GET", "POST"])
@admin_required
def clinicians(request: HttpRequest) -> HttpResponse:
    """The clinic's staff, and a new clinician's invitation (shown once)."""
    form = InviteForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = services.invite_clinician(
            _user(request), form.cleaned_data["label"], timezone.now()
        )
        form = InviteForm()
    link = (
        request.build_absolute_uri(reverse("clinic:accept", args=[issued.token])) if issued else ""
    )
    staff = scoping.clinicians_of(request.user).order_by("-is_active", "username")
    return render(
        request,
        "clinic/clinicians.html",
        {"form": form, "issued": issued, "link": link, "staff": staff},
    )


@require_POST
@admin_required
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        gone = services.deactivate_clinician(_user(request), user_id)
    except services.ClinicError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{services.display_name(gone)} can no longer sign in.")
    return redirect("clinic:clinicians")


@require_GET
@admin_required
def audit(request: HttpRequest) -> HttpResponse:
    entries = scoping.audit_of(request.user)[:500]
    return render(request, "clinic/audit.html", {"entries": entries})


@require_GET
@admin_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="supple-audit.csv"'
    writer = csv.writer(response)
    writer.writerow(["when", "who", "role", "patient id", "what", "page", "from"])
    for e in scoping.audit_of(request.user).order_by("at", "id").iterator():
        writer.writerow(
            [e.at.isoformat(), e.actor_name, e.actor_role, e.patient_id, e.what, e.path, e.address]
        )
    return response


# --------------------------------------------------------------------------------------------
# The patient


@require_GET
@patient_required
def my_clinic(request: HttpRequest) -> HttpResponse:
    patient = _user(request)
    return render(
        request,
        "clinic/my_clinic.html",
        {
            "membership": services.membership_of(patient),
            "accesses": services.accesses_to(patient),
        },
    )


@require_POST
@patient_required
def leave(request: HttpRequest) -> HttpResponse:
    try:
        name = services.leave_clinic(_user(request))
    except services.ClinicError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"You have left {name}. It can no longer see your data; "
            "your sessions and progress are kept.",
        )
    return redirect("clinic:my-clinic")


# --------------------------------------------------------------------------------------------
# Invitations, for anyone with the link or the code


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type a short code: it leads to the same answer as the link (the code travels along)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.find_invitation(timezone.now(), code=form.cleaned_data["code"])
        except services.ClinicError as error:
            form.add_error("code", str(error))
        else:
            return _answer(request, invitation, form.cleaned_data["code"])
    return render(request, "clinic/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(timezone.now(), token=token)
    except services.ClinicError as error:
        return render(request, "clinic/invitation_invalid.html", {"error": str(error)}, status=410)
    return _answer(request, invitation, "")


def _answer(request: HttpRequest, invitation: Invitation, code: str) -> HttpResponse:
    """The invitation's page; "join" (signed in) or "sign-up" (a new account) acts on it."""
    answer = request.POST.get("answer", "")
    form = SignUpForm(request.POST if answer == "sign-up" else None)
    try:
        if answer == "join" and request.user.is_authenticated:
            services.accept(invitation, _user(request), timezone.now())
            messages.success(request, f"You have joined {invitation.clinic.name}.")
            return redirect("clinic:my-clinic")
        if answer == "sign-up" and not request.user.is_authenticated and form.is_valid():
            return _signed_up(request, invitation, form)
    except services.ClinicError as error:
        form.add_error(None, str(error))
    return _invitation_page(request, invitation, code, form)


def _signed_up(request: HttpRequest, invitation: Invitation, form: SignUpForm) -> HttpResponse:
    user = services.sign_up(
        invitation, form.cleaned_data["username"], form.cleaned_data["password"], timezone.now()
    )
    login(request, user, backend=BACKEND)
    if user.role == Role.PATIENT:
        messages.success(request, f"Welcome. You have joined {invitation.clinic.name}.")
        return redirect("onboarding")
    return redirect("clinic:patients")


def _invitation_page(
    request: HttpRequest, invitation: Invitation, code: str, form: SignUpForm
) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "code": code,
        "form": form,
        "inviter": services.display_name(inviter) if inviter else "",
        "for_patient": invitation.kind == Invitation.Kind.PATIENT,
        "can_join": user is not None
        and user.role == Role.PATIENT
        and invitation.kind == Invitation.Kind.PATIENT,
        "current": services.membership_of(user) if user is not None else None,
    }
    return render(request, "clinic/accept.html", context)
