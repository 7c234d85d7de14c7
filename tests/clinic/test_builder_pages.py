"""The program builder's pages through the test client: adding, starting points, assigning,
out-of-range warnings, bad input, templates, versions, and the patient's Today."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.clinic.models import AuditEntry
from supple.programs.models import PrescriptionVersion, Profile, ProgramTemplate


def _program(patient: User) -> str:
    return reverse("clinic:program", args=[patient.pk])


def _row(exercise: str, **values: str) -> dict[str, str]:
    row = {
        "exercise": exercise,
        "hold_s": "5",
        "reps": "10",
        "sets": "1",
        "rest_s": "30",
        "per_day": "1",
        "days_per_week": "7",
        "low_hold_s": "5",
        "high_hold_s": "5",
        "low_reps": "10",
        "high_reps": "10",
        "low_sets": "1",
        "high_sets": "3",
        "note": "",
    }
    return row | values


def _form(*rows: dict[str, str], **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"count": str(len(rows)), "phase": "1"}
    for n, row in enumerate(rows):
        data |= {f"item-{n}-{k}": v for k, v in row.items()}
    return data | fields


@pytest.fixture
def cleo(client: Client, clinician: User, library: None) -> Client:
    client.force_login(clinician)
    return client


def test_add_an_exercise_then_assign_with_a_note(
    cleo: Client, patient: User, clinician: User
) -> None:
    page = cleo.post(_program(patient), _form(add="pelvic-tilt"))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="item-0-exercise" value="pelvic-tilt"' in body
    assert "/exercises/pelvic-tilt/thumbnail.svg" in body
    done = cleo.post(_program(patient), _form(_row("pelvic-tilt"), note="Start here.", assign="1"))
    assert done.status_code == 302
    version = PrescriptionVersion.objects.get()
    assert (version.number, version.note, version.author_name) == (1, "Start here.", "cleo")
    versions = cleo.get(done["Location"])
    assert "Version 1 assigned to pat" in versions.content.decode()
    assert "Added: Pelvic tilt" in versions.content.decode()
    whats = set(AuditEntry.objects.filter(actor_id=clinician.pk).values_list("what", flat=True))
    assert whats == {"program", "program versions"}


def test_a_dose_outside_the_library_range_is_kept_with_a_warning(
    cleo: Client, patient: User
) -> None:
    row = _row("pelvic-tilt", hold_s="30", high_hold_s="30")
    done = cleo.post(_program(patient), _form(row, note="Longer holds.", assign="1"), follow=True)
    body = done.content.decode()
    assert "Outside the library’s range, kept as you set it: Pelvic tilt: hold (seconds) 30" in body
    assert "set by cleo" in body
    assert PrescriptionVersion.objects.get().items[0]["hold_s"] == 30


def test_bad_input_comes_back_with_what_was_typed_and_saves_nothing(
    cleo: Client, patient: User
) -> None:
    page = cleo.post(
        _program(patient), _form(_row("pelvic-tilt", sets="lots"), note="x", assign="1")
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "Pelvic tilt: sets must be a whole number from 1 to 10." in body
    assert 'value="lots"' in body
    assert not PrescriptionVersion.objects.exists()
    no_note = cleo.post(_program(patient), _form(_row("pelvic-tilt"), note=" ", assign="1"))
    assert no_note.status_code == 400
    assert "Write a note" in no_note.content.decode()


def test_start_from_a_routine_and_from_the_generated_plan(
    cleo: Client, patient: User, enrolled: Profile
) -> None:
    routine = cleo.post(_program(patient), _form(start="1", start_from="routine:lumbago"))
    assert (
        'name="item-0-exercise" value="lower-back-rotational-stretch"' in routine.content.decode()
    )
    cleo.post(_program(patient), _form(_row("pelvic-tilt"), note="Only this.", assign="1"))
    generated = cleo.get(_program(patient) + "?start=generated")
    assert generated.status_code == 200
    body = generated.content.decode()
    # Supple's own plan, not the prescription now active.
    assert 'name="item-1-exercise"' in body


def test_a_template_is_saved_and_a_program_starts_from_it(
    cleo: Client, patient: User, other_clinician: User
) -> None:
    saved = cleo.post(
        reverse("clinic:template-new"),
        _form(_row("pelvic-tilt"), template_name="Gentle start", save_template="1"),
    )
    template = ProgramTemplate.objects.get()
    assert saved["Location"] == reverse("clinic:template", args=[template.pk])
    assert "Gentle start" in cleo.get(reverse("clinic:templates")).content.decode()
    page = cleo.get(_program(patient) + f"?start=template:{template.pk}")
    assert 'name="item-0-exercise" value="pelvic-tilt"' in page.content.decode()
    other = Client()
    other.force_login(other_clinician)
    assert other.get(reverse("clinic:template", args=[template.pk])).status_code == 404
    theirs = other.get(
        _program(patient).replace(str(patient.pk), "0") + f"?start=template:{template.pk}"
    )
    assert theirs.status_code == 404


def test_a_clinician_of_another_clinic_cannot_prescribe(
    client: Client, patient: User, other_clinician: User, library: None
) -> None:
    client.force_login(other_clinician)
    response = client.post(_program(patient), _form(_row("pelvic-tilt"), note="x", assign="1"))
    assert response.status_code == 404
    assert not PrescriptionVersion.objects.exists()
    assert not AuditEntry.objects.filter(patient_id=patient.pk).exists()


def test_the_patient_sees_the_change_on_today_until_they_say_got_it(
    cleo: Client, patient: User, enrolled: Profile
) -> None:
    cleo.post(_program(patient), _form(_row("pelvic-tilt"), note="Start here.", assign="1"))
    pat = Client()
    pat.force_login(patient)
    today = pat.get(reverse("today")).content.decode()
    assert "Your physiotherapist changed your program: Start here." in today
    assert "Added: Pelvic tilt" in today
    assert pat.post(reverse("clinic:program-seen"))["Location"] == reverse("today")
    assert "changed your program" not in pat.get(reverse("today")).content.decode()
