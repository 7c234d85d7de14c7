"""Supple's URLs plus ``/bench/hello/``: the same server, middleware and settings, no work."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from supple.config.urls import handler500
from supple.config.urls import urlpatterns as supple_urls

__all__ = ["handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *supple_urls]
