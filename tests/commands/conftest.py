"""Fixtures of the terminal commands' tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from supple.commands import user_database
from tests.factories import NOW


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The commands' clock, set to NOW; append to move it."""
    moments = [NOW]
    monkeypatch.setenv("COLUMNS", "200")  # no wrapping of long lines in what tests read
    monkeypatch.setattr(user_database, "current_time", lambda: moments[-1])
    return moments
