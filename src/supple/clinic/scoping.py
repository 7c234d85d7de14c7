"""Clinic isolation: every query a clinician or clinic admin makes goes through here.

Like tenant scoping in a multi-tenant project, each helper starts from the signed-in person's
own clinic and nothing else; a view never builds its own filter. Anyone who is not an active
member of staff of a clinic gets empty querysets, so a forgotten role check still shows
nothing. Membership is read on every request: a patient who leaves is out of scope at once.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from supple.accounts.models import Role, User
from supple.clinic.models import AuditEntry, Invitation
from supple.programs.models import Prescription, ProgramTemplate

STAFF_ROLES = (Role.CLINICIAN, Role.CLINIC_ADMIN)


def staff_clinic_id(user: object) -> int | None:
    """The clinic whose data ``user`` may see as staff, or None (patients, anonymous, the
    deactivated, and staff without a clinic)."""
    if not isinstance(user, User) or not user.is_active or user.role not in STAFF_ROLES:
        return None
    return user.clinic_id


def is_clinic_admin(user: object) -> bool:
    return staff_clinic_id(user) is not None and getattr(user, "role", None) == Role.CLINIC_ADMIN


def patients_of(user: object) -> QuerySet[User]:
    """The patients of the staff member's clinic (their current members only)."""
    clinic_id = staff_clinic_id(user)
    if clinic_id is None:
        return User.objects.none()
    return User.objects.filter(role=Role.PATIENT, clinic_id=clinic_id, is_active=True)


def patient_of(user: object, patient_id: int) -> User:
    """One patient of the clinic, or 404 (never saying whether the id exists elsewhere)."""
    patient = patients_of(user).filter(pk=patient_id).first()
    if patient is None:
        raise Http404("no such patient in your clinic")
    return patient


def clinicians_of(user: object) -> QuerySet[User]:
    """The clinic's clinicians and admins, for its admin only."""
    clinic_id = staff_clinic_id(user)
    if clinic_id is None or not is_clinic_admin(user):
        return User.objects.none()
    return User.objects.filter(role__in=STAFF_ROLES, clinic_id=clinic_id)


def invitations_of(user: object) -> QuerySet[Invitation]:
    clinic_id = staff_clinic_id(user)
    if clinic_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(clinic_id=clinic_id)


def audit_of(user: object) -> QuerySet[AuditEntry]:
    """Every look at patient data by the clinic's staff, for its admin only. Rows stay after
    a patient leaves: they record the clinic's own access."""
    clinic_id = staff_clinic_id(user)
    if clinic_id is None or not is_clinic_admin(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(clinic_id=clinic_id)


def templates_of(user: object) -> QuerySet[ProgramTemplate]:
    """The clinic's program templates, for its staff."""
    clinic_id = staff_clinic_id(user)
    if clinic_id is None:
        return ProgramTemplate.objects.none()
    return ProgramTemplate.objects.filter(clinic_id=clinic_id)


def template_of(user: object, template_id: int) -> ProgramTemplate:
    template = templates_of(user).filter(pk=template_id).first()
    if template is None:
        raise Http404("no such template in your clinic")
    return template


def prescription_of(user: object, patient_id: int) -> tuple[User, Prescription | None]:
    """A patient of the clinic (404 otherwise) and their prescription, if any."""
    patient = patient_of(user, patient_id)
    return patient, Prescription.objects.filter(patient=patient).first()
