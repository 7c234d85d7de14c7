"""Prescribed programs: versions, ranges, locks and out-of-range doses, and the engine using
the prescription wherever a plan is made (docs/clinical-rules.md section 11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from supple.accounts.models import User
from supple.clinic import scoping
from supple.clinic.services import leave_clinic
from supple.domain.catalog import Catalog
from supple.library.services import current_catalog
from supple.programs import services
from supple.programs.models import (
    Decision,
    DoseLevel,
    PrescriptionVersion,
    Profile,
    VersionIsImmutable,
)
from supple.programs.services import calendar as reminders
from supple.programs.services import prescriptions
from supple.programs.services.planning import build_plan
from supple.programs.services.prescriptions import Draft, Item, PrescriptionError
from tests.factories import CLEAR, NOW, do_session, enrol


@pytest.fixture
def catalog(library: None) -> Catalog:
    return current_catalog()


def _item(catalog: Catalog, exercise: str, **changes: object) -> Item:
    return replace(prescriptions.item_for(catalog.exercise(exercise)), **changes)  # type: ignore[arg-type]


def _draft(catalog: Catalog, *items: Item, flare: tuple[str, ...] = ()) -> Draft:
    return Draft(phase=1, flare_routine=flare, items=items)


def _prescribe(
    clinician: User, patient: User, catalog: Catalog, *items: Item, note: str = "Start gently."
) -> PrescriptionVersion:
    return prescriptions.assign(clinician, patient, catalog, _draft(catalog, *items), note, NOW)


def test_each_change_is_a_new_version_and_versions_never_change(
    catalog: Catalog, clinician: User, patient: User
) -> None:
    first = _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    second = _prescribe(
        clinician,
        patient,
        catalog,
        _item(catalog, "pelvic-tilt", sets=2),
        _item(catalog, "cat-camel"),
        note="Two sets now.",
    )
    assert (first.number, second.number) == (1, 2)
    assert second.author_name == "cleo"
    assert second.note == "Two sets now."
    first.note = "rewritten"
    with pytest.raises(VersionIsImmutable):
        first.save()
    assert PrescriptionVersion.objects.get(pk=first.pk).note == "Start gently."
    changes = prescriptions.diff(catalog, first, second)
    assert "Added: Cat-camel (hold 3 s, 2 times, 1 set)." in changes
    assert any(c.startswith("Pelvic tilt: now hold 5 s, 10 times, 2 sets (was") for c in changes)


def test_a_dose_outside_the_library_range_is_kept_with_a_warning_and_the_name(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    draft = _draft(
        catalog,
        _item(catalog, "knee-to-chest", hold_s=40, high={"hold_s": 40, "reps": 3, "sets": 3}),
    )
    checked = prescriptions.check_draft(catalog, draft)
    assert prescriptions.warnings_of(catalog, checked) == [
        "Knee-to-chest: hold (seconds) 40 (the library gives 5 to 20)"
    ]
    version = prescriptions.assign(clinician, patient, catalog, draft, "Longer holds.", NOW)
    [stored] = version.items
    assert stored["hold_s"] == 40
    assert stored["outside_by"] == "cleo"
    plan = build_plan(
        patient, Profile.objects.get(user=patient), _status(patient), NOW.date(), flare=False
    )
    assert [(i.exercise, i.hold_s) for i in plan.items] == [("knee-to-chest", 40)]


def test_bad_input_is_refused_and_nothing_is_saved(
    catalog: Catalog, clinician: User, patient: User
) -> None:
    outside_own_range = _item(catalog, "knee-to-chest", hold_s=30)
    with pytest.raises(PrescriptionError, match="outside the range you set"):
        _prescribe(clinician, patient, catalog, outside_own_range)
    with pytest.raises(PrescriptionError, match="Write a note"):
        _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"), note="  ")
    with pytest.raises(PrescriptionError, match="at least one exercise"):
        _prescribe(clinician, patient, catalog)
    with pytest.raises(PrescriptionError, match="must be a whole number from 1 to 10"):
        prescriptions.check_number("Bridge", "sets", "11", required=True)
    assert not PrescriptionVersion.objects.exists()


def _status(patient: User) -> services.SafetyStatus:
    from supple.programs.services.safety import safety_status

    return safety_status(patient, NOW)


def test_a_prescription_replaces_the_plan_on_today_the_player_and_the_terminal(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    _prescribe(
        clinician,
        patient,
        catalog,
        _item(catalog, "cat-camel", note="Slowly, no pain."),
        _item(catalog, "bridge"),
    )
    today = services.today_for(patient, NOW)
    assert today.plan is not None
    assert [i.exercise for i in today.plan.items] == ["cat-camel", "bridge"]
    assert "This is the program your physiotherapist prescribed." in today.plan.notes
    assert any("Slowly, no pain." in n for n in today.plan.notes)
    session = services.start_session(
        patient, "c0ffee00-0000-4000-8000-000000000001", p_pre=3, now=NOW
    )
    assert [i["exercise"] for i in session.plan] == ["cat-camel", "bridge"]


def test_a_patient_who_leaves_the_clinic_gets_the_generated_plan_again(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    leave_clinic(patient)
    patient.refresh_from_db()
    plan = services.today_for(patient, NOW).plan
    assert plan is not None
    assert [i.exercise for i in plan.items] != ["pelvic-tilt"]


def test_a_flare_day_gives_the_clinicians_flare_routine_or_the_generated_one(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    draft = _draft(catalog, _item(catalog, "bridge"), flare=("breathing-body-scan",))
    prescriptions.assign(clinician, patient, catalog, draft, "With a flare routine.", NOW)
    plan = services.today_for(patient, NOW, flare=True).plan
    assert plan is not None
    assert plan.flare
    assert [i.exercise for i in plan.items] == ["breathing-body-scan"]
    _prescribe(clinician, patient, catalog, _item(catalog, "bridge"), note="No flare routine.")
    plan = services.today_for(patient, NOW, flare=True).plan
    assert plan is not None
    assert plan.flare
    assert plan.items
    assert "This is the program your physiotherapist prescribed." not in plan.notes


def _two_green_days(patient: User) -> list[Decision]:
    do_session(patient, NOW)
    services.log_morning(patient, 3, NOW + timedelta(days=1))
    do_session(patient, NOW + timedelta(days=1))
    services.log_morning(patient, 3, NOW + timedelta(days=2))
    return services.apply_due_decisions(patient, NOW + timedelta(days=2))


def test_progression_stays_within_the_clinicians_range(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    top = {"hold_s": 5, "reps": 3, "sets": 1}
    _prescribe(clinician, patient, catalog, _item(catalog, "knee-to-chest", reps=3, high=top))
    made = _two_green_days(patient)
    [decision] = [d for d in made if d.exercise == "knee-to-chest"]
    assert decision.decision == "progress"
    assert decision.after == decision.before
    assert "kept within the range your physiotherapist set" in decision.reason
    level = DoseLevel.objects.get(user=patient, ladder="knee-to-chest")
    assert (level.exercise, level.hold_s, level.reps, level.sets) == ("knee-to-chest", 5, 3, 1)


def test_progression_moves_within_a_wider_range_and_not_when_locked(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    _prescribe(
        clinician,
        patient,
        catalog,
        _item(catalog, "knee-to-chest"),
        _item(catalog, "cat-camel", locked=True),
    )
    made = {d.exercise: d for d in _two_green_days(patient)}
    assert made["knee-to-chest"].after != made["knee-to-chest"].before
    assert made["cat-camel"].after == made["cat-camel"].before
    assert "kept at the level your physiotherapist set" in made["cat-camel"].reason
    plan = services.today_for(patient, NOW + timedelta(days=2)).plan
    assert plan is not None
    doses = {i.exercise: i for i in plan.items}
    assert doses["knee-to-chest"].dose.as_dict() | {"per_side": False} == made[
        "knee-to-chest"
    ].after | {"per_side": False}
    assert doses["cat-camel"].hold_s == 3


def test_the_calendar_lasts_as_long_as_the_prescribed_program(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    reminders.save_reminders(
        patient,
        replace(reminders.reminder_settings(enrolled), routine_days=(0,), routine_time=NOW.time()),
    )
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    [event] = Calendar.from_ical(reminders.calendar_for(patient)).walk("VEVENT")
    plan = services.today_for(patient, NOW).plan
    assert plan is not None
    expected = -(-plan.seconds // 60)
    assert expected != enrolled.minutes
    assert event.decoded("DURATION") == timedelta(minutes=expected)


def test_the_patient_is_told_once_per_version(
    catalog: Catalog, clinician: User, patient: User
) -> None:
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    notice = prescriptions.notice_for(prescriptions.active_version(patient), catalog, NOW.date())
    assert notice is not None
    assert notice.version.note == "Start gently."
    assert notice.changes == ["Added: Pelvic tilt (hold 5 s, 10 times, 1 set)."]
    # Again the same day: still shown; the next day: not any more.
    assert (
        prescriptions.notice_for(prescriptions.active_version(patient), catalog, NOW.date())
        is not None
    )
    assert (
        prescriptions.notice_for(
            prescriptions.active_version(patient), catalog, NOW.date() + timedelta(days=1)
        )
        is None
    )
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt", sets=2), note="More.")
    assert (
        prescriptions.notice_for(
            prescriptions.active_version(patient), catalog, NOW.date() + timedelta(days=1)
        )
        is not None
    )
    prescriptions.mark_seen(patient)
    assert (
        prescriptions.notice_for(
            prescriptions.active_version(patient), catalog, NOW.date() + timedelta(days=1)
        )
        is None
    )


def test_a_clinician_of_another_clinic_cannot_reach_the_prescription(
    catalog: Catalog, clinician: User, other_clinician: User, patient: User
) -> None:
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    with pytest.raises(Http404):
        scoping.prescription_of(other_clinician, patient.pk)
    assert not scoping.templates_of(other_clinician).exists()
    prescriptions.save_template(
        clinician, catalog, _draft(catalog, _item(catalog, "bridge")), "Bridges", NOW
    )
    assert scoping.templates_of(clinician).count() == 1
    assert not scoping.templates_of(other_clinician).exists()
    assert not scoping.templates_of(patient).exists()


def test_a_red_session_still_steps_a_locked_exercise_down(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    locked = _item(catalog, "knee-to-chest", hold_s=10, reps=3, locked=True)
    _prescribe(clinician, patient, catalog, locked)
    do_session(patient, NOW, p_during=6)
    services.record_screen(patient, dict(CLEAR), now=NOW + timedelta(hours=2))
    made = services.apply_due_decisions(patient, NOW + timedelta(days=1))
    [decision] = made
    assert decision.decision == "regress"
    assert decision.after != decision.before
    plan = services.today_for(patient, NOW + timedelta(days=1)).plan
    assert plan is not None
    [item] = plan.items
    assert item.dose.as_dict() | {"per_side": False} == decision.after | {"per_side": False}


def test_a_red_flag_stops_a_prescribed_program(
    enrolled: Profile, catalog: Catalog, clinician: User, patient: User
) -> None:
    _prescribe(clinician, patient, catalog, _item(catalog, "pelvic-tilt"))
    services.record_screen(patient, dict(CLEAR) | {"U1": True}, now=NOW)
    today = services.today_for(patient, NOW + timedelta(minutes=1))
    assert not today.status.may_exercise
    assert today.plan is None or not today.plan.items
    with pytest.raises(services.ProgramError, match="safety questions come first"):
        services.start_session(patient, "c0ffee00-0000-4000-8000-000000000002", p_pre=3, now=NOW)


def test_the_session_player_gets_the_prescribed_program_and_flare_routine(
    client: Client, catalog: Catalog, clinician: User, patient: User
) -> None:
    enrol(patient, timezone.now())  # the page plans for the real today
    draft = _draft(catalog, _item(catalog, "cat-camel"), flare=("breathing-body-scan",))
    prescriptions.assign(clinician, patient, catalog, draft, "Cat-camel daily.", NOW)
    client.force_login(patient)
    page = client.get(reverse("player"))
    assert page.status_code == 200
    data = page.context["data"]
    exercises = {kind: [s["exercise"] for s in script] for kind, script in data["plans"].items()}
    assert exercises == {"normal": ["cat-camel"], "flare": ["breathing-body-scan"]}
