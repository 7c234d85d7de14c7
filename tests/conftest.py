"""Shared fixtures: the personas every test suite talks about.

- ``patient``: Pat, a patient of Riverside Physio.
- ``clinician``: Cleo, a physiotherapist at the same clinic.
- ``outsider``: Oscar, a patient of another clinic, who must never see Pat's data.
- ``library``: the shipped library loaded; ``enrolled``: Pat's profile, ready for sessions.

Helpers that build data (Pat's intake, sessions, histories) are in ``tests/factories.py``.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from supple.accounts.models import Clinic, Role, User
from supple.content import load_catalog
from supple.library.services import load_library
from supple.programs.models import Profile
from tests.factories import NOW, enrol

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def audit_trail_emptied_after_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on a real (non-rolled-back) database ends by emptying every table, which the
    audit trail's triggers refuse: they are lifted just before, and come back with the
    post_migrate that emptying sends (supple.clinic.triggers.ensure). Such tests ask for the
    ``transactional_db`` fixture (``live_server`` does), not the ``django_db`` marker."""
    if "transactional_db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # torn down after this fixture: the emptying
    yield
    from django.db import connection

    from supple.clinic import triggers

    triggers.run(connection, create=False)


@pytest.fixture
def clinic(db: None) -> Clinic:
    return Clinic.objects.create(name="Riverside Physio")


@pytest.fixture
def patient(clinic: Clinic) -> User:
    user = User(username="pat", role=Role.PATIENT, clinic=clinic)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def clinician(clinic: Clinic) -> User:
    user = User(username="cleo", role=Role.CLINICIAN, clinic=clinic)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def clinic_admin(clinic: Clinic) -> User:
    """Ada, who runs Riverside Physio: manages its clinicians and reads its audit trail."""
    from tests.factories import make_user

    return make_user("ada", Role.CLINIC_ADMIN, clinic)


@pytest.fixture
def other_clinician(outsider: User) -> User:
    """Hugo, a clinician of Hillside Spine (Oscar's clinic), who must never see Pat's data."""
    from tests.factories import make_user

    return make_user("hugo", Role.CLINICIAN, outsider.clinic)


@pytest.fixture
def clinic_people(
    patient: User, clinician: User, other_clinician: User, clinic_admin: User, clinic: Clinic
) -> dict[str, User | None]:
    """Everyone the permission matrix tries, by the name its rows use (None: anonymous).
    Pat is the patient whose data is at stake; Lee was a patient of Pat's clinic and left."""
    from supple.clinic.services import leave_clinic
    from tests.factories import make_user

    left = make_user("lee", Role.PATIENT, clinic)
    leave_clinic(left)
    return {
        "the patient": patient,
        "a clinician of their clinic": clinician,
        "a clinician of another clinic": other_clinician,
        "the clinic's admin": clinic_admin,
        "another patient": make_user("penny", Role.PATIENT, clinic),
        "anonymous": None,
        "a patient who left the clinic": left,
    }


@pytest.fixture
def outsider(db: None) -> User:
    other = Clinic.objects.create(name="Hillside Spine")
    user = User(username="oscar", role=Role.PATIENT, clinic=other)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def library(db: None) -> None:
    """The shipped library, loaded into the database."""
    load_library(load_catalog())


@pytest.fixture
def enrolled(library: None, patient: User) -> Profile:
    """Pat with the notice accepted, an intake and a clear screen, the day before ``NOW``."""
    return enrol(patient, NOW)


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".strip()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many tests ran in the real browser, so a CI log shows it plainly."""
    passed = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if report.when == "call" and "browser" in report.keywords
    ]
    if passed:
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        version = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        terminalreporter.write_line(f"browser tests: {len(passed)} passed in {version}")
