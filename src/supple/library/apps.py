from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "supple.library"
    label = "library"
    verbose_name = "Exercise library"

    def ready(self) -> None:
        from supple.library import signals

        signals.connect()
