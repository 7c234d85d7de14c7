"""A person's program and records as a FHIR R4 Bundle of type ``collection`` (R-9-fhir).

No Django: ``supple.programs.services.fhir`` gathers the person's data into a ``Record`` and
this module turns it into FHIR resources with the fhir.resources models, which check every
element as it is built. The elements used are the same in FHIR R4 (4.0.1) and in R4B, whose
models fhir.resources ships (it has no separate 4.0.1 package).

Shape (docs/clinical-rules.md section 9, docs/fhir.md):

- ``Patient``;
- ``CarePlan``: intent ``plan``, category ``PhysicalActivity`` of the HL7 Physical Activity
  IG's code system, ``activity.reference`` to one ``ServiceRequest`` per exercise;
- ``ServiceRequest``: SNOMED CT 229065009 Exercise therapy with the exercise's name as
  ``code.text``, ``occurrenceTiming.repeat``, the dose in words as ``patientInstruction``,
  ``authoredOn``, and a ``Practitioner`` as ``requester`` where a clinician prescribed it;
- ``Observation`` (survey): pain, LOINC 72514-3, ``valueInteger`` 0-10, one per score;
- ``Observation`` (activity): exercise minutes, LOINC 55411-3, UCUM ``min``, one per session;
- ``QuestionnaireResponse``: the PSFS ratings of one day (no LOINC code is claimed).

Every ``fullUrl`` is ``urn:uuid:`` + a UUID derived from the person and the record (never
random), so the same record has the same address in every export, and every reference points
at an entry of the same bundle.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal, TypeVar

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.servicerequest import ServiceRequest

R = TypeVar("R", bound=Resource)

# The media type of the export; FHIR's own, with the version (4.0 is R4).
MEDIA_TYPE = "application/fhir+json; fhirVersion=4.0"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
PA_CODES = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"

EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PAIN_CODE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
EXERCISE_MINUTES_CODE = {"system": LOINC, "code": "55411-3", "display": "Exercise duration"}
PHYSICAL_ACTIVITY = {"system": PA_CODES, "code": "PhysicalActivity", "display": "Physical Activity"}

# Fixed, so that the same record gets the same UUID in every export.
_NAMESPACE = uuid.UUID("5d7f3c1e-2a4b-5c6d-8e9f-0a1b2c3d4e5f")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Moment = Literal["before", "after", "next-morning"]
_MOMENT_WORDS: dict[Moment, str] = {
    "before": "Before the session",
    "after": "After the session",
    "next-morning": "The morning after the session",
}


class FhirError(ValueError):
    """A record that cannot become a FHIR resource, or a file that is not this export."""


# --------------------------------------------------------------------------------------------
# The record: plain data, gathered by the service


@dataclass(frozen=True, slots=True)
class Person:
    key: str  # stable and unique for the person (the service uses the account's id)
    name: str
    given: str = ""
    family: str = ""


@dataclass(frozen=True, slots=True)
class Clinician:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Exercise:
    """One prescribed exercise at its current dose."""

    key: str  # the library's exercise id
    name: str
    instruction: str  # the dose in words, as the app shows it
    authored_on: datetime
    prescriber: Clinician | None = None


@dataclass(frozen=True, slots=True)
class Routine:
    """When the program is done: on these weekdays (0 = Monday; none: every day)."""

    weekdays: tuple[int, ...] = ()
    at: time | None = None


@dataclass(frozen=True, slots=True)
class Program:
    active: bool  # False: paused (a safety answer) or not made yet
    created: datetime
    exercises: tuple[Exercise, ...]
    routine: Routine
    description: str = ""


@dataclass(frozen=True, slots=True)
class PainScore:
    session: str  # the session's id
    moment: Moment
    score: int
    at: datetime | date  # a date alone where the time was not kept


@dataclass(frozen=True, slots=True)
class SessionTime:
    session: str
    start: datetime
    end: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class PsfsScore:
    activity: str  # the activity's id
    name: str
    score: int


@dataclass(frozen=True, slots=True)
class PsfsDay:
    on: date
    scores: tuple[PsfsScore, ...]


@dataclass(frozen=True, slots=True)
class Record:
    person: Person
    program: Program | None
    pain: tuple[PainScore, ...] = ()
    sessions: tuple[SessionTime, ...] = ()
    psfs: tuple[PsfsDay, ...] = ()


# --------------------------------------------------------------------------------------------
# Building


def full_url(person: Person, kind: str, key: str) -> str:
    """``urn:uuid:...``, the same for the same person, kind and key in every export."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{person.key}/{kind}/{key}')}"


def _build(kind: type[R], **elements: Any) -> R:
    """A resource from plain JSON-like values, checked by its FHIR model (None: left out)."""
    return kind.model_validate({k: v for k, v in elements.items() if v is not None})


def _ref(url: str) -> dict[str, str]:
    return {"reference": url}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _patient(person: Person) -> Patient:
    name: dict[str, Any] = {"text": person.name}
    if person.family:
        name["family"] = person.family
    if person.given:
        name["given"] = [person.given]
    return _build(Patient, name=[name])


def _timing(routine: Routine) -> dict[str, Any]:
    """The routine's days as ``repeat``: n times a week on those days, or once a day."""
    if routine.weekdays:
        repeat: dict[str, Any] = {
            "frequency": len(routine.weekdays),
            "period": 1,
            "periodUnit": "wk",
            "dayOfWeek": [_WEEKDAYS[d] for d in sorted(routine.weekdays)],
        }
    else:
        repeat = {"frequency": 1, "period": 1, "periodUnit": "d"}
    if routine.at is not None:
        repeat["timeOfDay"] = [routine.at.replace(microsecond=0)]
    return {"repeat": repeat}


