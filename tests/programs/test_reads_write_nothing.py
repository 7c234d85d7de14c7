"""Pages and read-only commands only read (docs/clinical-rules.md 3, "When the decisions are
made"): the decisions due are made when something happens (a session starting or finishing,
a morning check, a screen); until then Today, the player, the handout and `supple today`
show them as a preview, with exactly the doses Start will run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from supple.accounts.models import User
from supple.cli import main
from supple.commands import user_database
from supple.programs import services
from supple.programs.models import Decision, DoseLevel, Profile, ProgramDecision, Session
from supple.programs.services import planning
from tests.factories import do_session, enrol, new_id

WRITES = ("INSERT", "UPDATE", "DELETE")
# Not patient pages: the admin, the clinic's pages (their own tests), the sign-out.
NOT_PATIENT_PAGES = ("admin/", "clinic/", "accounts/logout/")


@pytest.fixture
def writes() -> Iterator[list[str]]:
    """Every INSERT, UPDATE or DELETE sent to the database while the fixture is open."""
    sent: list[str] = []

    def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            sent.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        yield sent


def green_days(user: User, now: datetime, days: int) -> None:
    """Comfortable sessions on the days before ``now``, each with its morning pain, so that
    a step up is due today and no morning check waits."""
    for day in range(days, 0, -1):
        do_session(user, now - timedelta(days=day))
        Session.objects.filter(user=user, p_next__isnull=True).update(p_next=2, p_next_at=now)


@pytest.fixture
def due(library: None, patient: User) -> User:
    """Pat with two green days behind her: the decisions due today step doses up."""
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    green_days(patient, now, 2)
    today = timezone.localdate(now)
    assert services.morning_check_due(patient, today) is None
    assert not ProgramDecision.objects.filter(user=patient, made_on=today).exists()
    return patient


def patient_get_pages() -> list[str]:
    """Every address of the URL conf without a parameter, the patient's pages and API."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if "<" in route or "(" in route or route.startswith(NOT_PATIENT_PAGES):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield "/" + route.lstrip("^").rstrip("$")

    return sorted(set(walk(get_resolver().url_patterns, "")))


PAGES = patient_get_pages()


def test_the_pages_come_from_the_url_conf() -> None:
    assert {"/today/", "/today/handout/", "/session/", "/progress/", "/my-data/"} <= set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_shown_writes_nothing(due: User, path: str, writes: list[str]) -> None:
    client = Client()
    client.force_login(due)
    writes.clear()  # the sign-in wrote its session
    response = client.get(path)
    assert response.status_code < 500, path
    assert writes == [], path


def test_today_shows_the_doses_start_runs_after_the_decisions_due(due: User) -> None:
    now = timezone.now()
    shown = services.today_for(due, now)
    assert shown.program is not None
    assert not ProgramDecision.objects.filter(user=due, made_on=timezone.localdate(now)).exists()
    stepped = [d for d in shown.changes if d.decision == "progress" and d.before != d.after]
    assert stepped, [d.reason for d in shown.changes]
    assert not Decision.objects.filter(user=due, made_on=timezone.localdate(now)).exists()
    session = services.start_session(due, new_id(), p_pre=3, now=now)
    assert [asdict(item) for item in shown.plan.items] == [  # type: ignore[union-attr]
        {key: value for key, value in item.items() if key != "name"} for item in session.plan
    ]
    saved = Decision.objects.filter(user=due, made_on=timezone.localdate(now))
    assert {(d.ladder, d.decision) for d in saved} == {
        (d.ladder, d.decision) for d in shown.changes
    }
    # The saved levels are the ones shown: Today after Start shows the same doses.
    again = services.today_for(due, now + timedelta(minutes=1))
    assert again.plan is not None
    assert shown.plan is not None
    assert again.plan.items == shown.plan.items


def test_on_a_flare_day_today_shows_the_flare_doses_start_runs(due: User) -> None:
    now = timezone.now()
    shown = services.today_for(due, now, flare=True)
    assert all(d.decision != "progress" for d in shown.changes)
    session = services.start_session(due, new_id(), p_pre=8, now=now)
    assert session.flare
    assert [asdict(item) for item in shown.plan.items] == [  # type: ignore[union-attr]
        {key: value for key, value in item.items() if key != "name"} for item in session.plan
    ]


