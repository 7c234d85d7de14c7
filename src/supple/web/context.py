from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from supple import __version__


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "supple_version": __version__,
        "emergency_number": settings.SUPPLE_EMERGENCY_NUMBER,
    }
