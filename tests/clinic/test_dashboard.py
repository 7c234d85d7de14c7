"""The dashboard: patients sorted by need, its figures matching the patient's own Progress
page, filters, pages, a fixed number of queries, and flags marked as seen (audited)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from supple.accounts.models import Clinic, Role, User
from supple.clinic import dashboard
from supple.clinic.models import AuditEntry, Care, FlagSeen
from supple.domain.flags import FlagKind
from supple.domain.progression import g4_no_improvement
from supple.programs import services
from supple.programs.models import DoseLevel, ProgramDecision, Session
from supple.programs.services.history import load_history
from supple.programs.services.progress import progress_for
from tests.factories import CLEAR, do_session, enrol, make_user

URGENT = CLEAR | {"U1": True}


def _sessions(
    user: User,
    days: list[date],
    *,
    p_pre: int = 3,
    p_next: int | None = 2,
    completed: bool = True,
    skipped: bool = False,
) -> None:
    """Sessions written directly (no decisions), each with one exercise logged."""
    for day in days:
        when = timezone.make_aware(datetime(day.year, day.month, day.day, 8, 0))
        session = Session.objects.create(
            user=user,
            client_id=uuid.uuid4(),
            date=day,
            started_at=when,
            ended_at=when + timedelta(minutes=20),
            status=Session.Status.DONE,
            p_pre=p_pre,
            p_post=2,
            p_next=p_next,
            plan=[{"exercise": "bridge"}],
        )
        session.entries.create(
            position=0,
            exercise="bridge",
            p_during=2,
            completed=completed,
            skipped=skipped,
            logged_at=when,
        )


def _board(staff: User, **filters: Any) -> dashboard.Dashboard:
    return dashboard.dashboard(staff, timezone.localdate(), dashboard.Filters(**filters))


def test_a_red_screen_comes_first_with_its_reason(
    client: Client, library: None, clinician: User, clinic: Clinic
) -> None:
    now = timezone.now()
    calm = make_user("amy", Role.PATIENT, clinic)
    enrol(calm, now - timedelta(days=2))
    do_session(calm, now - timedelta(days=1))
    worried = make_user("zed", Role.PATIENT, clinic)
    enrol(worried, now - timedelta(days=2))
    do_session(worried, now - timedelta(days=1))
    services.record_screen(worried, URGENT, trigger="user", now=now - timedelta(hours=1))
    client.force_login(clinician)
    page = client.get(reverse("clinic:patients")).content.decode()
    assert page.index(">zed<") < page.index(">amy<")
    assert "Safety questions: needs to be seen within 48 hours" in page
    rows = _board(clinician).rows
    assert [r.name for r in rows] == ["zed", "amy"]
    assert [f.kind for f in rows[0].flags] == [FlagKind.SCREEN]
    assert rows[1].flags == []


def test_the_figures_match_the_patients_own_progress_page(
    library: None, clinician: User, patient: User
) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=20))
    today = timezone.localdate()
    for days_ago, p_pre in ((15, 6), (9, 5), (3, 4), (1, 3)):
        _sessions(patient, [today - timedelta(days=days_ago)], p_pre=p_pre)
    # Partly done counts; every exercise skipped does not (as on the Progress page).
    _sessions(patient, [today - timedelta(days=5)], p_pre=5, completed=False)
    _sessions(patient, [today - timedelta(days=4)], p_pre=1, skipped=True)
    (row,) = _board(clinician).rows
    own = progress_for(patient, timezone.localdate())
    assert row.adherence_7 == own.adherence_7
    assert row.adherence_28 == own.adherence_28
    assert row.last_session == timezone.localdate(now - timedelta(days=1))
    assert row.pain is not None
    # The last 7 days: 5 (partly done, 5 days ago), 4 and 3; the week before: 5 (9 days ago).
    assert row.pain.last_week.before == 4
    assert row.pain.week_before.before == 5
    assert row.pain.last_week.after == 2


@pytest.mark.parametrize("weekly", [(5, 5), (5, 2)], ids=["no-change", "improved"])
def test_g4_on_the_dashboard_matches_the_engine(
    library: None, clinician: User, patient: User, weekly: tuple[int, int]
) -> None:
    today = timezone.localdate()
    enrol(patient, timezone.now() - timedelta(days=60))
    first, last = weekly
    _sessions(patient, [today - timedelta(days=d) for d in (50, 48, 46)], p_pre=first)
    _sessions(patient, [today - timedelta(days=d) for d in (20, 10)], p_pre=4)
    _sessions(patient, [today - timedelta(days=d) for d in (5, 2)], p_pre=last)
    expected = g4_no_improvement(load_history(patient, today))
    (row,) = _board(clinician).rows
    assert (FlagKind.G4 in [f.kind for f in row.flags]) == expected
    assert expected == (first == last)


def test_paused_exercise_program_pause_and_morning_pain_are_flagged(
    library: None, clinician: User, patient: User
) -> None:
    today = timezone.localdate()
    enrol(patient, timezone.now() - timedelta(days=5))
    _sessions(patient, [today - timedelta(days=1)], p_next=9)
    DoseLevel.objects.create(user=patient, ladder="bridge", exercise="bridge", paused=True)
    patient.decisions.create(
        made_on=today,
        made_at=timezone.now(),
        ladder="bridge",
        exercise="bridge",
        colour="red",
        decision="pause",
        reason="red twice",
        before={},
        after={},
    )
    ProgramDecision.objects.create(
        user=patient,
        made_on=today,
        made_at=timezone.now(),
        action="pause",
        trend="steady",
        reason="a next-morning pain of 9",
        phase_before=1,
        phase_after=1,
    )
    (row,) = _board(clinician).rows
    assert [f.kind for f in row.flags] == [
        FlagKind.PROGRAM_PAUSE,
        FlagKind.EXERCISE_PAUSE,
        FlagKind.MORNING_PAIN,
    ]


def test_filters_flagged_inactive_clinician_and_name(
    library: None, clinician: User, clinic: Clinic, clinic_admin: User
) -> None:
    now = timezone.now()
    busy = make_user("bea", Role.PATIENT, clinic)
    enrol(busy, now - timedelta(days=2))
    do_session(busy, now - timedelta(days=1))
    Care.objects.create(patient=busy, clinician=clinician, since=now)
    idle = make_user("ian", Role.PATIENT, clinic)
    idle.first_name, idle.last_name = "Ian", "Moss"
    idle.save()
    enrol(idle, now - timedelta(days=10))
    Care.objects.create(patient=idle, clinician=clinic_admin, since=now)

    def names(**filters: Any) -> list[str]:
        return [r.patient.username for r in _board(clinician, **filters).rows]

    assert names() == ["ian", "bea"]  # ian: no session for 7 days since the start
    assert names(flagged=True) == ["ian"]
    assert names(inactive=True) == ["ian"]
    assert names(clinician=clinician.pk) == ["bea"]
    assert names(search="moss") == ["ian"]
    assert names(search="BE") == ["bea"]
    assert names(search="nobody") == []


def test_another_clinics_staff_never_see_these_patients(
    library: None, patient: User, other_clinician: User
) -> None:
    enrol(patient, timezone.now() - timedelta(days=10))
    assert patient.pk not in [r.patient.pk for r in _board(other_clinician).rows]


def _crowd(clinic: Clinic, count: int, start: int = 0) -> None:
    """Patients with a month of sessions each and every kind of flag among them."""
    today = timezone.localdate()
    for n in range(start, start + count):
        person = make_user(f"p{n:03}", Role.PATIENT, clinic)
        enrol(person, timezone.now() - timedelta(days=50))
        _sessions(person, [today - timedelta(days=d) for d in range(48, 40, -1)], p_pre=5)
        _sessions(person, [today - timedelta(days=d) for d in range(n % 9, 6)], p_next=8)
        if n % 3 == 0:
            DoseLevel.objects.create(user=person, ladder="bridge", exercise="bridge", paused=True)


def test_a_fixed_number_of_queries_for_1_and_50_patients(
    client: Client,
    library: None,
    clinician: User,
    clinic: Clinic,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    client.force_login(clinician)
    client.get(reverse("clinic:patients"))  # the session and the user, cached as usual
    _crowd(clinic, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("clinic:patients")).status_code == 200
    _crowd(clinic, 49, start=1)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("clinic:patients")).content.decode()
    assert "Page 1 of 2" in page
    second = client.get(reverse("clinic:patients") + "?page=2").content.decode()
    assert len(re.findall(r'href="/clinic/patients/\d', second)) == 50 - dashboard.PER_PAGE
    # Only the patients shown are audited.
    assert AuditEntry.objects.filter(what="patient list").count() == 1 + 25 + 25


def test_marking_a_flag_seen_hides_it_until_a_newer_one_and_is_audited(
    client: Client, library: None, clinician: User, patient: User
) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    services.record_screen(patient, URGENT, trigger="user", now=now - timedelta(days=2))
    client.force_login(clinician)
    url = reverse("clinic:flag-seen", args=[patient.pk])
    response = client.post(url, {"kind": "screen"})
    assert response.status_code == 302
    seen = FlagSeen.objects.get(patient=patient)
    assert seen.seen_by == clinician
    assert seen.flag_on == timezone.localdate(now - timedelta(days=2))
    assert AuditEntry.objects.filter(
        actor_id=clinician.pk, patient_id=patient.pk, what__startswith="marked a flag as seen"
    ).exists()
    assert _board(clinician).rows[0].flags == []
    page = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "Nothing flagged." in page
    # A newer urgent screen flags again.
    services.record_screen(patient, URGENT, trigger="user", now=now)
    assert [f.kind for f in _board(clinician).rows[0].flags] == [FlagKind.SCREEN]


def test_marking_a_flag_that_is_not_shown_changes_nothing(
    client: Client, library: None, clinician: User, patient: User, other_clinician: User
) -> None:
    enrol(patient, timezone.now() - timedelta(days=1))
    client.force_login(clinician)
    url = reverse("clinic:flag-seen", args=[patient.pk])
    assert client.post(url, {"kind": "screen"}).status_code == 302
    assert not FlagSeen.objects.exists()
    client.force_login(other_clinician)
    services.record_screen(patient, URGENT, trigger="user", now=timezone.now())
    assert client.post(url, {"kind": "screen"}).status_code == 404
    assert not FlagSeen.objects.exists()


def test_the_patient_page_lists_screens_and_program_decisions_with_reasons(
    client: Client, library: None, clinician: User, patient: User
) -> None:
    now = timezone.now()
    enrol(patient, now - timedelta(days=3))
    services.record_screen(patient, URGENT, trigger="user", now=now - timedelta(days=1))
    ProgramDecision.objects.create(
        user=patient,
        made_on=timezone.localdate(),
        made_at=now,
        action="pause",
        trend="steady",
        reason="Your next-morning pain was 9/10.",
        phase_before=1,
        phase_after=1,
    )
    client.force_login(clinician)
    page = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "Fever, chills or night sweats" in page
    assert "Your next-morning pain was 9/10." in page
    assert "Mark as seen" in page
