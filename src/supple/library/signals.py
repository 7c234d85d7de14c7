"""Any change to the library, from the admin or a script, refreshes every cached catalog."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

_state = threading.local()


@contextmanager
def muted() -> Iterator[None]:
    """Within a bulk load, which bumps the version once itself."""
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = False


def _changed(sender: Any, **kwargs: Any) -> None:
    from supple.library.models import LibraryVersion

    if kwargs.get("raw") or getattr(_state, "muted", False):
        return
    LibraryVersion.bump()


def connect() -> None:
    from supple.library.models import Exercise, Routine, RoutineMember, Topic

    for model in (Exercise, Routine, RoutineMember, Topic):
        post_save.connect(_changed, sender=model, dispatch_uid=f"library-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"library-del-{model.__name__}")
    m2m_changed.connect(
        _changed, sender=Exercise.harder.through, dispatch_uid="library-harder-changed"
    )
