from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "supple.web"
    label = "web"
    verbose_name = "Pages"
