"""A patient's clinician, invitations, and the append-only audit trail.

Which clinic a patient belongs to is ``User.clinic`` (supple.accounts); this app adds the
clinician who looks after them. Who may read what is decided in ``scoping.py`` only.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from supple.accounts.models import Clinic


class Care(models.Model):
    """The clinician a patient chose by accepting their invitation (one per patient)."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patients_cared_for",
    )
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"care of patient {self.patient_id}"


class Invitation(models.Model):
    """An invitation to join a clinic, as a patient or as a clinician.

    Only hashes of the link's token and of the short code are stored: a copy of the database
    cannot be used to join a clinic. Single use: ``used_at`` is set once, by a conditional
    update that only one acceptance can win.
    """

    class Kind(models.TextChoices):
        PATIENT = "patient", "Patient"
        CLINICIAN = "clinician", "Clinician"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    # A label for the inviter's own list (e.g. the patient's first name); never shown to others.
    label = models.CharField(max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_used",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["patient", "clinician"]), name="invitation_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} invitation to {self.clinic_id}"


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditIsAppendOnly

    def delete(self) -> NoReturn:
        raise AuditIsAppendOnly


class AuditIsAppendOnly(Exception):
    """Audit entries are never changed or removed (a database trigger refuses it too)."""


class AuditEntry(models.Model):
    """One look at one patient's data by someone else: who, whose, what, when, from where.

    No foreign keys: deleting an account must not change or remove rows (the trigger would
    refuse it), so people are kept by id. The actor's name is copied at the time (whoever
    looked is accountable); the patient is kept by id only, so once their account is deleted
    the row names nobody (docs/clinic.md, "Audit trail").
    """

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField()
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=20)
    # The actor's clinic at the time: the clinic admin sees their clinic's rows.
    clinic_id = models.BigIntegerField(null=True, db_index=True)
    patient_id = models.BigIntegerField(db_index=True)
    what = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    address = models.CharField(max_length=45)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_name} saw {self.what} of patient {self.patient_id} at {self.at}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditIsAppendOnly


class FlagSeen(models.Model):
    """A clinician marked a patient's flag as seen: that flag (its kind, up to its date) is
    hidden on the dashboard until a newer one. Also recorded in the audit trail."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_seen"
    )
    kind = models.CharField(max_length=20)
    flag_on = models.DateField()
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["patient", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} of patient {self.patient_id} seen"
