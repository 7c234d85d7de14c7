"""A limit on wrong invitation codes typed at /join/, per address, against guessing.

A code has about 50 bits, so guessing is hopeless anyway; the limit keeps it that way and
keeps the invitation table from being hammered. Only wrong codes count; the window is fixed
from the first wrong code (the cache's timeout).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from django.core.cache import cache

WRONG_CODES: Final = 10
WINDOW: Final = timedelta(minutes=15)


def _key(address: str) -> str:
    return f"supple:join:wrong-codes:{address}"


def blocked(address: str) -> bool:
    return int(cache.get(_key(address), 0)) >= WRONG_CODES


def wrong_code(address: str) -> None:
    key = _key(address)
    cache.add(key, 0, timeout=int(WINDOW.total_seconds()))
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls: start again
        cache.set(key, 1, timeout=int(WINDOW.total_seconds()))
