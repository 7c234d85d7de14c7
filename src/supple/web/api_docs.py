"""The API's documentation page (Swagger UI) served from the app's own static files.

django-ninja's default page loads Swagger UI from a CDN, so it stays blank without internet
and would need a third-party host in the content security policy. The vendored copy under
static/swagger-ui/ carries its version in its file names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

SWAGGER_UI_VERSION = "5.35.0"


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            **self.settings,
            "url": self.get_openapi_url(api, kwargs),
            # No validator badge: it would send the schema to validator.swagger.io.
            "validatorUrl": None,
            # Deep links put a link inside each operation's button (nested controls).
            "deepLinking": False,
        }
        context = {
            "swagger_settings": settings,
            "api": api,
            "version": SWAGGER_UI_VERSION,
        }
        return render(request, "web/api_docs.html", context)
