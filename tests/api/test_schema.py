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
from supple.programs.models import Session
from tests.factories import CLEAR, INTAKE

# Loaded at module level: schemathesis's pytest fixture loader does not work on pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

# The write token of the running test, for the auth provider below.
TOKEN: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class TokenAuth:
    """Every generated call carries the test's token (schemathesis then knows it is valid, and
    its own checks try the calls without it and with a spoiled one)."""

    def get(self, case: Any, context: Any) -> str:
        return TOKEN.get("secret", "sup_not-made-yet")

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Bounded so that the whole run stays within seconds on either database.
EXAMPLES = settings(
    max_examples=6,
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
    TOKEN["secret"] = made.secret
    return {"Authorization": f"Bearer {made.secret}"}


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_as_documented(case: Any, bearer: dict[str, str]) -> None:
    case.call_and_validate()


def test_a_started_session_is_logged_into_finished_and_read_back(bearer: dict[str, str]) -> None:
    """Stateful: each step follows the description's links from the session just started."""

    Workflow = schema.as_state_machine()
    Workflow.run(
        settings=settings(
            max_examples=6,
            stateful_step_count=4,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    # The run did reach the session operations through the links.
    assert Session.objects.exists()
