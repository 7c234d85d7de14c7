"""The FHIR converter on its own (R-9-fhir): the codes, units and references of each resource,
read back with the FHIR models."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from supple.interop import fhir

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
PAT = fhir.Person(key="7", name="Pat Smith", given="Pat", family="Smith")
CLEO = fhir.Clinician(key="3", name="Cleo Jones")


def _record(**changes: Any) -> fhir.Record:
    program = fhir.Program(
        active=True,
        created=NOW - timedelta(days=30),
        exercises=(
            fhir.Exercise("cat-camel", "Cat-camel", "10 reps", NOW - timedelta(days=3), CLEO),
            fhir.Exercise("bridge", "Bridge", "Hold 5 s · 8 reps · 2 sets", NOW),
        ),
        routine=fhir.Routine((4, 0, 2), time(7, 30)),
    )
    base: dict[str, Any] = {
        "person": PAT,
        "program": program,
        "pain": (
            fhir.PainScore("s1", "before", 4, NOW),
            fhir.PainScore("s1", "after", 3, NOW + timedelta(minutes=20)),
            fhir.PainScore("s1", "next-morning", 2, NOW + timedelta(days=1)),
        ),
        "sessions": (fhir.SessionTime("s1", NOW, NOW + timedelta(minutes=20), 20),),
        "psfs": (
            fhir.PsfsDay(
                date(2026, 11, 2),
                (fhir.PsfsScore("1", "Putting on socks", 3), fhir.PsfsScore("2", "Gardening", 5)),
            ),
        ),
    }
    return fhir.Record(**(base | changes))


def _read(record: fhir.Record) -> dict[str, Any]:
    """The bundle written, parsed back by the FHIR models, as plain JSON data."""
    bundle = fhir.read_json(fhir.write_json(fhir.make_bundle(record, NOW)))
    assert isinstance(bundle, Bundle)
    assert fhir.unresolved_references(bundle) == []
    data: dict[str, Any] = bundle.model_dump(mode="json")
    return data


def _of(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_a_bundle_is_a_collection_with_every_resource_once() -> None:
    data = _read(_record())
    assert data["type"] == "collection"
    assert data["timestamp"] == "2026-11-02T08:00:00Z"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("Patient") == 1
    assert kinds.count("CarePlan") == 1
    assert kinds.count("ServiceRequest") == 2
    assert kinds.count("Practitioner") == 1
    assert kinds.count("Observation") == 4
    assert kinds.count("QuestionnaireResponse") == 1
    urls = [e["fullUrl"] for e in data["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in data["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_addresses_are_the_same_in_every_export_and_differ_between_people() -> None:
    first = [e["fullUrl"] for e in _read(_record())["entry"]]
    again = [e["fullUrl"] for e in _read(_record())["entry"]]
    other = [e["fullUrl"] for e in _read(_record(person=fhir.Person("8", "Oscar")))["entry"]]
    assert first == again
    assert not set(first) & set(other)


def test_the_care_plan_follows_the_physical_activity_guide() -> None:
    data = _read(_record())
    [plan] = _of(data, "CarePlan")
    [patient] = data["entry"][:1]
    assert plan["intent"] == "plan"
    assert plan["status"] == "active"
    assert plan["category"] == [
        {
            "coding": [
                {
                    "system": "http://hl7.org/fhir/us/physical-activity/CodeSystem/"
                    "pa-temporary-codes",
                    "code": "PhysicalActivity",
                    "display": "Physical Activity",
                }
            ]
        }
    ]
    assert plan["subject"] == {"reference": patient["fullUrl"]}
    requests = {
        e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    }
    assert {a["reference"]["reference"] for a in plan["activity"]} == requests


def test_a_service_request_per_exercise_with_code_timing_dose_and_prescriber() -> None:
    data = _read(_record())
    cat, bridge = _of(data, "ServiceRequest")
    [practitioner] = [e for e in data["entry"] if e["resource"]["resourceType"] == "Practitioner"]
    for request in (cat, bridge):
        assert request["code"]["coding"] == [
            {"system": "http://snomed.info/sct", "code": "229065009", "display": "Exercise therapy"}
        ]
        assert request["occurrenceTiming"] == {
            "repeat": {
                "frequency": 3,
                "period": 1.0,
                "periodUnit": "wk",
                "dayOfWeek": ["mon", "wed", "fri"],
                "timeOfDay": ["07:30:00"],
            }
        }
    assert cat["code"]["text"] == "Cat-camel"
    assert cat["patientInstruction"] == "10 reps"
    assert cat["authoredOn"] == "2026-10-30T08:00:00Z"
    assert cat["requester"] == {"reference": practitioner["fullUrl"]}
    assert practitioner["resource"]["name"] == [{"text": "Cleo Jones"}]
    assert bridge["code"]["text"] == "Bridge"
    assert bridge["patientInstruction"] == "Hold 5 s · 8 reps · 2 sets"
    assert "requester" not in bridge


def test_without_routine_days_an_exercise_is_once_a_day() -> None:
    record = _record()
    assert record.program is not None
    program = fhir.Program(True, NOW, record.program.exercises[1:], fhir.Routine())
    [request] = _of(_read(_record(program=program)), "ServiceRequest")
    assert request["occurrenceTiming"] == {
        "repeat": {"frequency": 1, "period": 1.0, "periodUnit": "d"}
    }


def test_pain_observations_are_loinc_72514_3_survey_integers_with_their_time() -> None:
    pains = [o for o in _of(_read(_record()), "Observation") if "valueInteger" in o]
    assert [(o["valueInteger"], o["effectiveDateTime"], o["note"][0]["text"]) for o in pains] == [
        (4, "2026-11-02T08:00:00Z", "Before the session"),
        (3, "2026-11-02T08:20:00Z", "After the session"),
        (2, "2026-11-03T08:00:00Z", "The morning after the session"),
    ]
    for observation in pains:
        assert observation["status"] == "final"
        assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
        assert observation["code"]["coding"][0]["code"] == "72514-3"
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert observation["category"][0]["coding"][0]["system"] == (
            "http://terminology.hl7.org/CodeSystem/observation-category"
        )


def test_exercise_minutes_are_loinc_55411_3_activity_in_ucum_minutes() -> None:
    [minutes] = [o for o in _of(_read(_record()), "Observation") if "valueQuantity" in o]
    assert minutes["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "55411-3",
        "display": "Exercise duration",
    }
    assert minutes["category"][0]["coding"][0]["code"] == "activity"
    assert minutes["valueQuantity"] == {
        "value": 20.0,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    assert minutes["effectivePeriod"] == {
        "start": "2026-11-02T08:00:00Z",
        "end": "2026-11-02T08:20:00Z",
    }


def test_the_psfs_is_a_questionnaire_response_without_a_loinc_code() -> None:
    data = _read(_record())
    [response] = _of(data, "QuestionnaireResponse")
    assert response["status"] == "completed"
    assert response["authored"] == "2026-11-02"
    assert [(i["text"], i["answer"][0]["valueInteger"]) for i in response["item"]] == [
        ("Putting on socks", 3),
        ("Gardening", 5),
    ]
    assert "questionnaire" not in response
    assert "loinc" not in fhir.write_json(fhir.make_bundle(_record(pain=(), sessions=()), NOW))


def test_no_history_and_no_program_still_give_a_patient_and_a_care_plan() -> None:
    empty = fhir.Record(person=PAT, program=None)
    data = _read(empty)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == ["Patient", "CarePlan"]
    [plan] = _of(data, "CarePlan")
    assert plan["status"] == "draft"
    assert "activity" not in plan


def test_a_paused_program_is_on_hold() -> None:
    paused = fhir.Program(False, NOW, (), fhir.Routine())
    [plan] = _of(_read(_record(program=paused)), "CarePlan")
    assert plan["status"] == "on-hold"


def test_a_pain_score_outside_0_to_10_is_refused() -> None:
    with pytest.raises(fhir.FhirError, match="0 to 10"):
        fhir.make_bundle(_record(pain=(fhir.PainScore("s1", "before", 11, NOW),)), NOW)


def test_a_reference_to_nothing_in_the_bundle_is_found() -> None:
    text = fhir.write_json(fhir.make_bundle(_record(), NOW))
    entries = fhir.read_json(text).entry
    assert entries is not None
    dangling = text.replace(f'"reference": "{entries[0].fullUrl}"', '"reference": "urn:uuid:x"')
    # Every subject (all but the patient and the practitioner) now points at nothing.
    assert fhir.unresolved_references(fhir.read_json(dangling)) == ["urn:uuid:x"] * 8


def test_a_file_that_is_not_a_bundle_is_refused() -> None:
    with pytest.raises(fhir.FhirError):
        fhir.read_json('{"resourceType": "Patient"}')
    with pytest.raises(fhir.FhirError):
        fhir.read_json("not json")


def test_what_the_fhir_models_refuse_is_a_clear_error() -> None:
    naive = fhir.Exercise("bridge", "Bridge", "8 reps", datetime(2026, 11, 2, 8, 0))
    program = fhir.Program(True, NOW, (naive,), fhir.Routine())
    with pytest.raises(fhir.FhirError, match="ServiceRequest"):
        fhir.make_bundle(_record(program=program), NOW)
    unnamed = fhir.PsfsDay(date(2026, 11, 2), (fhir.PsfsScore("1", "", 3),))
    with pytest.raises(fhir.FhirError, match="QuestionnaireResponse"):
        fhir.make_bundle(_record(psfs=(unnamed,)), NOW)
    with pytest.raises(fhir.FhirError, match="time zone"):
        fhir.make_bundle(_record(), NOW.replace(tzinfo=None))
