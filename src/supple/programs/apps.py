from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "supple.programs"
    label = "programs"
    verbose_name = "Programs and pain logs"
