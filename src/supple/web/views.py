from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from supple import __version__
from supple.accounts import services as accounts

log = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        if accounts.needs_setup():
            return redirect("accounts:setup")
        return render(request, "web/home.html")
    if getattr(request.user, "is_patient", False):
        return redirect("today")  # which sends a new person on to the first questions
    return render(request, "web/home.html")


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 otherwise (for load balancers and scripts)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# The app's look: the figure's navy, also the phone's status bar colour.
THEME_COLOUR = "#1e4468"
STATIC_DIR = Path(__file__).resolve().parent / "static"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: a phone can add Supple to its home screen and open it full screen."""
    icons = [
        {
            "src": static(f"supple/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ] + [
        {
            "src": static(f"supple/icons/icon-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    body = {
        "name": "Supple",
        "short_name": "Supple",
        "description": "A home-exercise coach for low back pain.",
        "id": "/",
        "start_url": reverse("web:home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "lang": "en",
        "icons": icons,
    }
    response = HttpResponse(json.dumps(body, indent=2), content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _static_files() -> list[Path]:
    return sorted(p for p in (STATIC_DIR / "supple").rglob("*") if p.is_file())


@functools.lru_cache(maxsize=1)
def _offline_assets() -> tuple[str, tuple[str, ...]]:
    """The static files kept for offline use, and a version that changes with any of them
    (so a new release replaces the old copies)."""
    digest = hashlib.sha256(__version__.encode())
    urls = []
    for path in _static_files():
        digest.update(path.read_bytes())
        urls.append(static(path.relative_to(STATIC_DIR).as_posix()))
    return digest.hexdigest()[:16], tuple(urls)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so it may look after every page."""
    version, assets = _offline_assets()
    context = {
        "version": version,
        "assets": json.dumps([*assets, reverse("web:offline")]),
        "offline_url": json.dumps(reverse("web:offline")),
        "logout_url": json.dumps(reverse("accounts:logout")),
    }
    body = render_to_string("web/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Always asked again: a new release reaches the phone on its next visit.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page it has no copy of while offline."""
    return render(request, "web/offline.html")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says."""
    icon = (STATIC_DIR / "supple" / "icons" / "favicon.ico").read_bytes()
    response = HttpResponse(icon, content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response
