from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClinicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "supple.clinic"
    label = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from supple.clinic import triggers

        post_migrate.connect(triggers.ensure, sender=self, dispatch_uid="clinic-audit-triggers")
        _register_person_rows()


def _register_person_rows() -> None:
    """The person's download and account deletion cover the clinic's rows about them: their
    care and the flags marked as seen (deleted with the account), and the audit trail about
    them (downloaded, and kept: docs/clinic.md, "Audit trail")."""
    from supple.clinic.models import AuditEntry, Care, FlagSeen
    from supple.programs.services import account, export

    if account.OTHER_ROWS:
        return  # registered already (ready() may run again in tests)
    account.OTHER_ROWS.extend(
        [
            ("clinic care", lambda user: Care.objects.filter(patient=user)),
            ("flags marked as seen", lambda user: FlagSeen.objects.filter(patient=user)),
        ]
    )
    export.register_source(
        "care",
        lambda user: Care.objects.filter(patient=user),
        {"clinician": "clinician__username"},
    )
    export.register_source(
        "accesses",
        lambda user: AuditEntry.objects.filter(patient_id=user.pk).order_by("at", "id"),
        {"who": "actor_name", "role": "actor_role", "page": "path"},
    )
