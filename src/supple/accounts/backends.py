"""Sign-in backends: django-axes first (a locked-out account or address is refused before any
password is hashed), then Django's own, with a bound on concurrent password checks.

An Argon2 check takes about 100 MB and a few hundred milliseconds of CPU: unbounded, a handful
of parallel sign-ins held every worker thread and starved the rest of the server."""

from __future__ import annotations

import threading
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

# At most this many password checks at once; a sign-in waits this long for a turn.
PASSWORD_CHECKS = 2
WAIT_FOR_A_CHECK_S = 0.25
_checks = threading.BoundedSemaphore(PASSWORD_CHECKS)


class PasswordChecksBusy(Exception):
    """Every password-check slot is taken: answer 503 and ask to try again shortly."""


class LockoutBackend(AxesStandaloneBackend):
    """Axes's lockout check, for requests; sign-ins without one (scripts, the test client's
    login) have no address or form to count and go on to the next backend."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


class BoundedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not _checks.acquire(timeout=WAIT_FOR_A_CHECK_S):
            raise PasswordChecksBusy
        try:
            return super().authenticate(request, username, password, **kwargs)
        finally:
            _checks.release()
