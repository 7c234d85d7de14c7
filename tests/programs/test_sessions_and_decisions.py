from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import (
    Decision,
    DoseLevel,
    ExerciseLog,
    Profile,
    ProgramDecision,
    Session,
)
from tests.factories import NOW, do_session, new_id


def test_today_gives_a_plan_that_fits_the_time(enrolled: Profile, patient: User) -> None:
    today = services.today_for(patient, NOW)
    assert today.plan is not None
    assert today.plan.items
    assert today.plan.seconds <= 15 * 60 * 1.1
    assert not today.flare


def test_the_flare_switch_gives_the_flare_routine(enrolled: Profile, patient: User) -> None:
    today = services.today_for(patient, NOW, flare=True)
    assert today.flare
    assert today.plan is not None
    assert today.plan.flare


def test_a_retried_start_finds_the_same_session(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    first = services.start_session(patient, session_id, p_pre=3, now=NOW)
    again = services.start_session(patient, session_id, p_pre=3, now=NOW + timedelta(seconds=5))
    assert first.pk == again.pk
    assert Session.objects.count() == 1


def test_a_retried_log_is_recorded_once(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=NOW)
    entry_id = new_id()
    for _ in range(3):
        services.log_exercise(
            patient,
            session_id,
            entry_id,
            position=0,
            exercise=session.plan[0]["exercise"],
            p_during=2,
            completed=True,
            now=NOW,
        )
    assert ExerciseLog.objects.count() == 1


def test_a_pain_of_7_at_the_start_makes_a_flare_session(enrolled: Profile, patient: User) -> None:
    session = services.start_session(patient, new_id(), p_pre=7, now=NOW)
    assert session.flare


@pytest.mark.parametrize("pain", [-1, 11, True, "5", None])
def test_pain_must_be_0_to_10(enrolled: Profile, patient: User, pain: Any) -> None:
    with pytest.raises(services.ProgramError, match="from 0 to 10"):
        services.start_session(patient, new_id(), p_pre=pain, now=NOW)
    assert not Session.objects.exists()


def test_a_position_outside_the_plan_is_refused(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    services.start_session(patient, session_id, p_pre=3, now=NOW)
    with pytest.raises(services.ProgramError, match="position 99"):
        services.log_exercise(
            patient, session_id, new_id(), position=99, exercise="bridge", p_during=1, now=NOW
        )


def test_a_swap_must_be_of_the_same_kind(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=NOW)
    kinds = {item["exercise"] for item in session.plan}
    stranger = "push-up" if "push-up" not in kinds else "superman"
    with pytest.raises(services.ProgramError, match="cannot stand in"):
        services.log_exercise(
            patient, session_id, new_id(), position=0, exercise=stranger, p_during=1, now=NOW
        )


def test_another_persons_session_is_not_found(
    enrolled: Profile, patient: User, outsider: User
) -> None:
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=NOW)
    with pytest.raises(services.ProgramError, match="no such session"):
        services.log_exercise(
            outsider,
            session_id,
            new_id(),
            position=0,
            exercise=session.plan[0]["exercise"],
            p_during=1,
            now=NOW,
        )
    with pytest.raises(services.ProgramError, match="no such session"):
        services.finish_session(outsider, session_id, p_post=1, now=NOW)
    assert Session.objects.get().status == "active"


def test_finishing_twice_keeps_the_first_answer(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    services.start_session(patient, session_id, p_pre=3, now=NOW)
    services.finish_session(patient, session_id, p_post=2, now=NOW)
    services.finish_session(patient, session_id, p_post=9, now=NOW)
    assert Session.objects.get().p_post == 2


def test_the_morning_check_is_due_the_day_after(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW)
    tomorrow = NOW + timedelta(days=1)
    assert services.morning_check_due(patient, tomorrow.date()) is not None
    services.log_morning(patient, 3, tomorrow)
    assert Session.objects.get().p_next == 3
    assert services.morning_check_due(patient, tomorrow.date()) is None
    with pytest.raises(services.ProgramError, match="no session from yesterday"):
        services.log_morning(patient, 3, tomorrow)


def test_two_green_days_step_the_dose_up_with_a_reason(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW)
    services.log_morning(patient, 3, NOW + timedelta(days=1))
    do_session(patient, NOW + timedelta(days=1))
    services.log_morning(patient, 3, NOW + timedelta(days=2))  # the morning check decides
    made = list(Decision.objects.filter(user=patient, made_on=(NOW + timedelta(days=2)).date()))
    assert made
    progressed = [d for d in made if d.decision == "progress"]
    assert progressed, [d.reason for d in made]
    level = DoseLevel.objects.get(user=patient, ladder=progressed[0].ladder)
    assert level.last_progressed == (NOW + timedelta(days=2)).date()
    assert progressed[0].before != progressed[0].after
    assert "comfortable" in progressed[0].reason
    # Once a day only.
    assert services.apply_due_decisions(patient, NOW + timedelta(days=2, hours=3)) == []


def test_a_red_session_steps_the_dose_down(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW, p_during=6)
    services.record_screen(patient, {**_clear()}, now=NOW + timedelta(hours=2))
    made = services.apply_due_decisions(patient, NOW + timedelta(days=1))
    assert {d.decision for d in made} == {"regress"}
    assert all("6/10" in d.reason for d in made)


def test_the_stepped_up_dose_is_what_the_next_plan_prescribes(
    enrolled: Profile, patient: User
) -> None:
    do_session(patient, NOW)
    do_session(patient, NOW + timedelta(days=1))
    made = services.apply_due_decisions(patient, NOW + timedelta(days=2))
    progressed = {d.after["exercise"]: d.after for d in made if d.decision == "progress"}
    plan = services.today_for(patient, NOW + timedelta(days=2)).plan
    assert plan is not None
    for item in plan.items:
        if item.exercise in progressed:
            after = progressed[item.exercise]
            assert (item.hold_s, item.reps, item.sets) == (
                after["hold_s"],
                after["reps"],
                after["sets"],
            )


def test_a_program_pause_returns_to_phase_one(enrolled: Profile, patient: User) -> None:
    Profile.objects.filter(pk=enrolled.pk).update(phase=2)
    for day in range(3):
        do_session(patient, NOW + timedelta(days=day), p_during=6)
        services.record_screen(patient, _clear(), now=NOW + timedelta(days=day, hours=1))
    services.apply_due_decisions(patient, NOW + timedelta(days=3))
    program = ProgramDecision.objects.get(made_on=(NOW + timedelta(days=3)).date())
    assert program.action == "pause"
    assert program.phase_after == 1
    assert Profile.objects.get(pk=enrolled.pk).phase == 1
    assert services.safety_status(patient, NOW + timedelta(days=3, hours=1)).due


def test_today_lists_the_reasons_for_every_change(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW)
    do_session(patient, NOW + timedelta(days=1))
    today = services.today_for(patient, NOW + timedelta(days=2, hours=1))
    assert today.changes
    assert all(change.reason for change in today.changes)
    assert Decision.objects.count() == len(today.changes)


def test_today_costs_the_same_queries_whatever_the_history(
    enrolled: Profile, patient: User, django_assert_max_num_queries: Any
) -> None:
    def count_for(days: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            services.today_for(patient, NOW + timedelta(days=days, hours=12))
        return len(captured)

    for day in range(3):
        do_session(patient, NOW + timedelta(days=day))
    services.apply_due_decisions(patient, NOW + timedelta(days=3))
    short = count_for(3)
    for day in range(4, 30):
        if day % 6 == 0:
            services.record_screen(patient, _clear(), now=NOW + timedelta(days=day))
        do_session(patient, NOW + timedelta(days=day, hours=1))
    services.apply_due_decisions(patient, NOW + timedelta(days=30))
    assert count_for(30) <= short


def _clear() -> dict[str, bool | None]:
    from tests.factories import CLEAR

    return dict(CLEAR)


def test_a_confirmed_urgent_outcome_gives_the_gentle_routine_back(
    enrolled: Profile, patient: User
) -> None:
    services.record_screen(patient, _clear() | {"U1": True}, now=NOW)
    assert services.today_for(patient, NOW).plan.blocked == "urgent"  # type: ignore[union-attr]
    services.confirm_clinician(patient, NOW + timedelta(hours=1))
    plan = services.today_for(patient, NOW + timedelta(hours=2)).plan
    assert plan is not None
    assert plan.blocked is None
    assert plan.items
    assert plan.phase == 1
    session = services.start_session(patient, new_id(), p_pre=3, now=NOW + timedelta(hours=2))
    assert session.plan


def test_a_pause_decided_as_a_session_starts_stops_it(enrolled: Profile, patient: User) -> None:
    Profile.objects.filter(pk=enrolled.pk).update(phase=2)
    for day in range(3):
        do_session(patient, NOW + timedelta(days=day), p_during=6)
    # Nobody opened Today: the decisions are made as the next session starts.
    with pytest.raises(services.ProgramError, match="safety questions come first"):
        services.start_session(patient, new_id(), p_pre=3, now=NOW + timedelta(days=3))
    assert Profile.objects.get(pk=enrolled.pk).phase == 1
    assert Session.objects.filter(date=(NOW + timedelta(days=3)).date()).count() == 0


def test_nothing_steps_up_on_a_flare_day(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW)
    do_session(patient, NOW + timedelta(days=1))
    services.start_session(patient, new_id(), p_pre=7, now=NOW + timedelta(days=2))
    today = (NOW + timedelta(days=2)).date()
    assert not Decision.objects.filter(made_on=today, decision="progress").exists()
    assert not DoseLevel.objects.filter(last_progressed=today).exists()


def test_steps_up_made_before_a_flare_session_are_taken_back(
    enrolled: Profile, patient: User
) -> None:
    do_session(patient, NOW)
    do_session(patient, NOW + timedelta(days=1))
    later = NOW + timedelta(days=2)
    made = services.apply_due_decisions(patient, later)  # Today opened first
    stepped = {d.ladder: d.before for d in made if d.decision == "progress" and d.before != d.after}
    assert stepped
    services.start_session(patient, new_id(), p_pre=8, now=later + timedelta(hours=1))
    for ladder, before in stepped.items():
        level = DoseLevel.objects.get(user=patient, ladder=ladder)
        assert (level.exercise, level.hold_s, level.reps, level.sets) == (
            before["exercise"],
            before["hold_s"],
            before["reps"],
            before["sets"],
        )
        assert level.last_progressed is None
        latest = Decision.objects.filter(ladder=ladder).order_by("-made_at", "-id").first()
        assert latest is not None
        assert latest.decision == "hold"
        assert "flare day" in latest.reason


def test_a_high_pain_after_a_session_begun_before_the_screen_asks_again(
    enrolled: Profile, patient: User
) -> None:
    session_id = new_id()
    services.start_session(patient, session_id, p_pre=3, now=NOW)
    services.record_screen(patient, _clear(), now=NOW + timedelta(minutes=5))
    services.finish_session(patient, session_id, p_post=9, now=NOW + timedelta(minutes=20))
    assert services.safety_status(patient, NOW + timedelta(minutes=25)).due


def test_nothing_can_be_logged_in_a_finished_session(enrolled: Profile, patient: User) -> None:
    session_id = new_id()
    session = services.start_session(patient, session_id, p_pre=3, now=NOW)
    services.finish_session(patient, session_id, p_post=2, now=NOW)
    with pytest.raises(services.ProgramError, match="has ended"):
        services.log_exercise(
            patient,
            session_id,
            new_id(),
            position=0,
            exercise=session.plan[0]["exercise"],
            p_during=2,
            completed=True,
            now=NOW,
        )
    assert not ExerciseLog.objects.exists()
