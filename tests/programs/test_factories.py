"""The long history the query-count tests build in bulk is a history the app reads as its own."""

from __future__ import annotations

from datetime import timedelta

from supple.accounts.models import User
from supple.programs.models import ExerciseLog, ScreenRecord, Session
from supple.programs.services.history import load_history
from tests.factories import NOW, bulk_history, enrol


def test_bulk_history_writes_a_finished_session_a_day_with_its_logs(
    library: None, patient: User
) -> None:
    profile = enrol(patient, NOW - timedelta(days=40))
    bulk_history(patient, NOW, 30)
    sessions = Session.objects.filter(user=patient).order_by("date")
    assert sessions.count() == 30
    assert [s.date for s in sessions] == [
        (NOW - timedelta(days=d)).date() for d in range(30, 0, -1)
    ]
    assert {s.status for s in sessions} == {Session.Status.DONE}
    plan_lengths = {len(s.plan) for s in sessions}
    assert plan_lengths
    assert 0 not in plan_lengths
    assert ExerciseLog.objects.filter(session__user=patient).count() == sum(
        len(s.plan) for s in sessions
    )
    assert ScreenRecord.objects.filter(user=patient, trigger="weekly").count() >= 4
    history = load_history(patient, NOW.date(), profile)
    assert len(history.sessions) == 30
    assert all(s.p_next == 2 and s.exercises for s in history.sessions)
