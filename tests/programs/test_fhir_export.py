"""The FHIR export of a person's program and records (R-9-fhir), from the database: a year of
history read back whole, an empty history, nothing written by exporting, the My data download
and the clinic's, each only to whom it belongs."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.clinic.models import AuditEntry, Care
from supple.interop import fhir
from supple.programs.models import (
    Decision,
    DoseLevel,
    Profile,
    ProgramDecision,
    PsfsActivity,
    PsfsRating,
    Session,
)
from supple.programs.services.fhir import export_fhir
from tests.factories import NOW, bulk_history, do_session, enrol


def _read(text: str | bytes) -> dict[str, Any]:
    bundle = fhir.read_json(text)
    assert fhir.unresolved_references(bundle) == []
    data: dict[str, Any] = bundle.model_dump(mode="json")
    return data


def _kinds(data: dict[str, Any]) -> Counter[str]:
    return Counter(e["resource"]["resourceType"] for e in data["entry"])


def _of(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def _psfs(user: User) -> None:
    socks = PsfsActivity.objects.create(user=user, name="Putting on socks")
    garden = PsfsActivity.objects.create(user=user, name="Gardening")
    for weeks in range(0, 52, 2):
        on = (NOW - timedelta(weeks=weeks)).date()
        PsfsRating.objects.create(activity=socks, rated_on=on, score=min(10, 2 + weeks // 8))
        PsfsRating.objects.create(activity=garden, rated_on=on, score=4)


def _morning(session: Session) -> str:
    """The next-morning answer's time, or its day where no time was kept."""
    if session.p_next_at is not None:
        return session.p_next_at.isoformat()
    return (session.date + timedelta(days=1)).isoformat()


def test_a_year_of_history_reads_back_with_every_record(enrolled: Profile, patient: User) -> None:
    bulk_history(patient, NOW, 365)
    _psfs(patient)
    data = _read(export_fhir(patient, NOW))
    sessions = list(Session.objects.filter(user=patient))
    assert len(sessions) == 365
    kinds = _kinds(data)
    scores = (
        [(s.started_at.isoformat(), s.p_pre) for s in sessions]
        + [
            (s.ended_at.isoformat(), s.p_post)
            for s in sessions
            if s.ended_at and s.p_post is not None
        ]
        + [(_morning(s), s.p_next) for s in sessions if s.p_next is not None]
    )
    pains = [o for o in _of(data, "Observation") if "valueInteger" in o]
    assert sorted((o["effectiveDateTime"], o["valueInteger"]) for o in pains) == sorted(
        (when.replace("+00:00", "Z"), score) for when, score in scores
    )
    minutes = [o for o in _of(data, "Observation") if "valueQuantity" in o]
    assert len(minutes) == sum(s.ended_at is not None for s in sessions) == 365
    assert {o["valueQuantity"]["value"] for o in minutes} == {20.0}
    [plan] = _of(data, "CarePlan")
    requests = _of(data, "ServiceRequest")
    assert len(plan["activity"]) == len(requests) > 0
    assert len(_of(data, "QuestionnaireResponse")) == 26
    assert kinds == {
        "Patient": 1,
        "CarePlan": 1,
        "ServiceRequest": len(requests),
        "Observation": len(scores) + 365,
        "QuestionnaireResponse": 26,
    }


def test_the_program_is_todays_plan_with_each_dose_in_words(
    enrolled: Profile, patient: User
) -> None:
    from supple.programs.services import today_for

    do_session(patient, NOW)
    today = today_for(patient, NOW + timedelta(hours=2))
    assert today.plan is not None
    requests = _of(_read(export_fhir(patient, NOW + timedelta(hours=2))), "ServiceRequest")
    assert [r["code"]["text"] for r in requests] == [
        today.names[item.exercise] for item in today.plan.items
    ]
    for request in requests:
        assert request["code"]["coding"][0]["code"] == "229065009"
        assert request["intent"] == "plan"
        assert "requester" not in request  # nothing here was prescribed by a clinician
        assert request["patientInstruction"]
        assert request["occurrenceTiming"]["repeat"]["periodUnit"] == "d"


