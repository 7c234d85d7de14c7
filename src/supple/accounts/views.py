from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from supple.accounts import services, tokens
from supple.accounts.forms import OwnerSetupForm, TokenForm
from supple.accounts.models import User

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


def _tokens_page(
    request: HttpRequest, form: TokenForm, made: tokens.NewToken | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    now = timezone.now()
    rows = [(token, tokens.is_live(token, now)) for token in tokens.tokens_of(user)]
    context = {"form": form, "rows": rows, "made": made}
    return render(request, "accounts/tokens.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens; a new one is shown on this answer only (never stored)."""
    if request.method == "GET":
        return _tokens_page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    user = request.user
    assert isinstance(user, User)
    data = form.cleaned_data
    try:
        made = tokens.create_token(
            user, data["name"], scope=data["scope"], days=data["expires"], now=timezone.now()
        )
    except tokens.TokenError as error:
        form.add_error("name", str(error).capitalize() + ".")
        return _tokens_page(request, form, status=400)
    return _tokens_page(request, TokenForm(), made=made)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    try:
        token = tokens.revoke(user, token_id, timezone.now())
    except tokens.TokenError:
        raise Http404("No such token.") from None
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:tokens")
