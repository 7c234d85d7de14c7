"""The audit trail: written for every look at a patient's data by someone else, never
changed or removed (the model, its queryset and the database's triggers all refuse)."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.clinic import services, triggers
from supple.clinic.models import AuditEntry, AuditIsAppendOnly
from supple.programs.services.account import delete_account
from tests.conftest import PASSWORD
from tests.factories import NOW


def _entry(clinician: User, patient: User) -> AuditEntry:
    services.record_access(clinician, [patient.pk], "progress", path="/x/", address="::1", now=NOW)
    return AuditEntry.objects.get()


def test_the_app_refuses_to_change_or_delete_an_entry(clinician: User, patient: User) -> None:
    entry = _entry(clinician, patient)
    entry.what = "nothing"
    with pytest.raises(AuditIsAppendOnly):
        entry.save()
    with pytest.raises(AuditIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(what="nothing")
    with pytest.raises(AuditIsAppendOnly):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    ["UPDATE clinic_auditentry SET what = 'nothing'", "DELETE FROM clinic_auditentry"],
)
def test_the_database_refuses_to_change_or_delete_an_entry(
    clinician: User, patient: User, sql: str
) -> None:
    _entry(clinician, patient)
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.get().what == "progress"


def test_a_look_at_ones_own_data_is_not_recorded(patient: User) -> None:
    assert services.record_access(patient, [patient.pk], "x", path="/", address="", now=NOW) == 0


def test_the_clinicians_pages_are_recorded_with_who_whose_what_when_where(
    client: Client, clinician: User, patient: User
) -> None:
    client.force_login(clinician)
    assert client.get(reverse("clinic:patient", args=[patient.pk])).status_code == 200
    assert client.get(reverse("clinic:patients")).status_code == 200
    first, second = AuditEntry.objects.order_by("id")
    assert (first.actor_id, first.actor_name, first.patient_id, first.what) == (
        clinician.pk,
        "cleo",
        patient.pk,
        "progress",
    )
    assert first.address == "127.0.0.1"
    assert first.path == f"/clinic/patients/{patient.pk}/"
    assert first.clinic_id == clinician.clinic_id
    assert second.what == "patient list"


def test_deleting_the_patients_account_keeps_the_rows_naming_no_one(
    clinician: User, patient: User
) -> None:
    _entry(clinician, patient)
    delete_account(patient, PASSWORD)
    entry = AuditEntry.objects.get()
    assert entry.patient_id == patient.pk
    assert not User.objects.filter(pk=patient.pk).exists()
    assert "pat" not in entry.actor_name + entry.what + entry.path


def test_the_admin_downloads_their_clinics_trail_only(
    client: Client, clinic_admin: User, clinician: User, patient: User, other_clinician: User
) -> None:
    _entry(clinician, patient)
    services.record_access(other_clinician, [1], "progress", path="/y/", address="", now=NOW)
    client.force_login(clinic_admin)
    response = client.get(reverse("clinic:audit-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["when", "who", "role"]
    assert [r[1] for r in rows[1:]] == ["cleo"]
    page = client.get(reverse("clinic:audit")).content.decode()
    assert "cleo" in page
    assert "hugo" not in page


def test_the_patient_sees_who_looked_and_no_one_elses_rows(
    client: Client, clinician: User, patient: User, outsider: User, other_clinician: User
) -> None:
    _entry(clinician, patient)
    services.record_access(
        other_clinician, [outsider.pk], "progress", path="/", address="", now=NOW
    )
    client.force_login(patient)
    page = client.get(reverse("clinic:my-clinic")).content.decode()
    assert "Who looked at your data" in page
    assert "cleo" in page
    assert "hugo" not in page


def test_the_triggers_come_back_whenever_the_table_is_there(clinician: User, patient: User) -> None:
    _entry(clinician, patient)
    triggers.run(connection, create=False)
    triggers.ensure()
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM clinic_auditentry")


def test_a_test_that_empties_the_database_copes_with_audit_rows(
    transactional_db: None, clinician: User, patient: User
) -> None:
    """Emptying the database after this test would fail on the triggers without the
    fixture that lifts them (tests/conftest.py); the next test finds them back."""
    _entry(clinician, patient)
    assert AuditEntry.objects.count() == 1