def test_an_empty_history_gives_a_patient_and_a_care_plan(enrolled: Profile, patient: User) -> None:
    data = _read(export_fhir(patient, NOW))
    kinds = _kinds(data)
    assert kinds["Patient"] == kinds["CarePlan"] == 1
    assert set(kinds) == {"Patient", "CarePlan", "ServiceRequest"}
    [person] = _of(data, "Patient")
    assert person["name"] == [{"text": "pat"}]


def test_before_the_first_questions_the_care_plan_is_a_draft(patient: User) -> None:
    data = _read(export_fhir(patient, NOW))
    assert dict(_kinds(data)) == {"Patient": 1, "CarePlan": 1}
    [plan] = _of(data, "CarePlan")
    assert plan["status"] == "draft"


def test_exporting_writes_nothing(enrolled: Profile, patient: User) -> None:
    """A session yesterday leaves decisions due; the export must not make them."""
    do_session(patient, NOW)
    tables = (Decision, DoseLevel, ProgramDecision)
    before = [model.objects.count() for model in tables]
    export_fhir(patient, NOW + timedelta(days=1, hours=1))
    assert [model.objects.count() for model in tables] == before


def test_the_same_records_keep_their_addresses(enrolled: Profile, patient: User) -> None:
    """Records keep theirs; a ServiceRequest is the exercise's, which may change with a step."""

    def records(data: dict[str, Any]) -> set[str]:
        return {
            e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] != "ServiceRequest"
        }

    do_session(patient, NOW)
    first = records(_read(export_fhir(patient, NOW)))
    do_session(patient, NOW + timedelta(days=1))
    later = records(_read(export_fhir(patient, NOW + timedelta(days=1))))
    assert len(first) == 5  # the patient, the plan, pain before and after, the minutes
    assert first < later


# -- the web ----------------------------------------------------------------------------------


def test_my_data_offers_the_fhir_download(client: Client, enrolled: Profile) -> None:
    client.force_login(enrolled.user)
    page = client.get(reverse("data")).content.decode()
    assert reverse("export-fhir") in page
    assert "Download for health records (FHIR)" in page


def test_the_download_is_the_persons_own_bundle(
    client: Client, enrolled: Profile, patient: User, outsider: User
) -> None:
    pat_session = do_session(patient, NOW)
    enrol(outsider, NOW)
    do_session(outsider, NOW)
    client.force_login(outsider)
    response = client.get(reverse("export-fhir"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; fhirVersion=4.0"
    assert response["Content-Disposition"].startswith('attachment; filename="supple-oscar-')
    assert response["Cache-Control"] == "no-store"
    data = _read(response.content)
    [person] = _of(data, "Patient")
    assert person["name"] == [{"text": "oscar"}]
    pat_urls = {e["fullUrl"] for e in _read(export_fhir(patient, NOW))["entry"]}
    assert not pat_urls & {e["fullUrl"] for e in data["entry"]}
    assert pat_session not in response.content.decode()


def test_signed_out_the_download_asks_to_sign_in(client: Client) -> None:
    response = client.get(reverse("export-fhir"))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]


def test_the_clinician_downloads_a_patients_bundle_and_it_is_audited(
    client: Client, enrolled: Profile, patient: User, clinician: User
) -> None:
    Care.objects.create(patient=patient, clinician=clinician, since=NOW)
    do_session(patient, NOW)
    client.force_login(clinician)
    page = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    url = reverse("clinic:patient-fhir", args=[patient.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == fhir.MEDIA_TYPE
    assert _of(_read(response.content), "Patient")[0]["name"] == [{"text": "pat"}]
    assert AuditEntry.objects.filter(
        actor_id=clinician.pk, patient_id=patient.pk, what="FHIR export"
    ).exists()


@pytest.mark.parametrize("who", ["outsider", "other_clinician"])
def test_nobody_outside_the_clinic_gets_a_patients_bundle(
    client: Client, enrolled: Profile, patient: User, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("clinic:patient-fhir", args=[patient.pk]))
    assert response.status_code in (403, 404)
    assert not AuditEntry.objects.filter(patient_id=patient.pk).exists()
