"""The terminal's numbers come from the same services as the web's: done, partly done and
empty sessions told apart, adherence from the program's start, "steps back" only when the
dose went down, `why` quiet about a screen already answered, `morning` strict with its
argument."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from supple.cli import main
from supple.programs import services
from supple.programs.models import Profile, ProgramDecision, Session
from tests.factories import CLEAR, NOW, abandoned, do_session

pytestmark = pytest.mark.django_db


def test_sessions_done_today_leave_out_stopped_and_empty_sessions(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    do_session(enrolled.user, NOW)
    for hour in (10, 11, 12, 13):
        abandoned(enrolled.user, NOW.replace(hour=hour))
    at.append(NOW.replace(hour=14))
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "Today: 1 session done." in out
    assert "Sessions done today: 5" not in out


def test_why_does_not_ask_for_a_screen_already_answered(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pat = enrolled.user
    ProgramDecision.objects.create(
        user=pat,
        made_on=NOW.date(),
        made_at=NOW,
        action="pause",
        trend="regress",
        reason="paused: the pain log asks for a check",
        phase_before=1,
        phase_after=1,
    )
    at.append(NOW + timedelta(hours=1))
    assert main(["why"]) == 0
    assert "Please answer the safety questions" in capsys.readouterr().out
    services.record_screen(pat, CLEAR, trigger="pause", now=NOW + timedelta(hours=2))
    at.append(NOW + timedelta(hours=3))
    assert main(["why"]) == 0
    out = capsys.readouterr().out
    assert "Please answer the safety questions" not in out
    assert "safety questions are due" not in out


@pytest.mark.parametrize("given", ["11", "abc"])
def test_morning_with_a_bad_pain_fails_even_when_nothing_is_due(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
    given: str,
) -> None:
    assert main(["morning", given]) == 1
    err = capsys.readouterr().err
    assert "pain: press a digit 0-9, or t for 10" in err


def test_morning_with_a_pain_when_nothing_is_due_says_it_was_not_saved(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["morning", "3"]) == 1
    err = capsys.readouterr().err
    assert "no morning check is due" in err
    assert "3/10 was not saved" in err
    assert not Session.objects.filter(p_next__isnull=False).exists()


def test_progress_counts_planned_days_from_the_first_day(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The program began on Sunday 1 November (the first screen); Monday is its second day.
    do_session(enrolled.user, NOW)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Last 7 days: 1 of 2 planned days (50%)" in out
    assert "of 7 planned days" not in out


def test_log_does_not_count_an_exercise_cut_short_as_done(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.programs.conftest import new_id

    pat = enrolled.user
    session_id = new_id()
    session = services.start_session(pat, session_id, p_pre=3, now=NOW)
    services.log_exercise(
        pat,
        session_id,
        new_id(),
        position=0,
        exercise=session.plan[0]["exercise"],
        p_during=3,
        completed=False,  # cut short
        now=NOW + timedelta(minutes=1),
    )
    services.finish_session(pat, session_id, p_post=3, stopped=True, now=NOW + timedelta(minutes=2))
    assert main(["log"]) == 0
    out = capsys.readouterr().out
    assert f"0 of {len(session.plan)} (+1 partly)" in out
