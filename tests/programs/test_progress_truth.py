"""The progress figures against histories worked out by hand: sessions with nothing done are
left out of the pain figures, two sessions on one day are told apart, "planned" counts from
the program's start, and the summary sentence reads the chart's own points."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import Profile
from supple.programs.services import counts
from supple.programs.services.progress import progress_for, short_day
from tests.conftest import PASSWORD
from tests.factories import CLEAR, INTAKE, NOW, abandoned, do_session, new_id

MON = NOW.replace(hour=9)  # Monday 2 November 2026; the program began on Sunday 1 November


def hand_worked_history(user: User) -> None:
    do_session(user, MON, p_pre=5, p_post=3)
    do_session(user, MON.replace(hour=18), p_pre=4, p_post=2)
    abandoned(user, MON + timedelta(days=1))  # Tuesday: stopped before the first exercise
    abandoned(user, MON + timedelta(days=2), p_pre=2, skip_all=True)  # Wednesday: all skipped


def test_sessions_with_nothing_done_are_left_out_of_the_pain_figures(
    enrolled: Profile, patient: User
) -> None:
    hand_worked_history(patient)
    progress = progress_for(patient, date(2026, 11, 4))
    assert [(p.label, p.p_pre, p.p_post) for p in progress.pain] == [
        ("Mon 2 Nov, 09:00", 5, 3),
        ("Mon 2 Nov, 18:00", 4, 2),
    ]
    assert progress.summary == (
        "Over 2 sessions (2 November 2026), pain before sessions went from 5 to 4 out of 10 "
        "(average 4.5); after sessions from 3 to 2 out of 10 (average 2.5)."
    )
    # The table keeps every session, the empty ones marked as such.
    assert [(r.label, r.what, r.counted) for r in progress.rows][:2] == [
        ("Wed 4 Nov", "Started, not done", False),
        ("Tue 3 Nov", "Started, not done", False),
    ]
    # Program began Sunday 1 November: 4 planned days to Wednesday, 1 of them with a session.
    assert (progress.adherence_7.done, progress.adherence_7.planned) == (1, 4)
    assert (progress.adherence_28.done, progress.adherence_28.planned) == (1, 4)
    assert progress.streak == 0


def test_on_day_one_one_session_is_one_of_one_planned_day(library: None, patient: User) -> None:
    day_one = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    services.accept_disclaimer(patient, day_one)
    services.save_intake(patient, INTAKE, day_one)
    services.record_screen(patient, CLEAR, trigger="intake", now=day_one)
    do_session(patient, day_one + timedelta(hours=1))
    progress = progress_for(patient, day_one.date())
    assert (progress.adherence_7.done, progress.adherence_7.planned) == (1, 1)
    assert progress.adherence_7.percent == 100
    assert progress.program_start == day_one.date()


def test_the_page_tells_two_sessions_of_a_day_apart_in_chart_and_table(
    client: Client, library: None, patient: User
) -> None:
    # The page shows the real today: the same history, three days before it.
    today = timezone.localdate()
    began = datetime.combine(today - timedelta(days=3), time(8, 0), tzinfo=UTC)
    services.accept_disclaimer(patient, began)
    services.save_intake(patient, INTAKE, began)
    services.record_screen(patient, CLEAR, trigger="intake", now=began)
    first = began + timedelta(days=1, hours=1)
    do_session(patient, first, p_pre=5, p_post=3)
    do_session(patient, first.replace(hour=18), p_pre=4, p_post=2)
    abandoned(patient, first + timedelta(days=1))
    client.login(username="pat", password=PASSWORD)
    page = client.get(reverse("progress")).content.decode()
    chart = json.loads(
        page.split('id="pain-data" type="application/json">')[1].split("</script>")[0]
    )
    day = short_day(first.date())
    assert chart["labels"] == [f"{day}, 09:00", f"{day}, 18:00"]
    assert chart["before"] == [5, 4]
    assert f'<th scope="row">{day}, 18:00</th>' in page
    assert "Started, not done" in page
    assert "Over 2 sessions (" in page
    assert "<dd>1 of 4 <" in page  # 4 days since the program began, today included


def test_exercise_counts_tell_done_partly_done_and_skipped_apart(
    enrolled: Profile, patient: User
) -> None:
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=MON)
    outcomes = [
        {"p_during": 2, "completed": True},
        {"p_during": 3, "completed": False},  # cut short
        {"skipped": True},
    ]
    for position, (item, outcome) in enumerate(zip(session.plan, outcomes, strict=False)):
        services.log_exercise(
            patient,
            session_id,
            new_id(),
            position=position,
            exercise=item["exercise"],
            now=MON + timedelta(minutes=position + 1),
            **outcome,  # type: ignore[arg-type]
        )
    services.finish_session(patient, session_id, p_post=2, stopped=True, now=MON.replace(hour=10))
    session.refresh_from_db()
    result = counts.exercise_counts(session)
    planned = len(session.plan)
    assert (result.done, result.partly, result.skipped) == (1, 1, 1)
    assert result.words() == (
        f"1 of {planned} exercises done, 1 partly done, 1 skipped, {planned - 3} not reached"
    )


def test_sessions_done_today_leave_out_stopped_and_empty_ones(
    enrolled: Profile, patient: User
) -> None:
    do_session(patient, MON)
    abandoned(patient, MON.replace(hour=12))
    abandoned(patient, MON.replace(hour=13), skip_all=True)
    today = services.today_for(patient, MON.replace(hour=14))
    assert today.sessions_today == 1
    assert (today.day.done, today.day.stopped, today.day.empty) == (1, 0, 2)
    assert today.day.words() == "Today: 1 session done."
