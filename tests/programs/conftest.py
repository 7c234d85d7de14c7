"""Pat with the shipped library loaded, an accepted notice, an intake and a clear screen."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from supple.programs import services
from supple.programs.models import Profile

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # a Monday morning
CLEAR = (
    {f"E{i}": False for i in range(1, 9)}
    | {f"U{i}": False for i in range(1, 7)}
    | {
        "C1": False,
        "G1": False,
        "G2": False,
        "G3": False,
    }
)
INTAKE = services.IntakeData(
    pain_now=4,
    weeks_since_onset=3,
    age=45,
    can_get_on_floor=True,
    minutes=15,
    equipment=("mat", "towel", "wall", "chair"),
    direction="neither",
)


@pytest.fixture
def library(db: None) -> None:
    load_library(load_catalog())


@pytest.fixture
def enrolled(library: None, patient: User) -> Profile:
    services.accept_disclaimer(patient, NOW - timedelta(days=1))
    profile = services.save_intake(patient, INTAKE, NOW - timedelta(days=1))
    services.record_screen(patient, CLEAR, trigger="intake", now=NOW - timedelta(days=1))
    return profile


def new_id() -> str:
    return str(uuid.uuid4())


def do_session(
    user: User,
    when: datetime,
    *,
    p_pre: int = 3,
    p_during: int = 2,
    p_post: int = 2,
    spread: bool = False,
    completed: bool = True,
) -> str:
    """A whole session as the player would send it: start, each exercise, finish."""
    session_id = new_id()
    session = services.start_session(user, session_id, p_pre=p_pre, now=when)
    for position, item in enumerate(session.plan):
        services.log_exercise(
            user,
            session_id,
            new_id(),
            position=position,
            exercise=item["exercise"],
            p_during=p_during,
            spread=spread,
            completed=completed,
            now=when + timedelta(minutes=position + 1),
        )
    services.finish_session(user, session_id, p_post=p_post, now=when + timedelta(minutes=20))
    return session_id
