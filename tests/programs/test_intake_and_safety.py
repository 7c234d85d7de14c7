from __future__ import annotations

from datetime import timedelta

import pytest

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import Consent, Profile, ScreenRecord
from tests.factories import CLEAR, INTAKE, NOW, do_session


def test_the_intake_waits_for_the_notice(library: None, patient: User) -> None:
    with pytest.raises(services.ProgramError, match="accept the notice"):
        services.save_intake(patient, INTAKE, NOW)
    assert not Profile.objects.exists()


def test_the_notice_is_accepted_once_with_its_time(library: None, patient: User) -> None:
    services.accept_disclaimer(patient, NOW)
    services.accept_disclaimer(patient, NOW + timedelta(days=3))
    assert Consent.objects.get(user=patient).accepted_at == NOW


def test_a_second_intake_updates_but_keeps_the_first_pain(enrolled: Profile, patient: User) -> None:
    again = services.save_intake(
        patient,
        services.IntakeData(
            pain_now=2, weeks_since_onset=4, age=45, can_get_on_floor=False, minutes=25
        ),
        NOW,
    )
    assert again.pk == enrolled.pk
    assert again.minutes == 25
    assert again.intake_pain == 4


def test_an_unknown_exercise_to_leave_out_is_named(library: None, patient: User) -> None:
    services.accept_disclaimer(patient, NOW)
    bad = services.IntakeData(
        pain_now=4,
        weeks_since_onset=3,
        age=45,
        can_get_on_floor=True,
        minutes=15,
        exclude=("moonwalk",),
    )
    with pytest.raises(services.ProgramError, match="exclude: unknown exercise id 'moonwalk'"):
        services.save_intake(patient, bad, NOW)


def test_before_any_screen_nothing_may_start(library: None, patient: User) -> None:
    status = services.safety_status(patient, NOW)
    assert status.due
    assert not status.may_exercise


def test_a_clear_screen_lets_the_program_run(enrolled: Profile, patient: User) -> None:
    status = services.safety_status(patient, NOW)
    assert status.may_exercise
    assert status.progression_allowed
    assert status.max_phase == 3


def test_an_emergency_locks_for_24_hours_then_asks_again(enrolled: Profile, patient: User) -> None:
    services.record_screen(patient, CLEAR | {"E2": True}, now=NOW)
    status = services.safety_status(patient, NOW + timedelta(hours=23))
    assert status.locked_until == NOW + timedelta(hours=24)
    assert not status.may_exercise
    with pytest.raises(services.ProgramError, match="locked until"):
        services.record_screen(patient, CLEAR, now=NOW + timedelta(hours=23))
    later = services.safety_status(patient, NOW + timedelta(hours=25))
    assert later.due
    assert not later.may_exercise
    services.record_screen(patient, CLEAR, now=NOW + timedelta(hours=25))
    assert services.safety_status(patient, NOW + timedelta(hours=25)).may_exercise


def test_urgent_pauses_until_a_clinician_has_assessed(enrolled: Profile, patient: User) -> None:
    services.record_screen(patient, CLEAR | {"U1": True}, now=NOW)
    status = services.safety_status(patient, NOW)
    assert status.needs_confirmation
    assert not status.may_exercise
    record = services.confirm_clinician(patient, NOW + timedelta(hours=30))
    assert record.clinician_confirmed_at == NOW + timedelta(hours=30)
    confirmed = services.safety_status(patient, NOW + timedelta(hours=31))
    assert confirmed.may_exercise
    assert not confirmed.progression_allowed
    assert confirmed.max_phase == 1


def test_nothing_to_confirm_after_a_clear_screen(enrolled: Profile, patient: User) -> None:
    with pytest.raises(services.ProgramError, match="nothing to confirm"):
        services.confirm_clinician(patient, NOW)


def test_gp_keeps_phase_one_without_progression(enrolled: Profile, patient: User) -> None:
    services.record_screen(patient, CLEAR | {"G1": True}, now=NOW)
    status = services.safety_status(patient, NOW)
    assert status.may_exercise
    assert not status.progression_allowed
    assert status.max_phase == 1


def test_an_e_answer_cannot_be_marked_checked(enrolled: Profile, patient: User) -> None:
    with pytest.raises(services.ProgramError, match="E1 cannot be marked"):
        services.record_screen(patient, CLEAR | {"E1": True}, checked=["E1"], now=NOW)


def test_a_checked_u_answer_does_not_alarm_again(enrolled: Profile, patient: User) -> None:
    record = services.record_screen(patient, CLEAR | {"U3": True}, checked=["U3"], now=NOW)
    assert record.outcome == "clear"
    assert record.checked == ["U3"]


def test_an_unanswered_emergency_question_is_incomplete(enrolled: Profile, patient: User) -> None:
    answers = dict(CLEAR)
    del answers["E5"]
    assert services.record_screen(patient, answers, now=NOW).outcome == "incomplete"
    assert services.safety_status(patient, NOW).due


def test_the_screen_is_asked_again_after_seven_days(enrolled: Profile, patient: User) -> None:
    assert not services.safety_status(patient, NOW + timedelta(days=5)).due
    status = services.safety_status(patient, NOW + timedelta(days=6, hours=1))
    assert status.due
    assert "7 days" in (status.due_reason or "")


def test_a_pain_of_8_asks_the_screen_again_at_once(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW, p_pre=3, p_during=8)
    status = services.safety_status(patient, NOW + timedelta(hours=1))
    assert status.due
    assert not status.may_exercise


def test_spreading_symptoms_ask_the_screen_again(enrolled: Profile, patient: User) -> None:
    do_session(patient, NOW, spread=True)
    assert services.safety_status(patient, NOW + timedelta(hours=1)).due


def test_the_safety_history_keeps_every_screen(enrolled: Profile, patient: User) -> None:
    services.record_screen(patient, CLEAR | {"U4": True}, now=NOW)
    services.record_screen(patient, CLEAR, now=NOW + timedelta(days=1))
    outcomes = list(ScreenRecord.objects.filter(user=patient).values_list("outcome", flat=True))
    assert outcomes == ["clear", "urgent", "clear"]
