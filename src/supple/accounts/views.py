from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
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


def when_email(view: Any) -> Any:
    """The view where password reset by e-mail is on (an e-mail server configured); else 404."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404("Password reset by e-mail is off.")
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return guarded


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["password_reset_by_email"] = settings.PASSWORD_RESET_BY_EMAIL
        return context