def test_a_flare_after_a_step_up_shows_the_step_taken_back(due: User) -> None:
    now = timezone.now()
    services.apply_due_decisions(due, now)
    levels = {
        lv.ladder: (lv.exercise, lv.hold_s, lv.reps, lv.sets) for lv in DoseLevel.objects.all()
    }
    shown = services.today_for(due, now, flare=True)
    assert any(d.decision == "hold" and "flare day" in d.reason for d in shown.changes)
    after = {
        lv.ladder: (lv.exercise, lv.hold_s, lv.reps, lv.sets) for lv in DoseLevel.objects.all()
    }
    assert after == levels  # shown, not saved
    session = services.start_session(due, new_id(), p_pre=8, now=now)
    assert [asdict(item) for item in shown.plan.items] == [  # type: ignore[union-attr]
        {key: value for key, value in item.items() if key != "name"} for item in session.plan
    ]


def test_the_morning_check_makes_the_days_decisions(library: None, patient: User) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    do_session(patient, now - timedelta(days=2))
    Session.objects.update(p_next=2, p_next_at=now - timedelta(days=1))
    do_session(patient, now - timedelta(days=1))
    today = timezone.localdate(now)
    assert not ProgramDecision.objects.filter(user=patient, made_on=today).exists()
    services.log_morning(patient, 3, now)
    assert ProgramDecision.objects.filter(user=patient, made_on=today).exists()


def test_a_screen_makes_the_days_decisions(due: User) -> None:
    now = timezone.now()
    from tests.factories import CLEAR

    services.answer_screen(due, CLEAR, trigger="weekly", now=now)
    assert ProgramDecision.objects.filter(user=due, made_on=timezone.localdate(now)).exists()


@pytest.mark.parametrize(
    "command",
    [
        ["today"],
        ["today", "--json"],
        ["why"],
        ["progress"],
        ["log"],
        ["export", "--format", "json", "-o", "{tmp}/data.json"],
        ["export", "--format", "ics", "-o", "{tmp}/routine.ics"],
    ],
)
def test_a_read_only_command_writes_nothing(
    due: User,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    writes: list[str],
) -> None:
    now = timezone.now()
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(user_database, "current_time", lambda: now)
    assert main([part.format(tmp=tmp_path) for part in command]) == 0
    assert writes == []


def test_the_due_decisions_are_worked_out_without_a_write_and_saved_as_worked_out(
    due: User, writes: list[str]
) -> None:
    now = timezone.now()
    profile = Profile.objects.get(user=due)
    worked = planning.work_out_due_decisions(due, now, profile)
    assert writes == []
    assert worked is not None
    assert worked.decisions
    planning.save_decisions(worked)
    saved = Decision.objects.filter(user=due, made_on=timezone.localdate(now)).order_by("id")
    assert [(d.ladder, d.decision, d.after) for d in saved] == [
        (d.ladder, d.decision, d.after) for d in worked.decisions
    ]
    assert planning.work_out_due_decisions(due, now, profile) is None  # once a day


def test_a_flare_takes_back_the_steps_up_not_changed_again_since() -> None:
    now = timezone.now()
    low, high = {"exercise": "bridge", "reps": 8, "sets": 1}, {"exercise": "bridge", "reps": 10}
    made = [
        Decision(ladder="bridge", decision="progress", before=low, after=high, made_at=now),
        Decision(ladder="roll", decision="progress", before=low, after=high, made_at=now),
        Decision(
            ladder="roll", decision="regress", before=high, after=low, made_at=now + timedelta(1)
        ),
        Decision(ladder="cat", decision="progress", before=low, after=low, made_at=now),
    ]
    levels = {
        name: DoseLevel(ladder=name, exercise="bridge", reps=10) for name in ("bridge", "roll")
    }
    holds = planning._flare_holds(made, levels, now)
    assert [(h.ladder, h.decision, h.before, h.after) for h in holds] == [
        ("bridge", "hold", high, low)
    ]
    assert (levels["bridge"].reps, levels["bridge"].sets) == (8, 1)
    assert levels["roll"].reps == 10  # changed again after the step up: left alone
