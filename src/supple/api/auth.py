"""Who is calling: a personal access token (``Authorization: Bearer ...``) or the browser's
signed-in session. CSRF applies to the session only: a token is never sent by a browser on
its own, so a forged cross-site request cannot carry one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from supple.accounts import tokens
from supple.accounts.models import AccessToken, User

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BearerToken(HttpBearer):
    """A personal access token; a read-only token gets 403 for any write."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = tokens.authenticate(token, timezone.now())
        if found is None:
            return None
        if request.method not in SAFE_METHODS and found.scope != AccessToken.Scope.WRITE:
            raise HttpError(403, "This token may only read: make a token with the write scope.")
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie; writes need Django's CSRF token, as the pages do."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        writes = request.method not in SAFE_METHODS
        if key and writes and request.user.is_authenticated and check_csrf(request) is not None:
            raise HttpError(403, "The CSRF check failed: reload the page and try again.")
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated else None


AUTH = [BearerToken(), SessionAuth(csrf=False)]


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the auth above lets only signed-in people through
    return user
