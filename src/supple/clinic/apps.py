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
