"""People and clinics. Kept thin: the rules about who may do what live in services.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Clinic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    # A patient belongs to at most one clinic; clinicians and clinic admins to theirs.
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(role="patient") | models.Q(clinic__isnull=False),
                name="staff_roles_have_clinic",
            ),
        ]

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.role in (Role.CLINICIAN, Role.CLINIC_ADMIN)


class SiteSetup(models.Model):
    """One row, written when the owner of a fresh install creates the first account.

    Its fixed primary key makes a second, concurrent first-visit set-up fail on the database's
    unique constraint instead of creating two owners.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="single_site_setup")]

    def __str__(self) -> str:
        return f"set up at {self.completed_at:%Y-%m-%d %H:%M}"