def _service_request(
    exercise: Exercise, routine: Routine, patient: str, requester: str | None
) -> ServiceRequest:
    return _build(
        ServiceRequest,
        status="active",
        intent="order" if requester else "plan",
        code={"coding": [EXERCISE_THERAPY], "text": exercise.name},
        subject=_ref(patient),
        occurrenceTiming=_timing(routine),
        patientInstruction=exercise.instruction,
        authoredOn=exercise.authored_on,
        requester=_ref(requester) if requester else None,
    )


def _care_plan(program: Program | None, patient: str, activities: Sequence[str]) -> CarePlan:
    """The program; with none made yet, a draft with no activity."""
    status = "draft" if program is None else "active" if program.active else "on-hold"
    return _build(
        CarePlan,
        status=status,
        intent="plan",
        category=[{"coding": [PHYSICAL_ACTIVITY]}],
        title="Home exercise program for low back pain",
        description=program.description if program and program.description else None,
        subject=_ref(patient),
        created=program.created if program else None,
        activity=[{"reference": _ref(url)} for url in activities] or None,
    )


def _pain(score: PainScore, patient: str) -> Observation:
    if not 0 <= score.score <= 10:
        raise FhirError(f"a pain score is 0 to 10, not {score.score}")
    return _build(
        Observation,
        status="final",
        category=_category("survey", "Survey"),
        code={"coding": [PAIN_CODE], "text": "Pain"},
        subject=_ref(patient),
        effectiveDateTime=score.at if isinstance(score.at, datetime) else score.at.isoformat(),
        valueInteger=score.score,
        note=[{"text": _MOMENT_WORDS[score.moment]}],
    )


def _minutes(session: SessionTime, patient: str) -> Observation:
    return _build(
        Observation,
        status="final",
        category=_category("activity", "Activity"),
        code={"coding": [EXERCISE_MINUTES_CODE], "text": "Exercise minutes"},
        subject=_ref(patient),
        effectivePeriod={"start": session.start, "end": session.end},
        valueQuantity={"value": session.minutes, "unit": "min", "system": UCUM, "code": "min"},
    )


def _psfs(day: PsfsDay, patient: str) -> QuestionnaireResponse:
    return _build(
        QuestionnaireResponse,
        status="completed",
        subject=_ref(patient),
        authored=day.on.isoformat(),
        item=[
            {
                "linkId": f"activity-{score.activity}",
                "text": score.name,
                "answer": [{"valueInteger": score.score}],
            }
            for score in day.scores
        ],
    )


def _entries(record: Record) -> Iterator[tuple[str, Resource]]:
    person = record.person
    patient = full_url(person, "patient", "")
    yield patient, _patient(person)
    program = record.program
    exercises = program.exercises if program else ()
    requests = []
    for exercise in exercises:
        url = full_url(person, "service-request", exercise.key)
        requester = None
        if exercise.prescriber is not None:
            requester = full_url(person, "practitioner", exercise.prescriber.key)
        requests.append((url, exercise, requester))
    yield (
        full_url(person, "care-plan", ""),
        _care_plan(program, patient, [u for u, _, _ in requests]),
    )
    routine = program.routine if program else Routine()
    prescribers: dict[str, Clinician] = {}
    for url, exercise, requester in requests:
        yield url, _service_request(exercise, routine, patient, requester)
        if exercise.prescriber is not None and requester is not None:
            prescribers[requester] = exercise.prescriber
    for url, clinician in prescribers.items():
        yield url, _build(Practitioner, name=[{"text": clinician.name}])
    for score in record.pain:
        yield full_url(person, f"pain-{score.moment}", score.session), _pain(score, patient)
    for session in record.sessions:
        yield full_url(person, "exercise-minutes", session.session), _minutes(session, patient)
    for day in record.psfs:
        yield full_url(person, "psfs", day.on.isoformat()), _psfs(day, patient)


def make_bundle(record: Record, now: datetime) -> Bundle:
    """The person's program and records as one ``collection`` Bundle."""
    if now.tzinfo is None:
        raise FhirError("the export's time must say its time zone")
    try:
        entries = []
        for url, resource in _entries(record):
            resource.id = url.removeprefix("urn:uuid:")  # the entry's id, as in its fullUrl
            entries.append(BundleEntry(fullUrl=url, resource=resource))
        return Bundle(type="collection", timestamp=now, entry=entries)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise FhirError(f"not a valid FHIR resource: {error}") from None


# --------------------------------------------------------------------------------------------
# Writing and reading


def write_json(bundle: Bundle) -> str:
    return bundle.model_dump_json(indent=2) + "\n"


def read_json(text: str | bytes) -> Bundle:
    """A bundle read back and checked by the FHIR models; FhirError if it is not one."""
    try:
        bundle = Bundle.model_validate_json(text)
    except ValueError as error:
        raise FhirError(f"not a FHIR Bundle: {error}") from None
    return bundle


def unresolved_references(bundle: Bundle) -> list[str]:
    """Every ``reference`` in the bundle that names no entry's ``fullUrl``."""
    urls = {entry.fullUrl for entry in bundle.entry or ()}
    return [ref for ref in _references(bundle.model_dump()) if ref not in urls]


def _references(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)
