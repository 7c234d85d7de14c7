"""Downloads of all of a person's data: everything of theirs, nothing of anyone else's, and
the files read back to what the database holds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.clinic.models import AuditEntry, Care, FlagSeen
from supple.clinic.services import record_access
from supple.interop.export import TABLES, read_csv_zip, read_json
from supple.programs.models import (
    Decision,
    DoseLevel,
    ExerciseLog,
    Profile,
    ProgramDecision,
    PsfsActivity,
    PsfsRating,
    ScreenRecord,
    Session,
    SittingBreak,
)
from supple.programs.services import export
from supple.programs.services.account import delete_account
from tests.conftest import PASSWORD
from tests.factories import INTAKE, NOW, build_history, enrol


@pytest.fixture
def history(enrolled: Profile, patient: User) -> None:
    build_history(patient, 4)


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_the_json_export_reads_back_to_what_the_database_holds(
    history: None, patient: User
) -> None:
    doc = read_json(export.export_json(patient, NOW + timedelta(days=5)))
    tables = doc["tables"]
    assert tables["account"] == [
        {
            "username": "pat",
            "email": "",
            "first_name": "",
            "last_name": "",
            "role": "patient",
            "clinic": "Riverside Physio",
            "date_joined": patient.date_joined.isoformat(),
        }
    ]
    sessions = _by_id(tables["sessions"])
    assert len(sessions) == Session.objects.filter(user=patient).count() == 4
    for session in Session.objects.filter(user=patient):
        row = sessions[str(session.client_id)]
        assert (row["date"], row["p_pre"], row["p_post"], row["p_next"]) == (
            session.date.isoformat(),
            session.p_pre,
            session.p_post,
            session.p_next,
        )
        assert row["plan"] == session.plan
    logs = tables["exercise_logs"]
    assert len(logs) == ExerciseLog.objects.filter(session__user=patient).count() > 0
    for entry in ExerciseLog.objects.filter(session__user=patient).select_related("session"):
        [row] = [r for r in logs if r["id"] == str(entry.client_id)]
        assert row["session"] == str(entry.session.client_id)
        assert (row["exercise"], row["p_during"], row["completed"]) == (
            entry.exercise,
            entry.p_during,
            entry.completed,
        )
    decisions = Decision.objects.filter(user=patient)
    assert decisions.exists()
    assert [
        (r["exercise"], r["decision"], r["reason"], r["after"]) for r in tables["decisions"]
    ] == [(d.exercise, d.decision, d.reason, d.after) for d in decisions.order_by("made_at", "id")]
    assert len(tables["program_decisions"]) == ProgramDecision.objects.filter(user=patient).count()
    assert {r["ladder"] for r in tables["levels"]} == set(
        DoseLevel.objects.filter(user=patient).values_list("ladder", flat=True)
    )
    assert [r["outcome"] for r in tables["screens"]] == ["clear"]
    assert tables["screens"][0]["answers"] == ScreenRecord.objects.get(user=patient).answers
    assert [r["name"] for r in tables["psfs_activities"]] == ["Putting on socks"]
    activity_id = tables["psfs_activities"][0]["id"]
    assert [(r["activity"], r["score"]) for r in tables["psfs_ratings"]] == [
        (activity_id, 3),
        (activity_id, 6),
    ]
    assert len(tables["sitting_breaks"]) == 4
    [profile] = tables["profile"]
    assert profile["intake_pain"] == INTAKE.pain_now
    assert profile["equipment"] == sorted(INTAKE.equipment)
    assert "calendar_token" not in profile
    assert len(tables["consent"]) == 1


def test_the_csv_export_holds_the_same_data_as_the_json(history: None, patient: User) -> None:
    when = NOW + timedelta(days=5)
    from_csv = read_csv_zip(export.export_csv_zip(patient, when))
    assert from_csv == read_json(export.export_json(patient, when))
    assert set(from_csv["tables"]) == set(TABLES)


def test_an_export_holds_nothing_of_another_person(
    history: None, patient: User, outsider: User
) -> None:
    enrol(outsider)
    build_history(outsider, 2)
    mine = read_json(export.export_json(patient, NOW + timedelta(days=5)))["tables"]
    theirs = read_json(export.export_json(outsider, NOW + timedelta(days=5)))["tables"]
    assert len(mine["sessions"]) == 4
    assert len(theirs["sessions"]) == 2
    assert not {r["id"] for r in mine["sessions"]} & {r["id"] for r in theirs["sessions"]}
    assert not {r["id"] for r in mine["exercise_logs"]} & {r["id"] for r in theirs["exercise_logs"]}
    assert theirs["account"][0]["username"] == "oscar"


def test_a_person_without_an_intake_gets_a_valid_near_empty_export(patient: User) -> None:
    tables = read_json(export.export_json(patient, NOW))["tables"]
    assert tables["account"][0]["username"] == "pat"
    assert all(tables[name] == [] for name in TABLES if name != "account")


def test_the_export_takes_the_same_number_of_queries_whatever_the_history(
    enrolled: Profile,
    patient: User,
    outsider: User,
    django_assert_num_queries: Any,
) -> None:
    build_history(patient, 1)
    enrol(outsider)
    build_history(outsider, 6)
    # One query per table, and one for the clinic's name.
    for person in (patient, outsider):
        fresh = User.objects.get(pk=person.pk)
        with django_assert_num_queries(14):
            export.export_document(fresh, NOW)


def test_the_file_name_is_plain(patient: User) -> None:
    patient.username = "pat o'neill/ü"
    assert export.export_filename(patient, NOW, "zip") == "supple-pat-o-neill---2026-11-02.zip"


# --------------------------------------------------------------------------------------------
# The download pages


def test_downloads_need_a_signed_in_person(client: Client, enrolled: Profile) -> None:
    for name in ("export-json", "export-csv", "data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_downloads_give_the_signed_in_person_their_own_data(
    client: Client, history: None, patient: User, outsider: User
) -> None:
    enrol(outsider)
    client.login(username="oscar", password=PASSWORD)
    response = client.get(reverse("export-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert 'filename="supple-oscar-' in response["Content-Disposition"]
    doc = read_json(response.content)
    assert doc["tables"]["account"][0]["username"] == "oscar"
    assert doc["tables"]["sessions"] == []
    client.login(username="pat", password=PASSWORD)
    response = client.get(reverse("export-csv"))
    assert response["Content-Type"] == "application/zip"
    assert len(read_csv_zip(response.content)["tables"]["sessions"]) == 4


# --------------------------------------------------------------------------------------------
# Deleting the account


def test_deleting_needs_the_password_and_keeps_everything_otherwise(
    client: Client, history: None, patient: User
) -> None:
    client.login(username="pat", password=PASSWORD)
    before = read_json(export.export_json(patient, NOW))["tables"]
    for wrong in ("", "pat", "Pat", "oscar", "wrong password"):
        response = client.post(reverse("delete-account"), {"confirmation": wrong})
        assert response.status_code == 400
    assert "type your password" in response.content.decode()
    assert read_json(export.export_json(patient, NOW))["tables"] == before
    assert client.get(reverse("progress")).status_code == 200  # still signed in


def test_deleting_removes_every_row_of_the_person_and_signs_out(
    client: Client, history: None, patient: User, outsider: User
) -> None:
    confirmation = PASSWORD
    enrol(outsider)
    build_history(outsider, 2)
    theirs = read_json(export.export_json(outsider, NOW))["tables"]
    client.login(username="pat", password=PASSWORD)
    response = client.post(reverse("delete-account"), {"confirmation": confirmation})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(username="pat").exists()
    for model in (Session, ExerciseLog, Decision, DoseLevel, ProgramDecision, PsfsActivity):
        assert not model.objects.exclude(
            **{"session__user" if model is ExerciseLog else "user": outsider}
        ).exists(), model
    assert not PsfsRating.objects.exclude(activity__user=outsider).exists()
    assert not ScreenRecord.objects.exclude(user=outsider).exists()
    assert not SittingBreak.objects.exclude(user=outsider).exists()
    assert not Profile.objects.exclude(user=outsider).exists()
    # Everyone else is untouched.
    assert read_json(export.export_json(outsider, NOW))["tables"] == theirs
    # Signed out: the pages ask to sign in again.
    assert client.get(reverse("progress")).status_code == 302


def test_delete_by_get_only_shows_the_form(client: Client, patient: User) -> None:
    client.login(username="pat", password=PASSWORD)
    response = client.get(reverse("delete-account"))
    assert response.status_code == 302
    assert User.objects.filter(username="pat").exists()


def test_the_export_has_the_clinic_care_and_every_look_at_the_data(
    history: None, patient: User, clinician: User
) -> None:
    Care.objects.create(patient=patient, clinician=clinician, since=NOW)
    record_access(clinician, [patient.pk], "progress", path="/clinic/", address="10.0.0.1", now=NOW)
    tables = read_json(export.export_json(patient, NOW))["tables"]
    assert [r["clinician"] for r in tables["care"]] == ["cleo"]
    (access,) = tables["accesses"]
    assert (access["who"], access["what"], access["address"]) == ("cleo", "progress", "10.0.0.1")


def test_deleting_removes_the_clinic_care_and_keeps_the_audit_rows(
    client: Client, history: None, patient: User, clinician: User
) -> None:
    Care.objects.create(patient=patient, clinician=clinician, since=NOW)
    FlagSeen.objects.create(
        patient=patient, kind="screen", flag_on=NOW.date(), seen_by=clinician, seen_at=NOW
    )
    record_access(clinician, [patient.pk], "progress", path="/clinic/", address="", now=NOW)
    pat_id = patient.pk
    client.login(username="pat", password=PASSWORD)
    page = client.get(reverse("data")).content.decode()
    assert "One thing is kept: the record of when a clinic's staff looked at your data" in page
    counts = delete_account(patient, PASSWORD)
    assert counts["clinic care"] == 1
    assert counts["flags marked as seen"] == 1
    assert not Care.objects.exists()
    assert not FlagSeen.objects.exists()
    assert AuditEntry.objects.filter(patient_id=pat_id).count() == 1
