from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from supple.accounts import services
from supple.accounts.forms import OwnerSetupForm

log = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """First visit to a fresh install: the owner creates their account."""
    if not services.needs_setup():
        return redirect("accounts:login")
    form = OwnerSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_owner(
                form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="supple.accounts.backends.BoundedModelBackend")
            return redirect("web:home")
    return render(request, "accounts/setup.html", {"form": form})


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes's answer once an account or address has failed too often: the page says
    when to try again (429, with Retry-After); the attempt is logged."""
    seconds = settings.AXES_COOLOFF_TIME.total_seconds()
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    log.warning(
        "sign-in refused (too many failures) for %r from %s",
        username[:150],
        request.META.get("REMOTE_ADDR", "?"),
    )
    minutes = math.ceil(seconds / 60)
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(seconds))
    return response
