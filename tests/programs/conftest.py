"""The programs tests' fixtures: ``library`` and ``enrolled`` are in ``tests/conftest.py``,
helpers in ``tests/factories.py``; the helpers stay importable from here for tests written
before they moved."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from supple.accounts.models import User
from tests.factories import CLEAR, INTAKE, NOW, do_session, enrol, new_id

__all__ = ["CLEAR", "INTAKE", "NOW", "do_session", "new_id"]


@pytest.fixture
def now() -> datetime:
    return timezone.now()


@pytest.fixture
def pat(library: None, patient: User, now: datetime) -> User:
    """Pat enrolled the day before ``now``: the notice, the intake and a clear screen."""
    enrol(patient, now)
    return patient
