"""Prescribed programs: their exercises, versions, clinic templates and the differences
between two versions (docs/clinical-rules.md section 11, docs/clinic.md "Programs").

Who may read or write a prescription is decided in ``scoping``; these functions take the
patient or template a view got from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from supple.accounts.models import User
from supple.domain.catalog import Catalog, Exercise
from supple.domain.prescribed import DOSE_FIELDS, Bounds, Prescribed
from supple.domain.progression import Dose, sets_range, starting_dose
from supple.programs.models import Prescription, PrescriptionVersion, ProgramTemplate

# What the builder accepts for each number (whole numbers, inclusive).
LIMITS: Mapping[str, tuple[int, int]] = {
    "hold_s": (1, 600),
    "reps": (1, 100),
    "sets": (1, 10),
    "rest_s": (0, 600),
    "per_day": (1, 6),
    "days_per_week": (1, 7),
}
LABELS: Mapping[str, str] = {
    "hold_s": "hold (seconds)",
    "reps": "repetitions",
    "sets": "sets",
    "rest_s": "rest (seconds)",
    "per_day": "times a day",
    "days_per_week": "days a week",
}
MAX_ITEMS = 12
MAX_NOTE = 1000


class PrescriptionError(ValueError):
    """Input the builder cannot save: the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Item:
    """One prescribed exercise, as stored in a version's or a template's ``items``."""

    exercise: str
    hold_s: int | None
    reps: int | None
    sets: int
    rest_s: int = 30
    per_day: int = 1
    days_per_week: int = 7
    low: dict[str, int | None] = field(default_factory=dict)
    high: dict[str, int | None] = field(default_factory=dict)
    locked: bool = False
    note: str = ""
    # The dose's values outside the library's range, in words, and who set them (rule 11).
    outside: tuple[str, ...] = ()
    outside_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "hold_s": self.hold_s,
            "reps": self.reps,
            "sets": self.sets,
            "rest_s": self.rest_s,
            "per_day": self.per_day,
            "days_per_week": self.days_per_week,
            "low": dict(self.low),
            "high": dict(self.high),
            "locked": self.locked,
            "note": self.note,
            "outside": list(self.outside),
            "outside_by": self.outside_by,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            exercise=str(data["exercise"]),
            hold_s=data.get("hold_s"),
            reps=data.get("reps"),
            sets=int(data.get("sets") or 1),
            rest_s=int(data.get("rest_s", 30)),
            per_day=int(data.get("per_day", 1)),
            days_per_week=int(data.get("days_per_week", 7)),
            low=dict(data.get("low") or {}),
            high=dict(data.get("high") or {}),
            locked=bool(data.get("locked")),
            note=str(data.get("note", "")),
            outside=tuple(data.get("outside") or ()),
            outside_by=str(data.get("outside_by", "")),
        )

    def dose(self, catalog: Catalog) -> Dose:
        return Dose(
            self.exercise,
            self.hold_s,
            self.reps,
            self.sets,
            catalog.exercise(self.exercise).dosage.per_side,
        )

    def bounds(self) -> Bounds:
        def pair(name: str) -> tuple[int, int] | None:
            low, high = self.low.get(name), self.high.get(name)
            return (low, high) if low is not None and high is not None else None

        return Bounds(hold_s=pair("hold_s"), reps=pair("reps"), sets=pair("sets"))


@dataclass(frozen=True, slots=True)
class Draft:
    """A program being built: what a version or a template holds."""

    phase: int = 1
    flare_routine: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


# --------------------------------------------------------------------------------------------
# Starting points


def item_for(exercise: Exercise) -> Item:
    """An exercise at the bottom of its library range (R-4-start-bottom), free to progress
    within the library's range."""
    return item_at(exercise, starting_dose(exercise))


def item_at(exercise: Exercise, dose: Dose) -> Item:
    ranges = library_ranges(exercise)
    low = {k: (r[0] if r else None) for k, r in ranges.items()}
    high = {k: (r[1] if r else None) for k, r in ranges.items()}
    for name in DOSE_FIELDS:
        value = getattr(dose, name)
        if value is not None and low[name] is not None:
            low[name] = min(low[name] or value, value)
            high[name] = max(high[name] or value, value)
    return Item(exercise.id, dose.hold_s, dose.reps, dose.sets, low=low, high=high)


def library_ranges(exercise: Exercise) -> dict[str, tuple[int, int] | None]:
    d = exercise.dosage
    return {
        "hold_s": (d.hold_s.low, d.hold_s.high) if d.hold_s else None,
        "reps": (d.reps.low, d.reps.high) if d.reps else None,
        "sets": sets_range(exercise),
    }


def draft_from_routine(catalog: Catalog, routine_id: str) -> Draft:
    routine = catalog.routine(routine_id)
    items = tuple(item_for(catalog.exercise(e)) for e in routine.members if e in catalog)
    return Draft(phase=routine.phase or 1, items=items)


def draft_from_stored(record: PrescriptionVersion | ProgramTemplate) -> Draft:
    return Draft(
        phase=record.phase,
        flare_routine=tuple(record.flare_routine),
        items=tuple(Item.from_dict(i) for i in record.items),
    )


def draft_from_plan(catalog: Catalog, phase: int, doses: Iterable[Dose]) -> Draft:
    """The plan Supple made for the patient, at the doses it gave today."""
    items = tuple(item_at(catalog.exercise(d.exercise), d) for d in doses if d.exercise in catalog)
    return Draft(phase=phase, items=items)


def starter_routines(catalog: Catalog) -> list[tuple[str, str]]:
    """The seeds' routines a program may start from (phase membership lists are not)."""
    return [(r.id, r.name) for r in catalog.routines if not r.id.startswith("phase-")]


# --------------------------------------------------------------------------------------------
# Checking what the builder sent


def check_number(label: str, name: str, raw: str | None, *, required: bool) -> int | None:
    text = (raw or "").strip()
    if not text:
        if required:
            raise PrescriptionError(f"{label}: {LABELS[name]} is needed.")
        return None
    low, high = LIMITS[name]
    if not text.isdigit() or not low <= int(text) <= high:
        raise PrescriptionError(
            f"{label}: {LABELS[name]} must be a whole number from {low} to {high}."
        )
    return int(text)


def outside_library(exercise: Exercise, item: Item) -> tuple[str, ...]:
    """Each dose value outside the library's range, in words (R-11-outside-range)."""
    found = []
    for name, bounds in library_ranges(exercise).items():
        value = getattr(item, name)
        if value is None:
            continue
        if bounds is None:
            found.append(f"{LABELS[name]} {value} (the library gives none)")
        elif not bounds[0] <= value <= bounds[1]:
            found.append(f"{LABELS[name]} {value} (the library gives {bounds[0]} to {bounds[1]})")
    return tuple(found)


def check_item(exercise: Exercise, item: Item) -> Item:
    """The item with its range checked and its out-of-range values noted; raises
    PrescriptionError when the dose is outside the clinician's own range."""
    for name in DOSE_FIELDS:
        value, low, high = getattr(item, name), item.low.get(name), item.high.get(name)
        if (low is None) != (high is None):
            raise PrescriptionError(f"{exercise.name}: give both ends of the {LABELS[name]} range.")
        if low is not None and high is not None and low > high:
            raise PrescriptionError(f"{exercise.name}: the {LABELS[name]} range is upside down.")
        if value is not None and low is not None and high is not None and not low <= value <= high:
            raise PrescriptionError(
                f"{exercise.name}: {LABELS[name]} {value} is outside the range you set "
                f"({low} to {high})."
            )
    if item.hold_s is None and item.reps is None:
        raise PrescriptionError(f"{exercise.name}: give a hold or a number of repetitions.")
    if len(item.note) > MAX_NOTE:
        raise PrescriptionError(f"{exercise.name}: the note is longer than {MAX_NOTE} letters.")
    return replace(item, outside=outside_library(exercise, item))


def check_draft(catalog: Catalog, draft: Draft) -> Draft:
    if not draft.items:
        raise PrescriptionError("Add at least one exercise.")
    if len(draft.items) > MAX_ITEMS:
        raise PrescriptionError(f"A program has at most {MAX_ITEMS} exercises.")
    if draft.phase not in (1, 2, 3):
        raise PrescriptionError("The phase is 1, 2 or 3.")
    seen: set[str] = set()
    items = []
    for item in draft.items:
        if item.exercise not in catalog:
            raise PrescriptionError(f"{item.exercise} is not in the library.")
        if item.exercise in seen:
            raise PrescriptionError(f"{catalog.exercise(item.exercise).name} is in twice.")
        seen.add(item.exercise)
        items.append(check_item(catalog.exercise(item.exercise), item))
    for exercise_id in draft.flare_routine:
        if exercise_id not in catalog:
            raise PrescriptionError(f"{exercise_id} is not in the library.")
    return replace(draft, items=tuple(items))


def warnings_of(catalog: Catalog, draft: Draft) -> list[str]:
    """Out-of-range doses, one line per exercise, for the clinician (kept on save)."""
    return [
        f"{catalog.exercise(i.exercise).name}: " + "; ".join(i.outside)
        for i in draft.items
        if i.outside
    ]


def _signed(draft: Draft, author: str) -> list[dict[str, Any]]:
    """Items with out-of-range doses carry the name of who set them (R-11-outside-range)."""
    return [
        replace(i, outside_by=(i.outside_by or author) if i.outside else "").as_dict()
        for i in draft.items
    ]


# --------------------------------------------------------------------------------------------
# Saving


def assign(
    clinician: User, patient: User, catalog: Catalog, draft: Draft, note: str, now: datetime
) -> PrescriptionVersion:
    """A new version of the patient's prescription (the first one creates it). ``patient``
    must come from ``scoping.patient_of``."""
    note = note.strip()
    if not note:
        raise PrescriptionError("Write a note for the patient: what you prescribe and why.")
    if len(note) > MAX_NOTE:
        raise PrescriptionError(f"The note is longer than {MAX_NOTE} letters.")
    checked = check_draft(catalog, draft)
    author = clinician.get_full_name() or clinician.username
    clinic_id = clinician.clinic_id
    assert clinic_id is not None  # staff of a clinic (scoping)
    with transaction.atomic():
        prescription, _ = Prescription.objects.select_for_update().get_or_create(
            patient=patient, defaults={"clinic_id": clinic_id, "created_at": now}
        )
        if prescription.clinic_id != clinic_id:
            prescription.clinic_id = clinic_id  # the patient moved clinics
            prescription.save(update_fields=["clinic"])
        last = prescription.versions.order_by("-number").first()
        return PrescriptionVersion.objects.create(
            prescription=prescription,
            number=(last.number if last else 0) + 1,
            author=clinician,
            author_name=author[:150],
            created_at=now,
            note=note,
            phase=checked.phase,
            flare_routine=list(checked.flare_routine),
            items=_signed(checked, author),
        )


def save_template(
    clinician: User, catalog: Catalog, draft: Draft, name: str, now: datetime
) -> ProgramTemplate:
    """Save (or replace) the clinic's template of that name."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise PrescriptionError("Give the template a name of at most 100 letters.")
    checked = check_draft(catalog, draft)
    author = (clinician.get_full_name() or clinician.username)[:150]
    fields = {
        "created_by_name": author,
        "updated_at": now,
        "phase": checked.phase,
        "flare_routine": list(checked.flare_routine),
        "items": _signed(checked, author),
    }
    try:
        template, _ = ProgramTemplate.objects.update_or_create(
            clinic_id=clinician.clinic_id, name=name, defaults=fields
        )
    except IntegrityError:  # the same name saved twice at once: the other one won
        raise PrescriptionError("A template of that name was just saved; try again.") from None
    return template


# --------------------------------------------------------------------------------------------
# Reading, for the engine and the patient


def active_version(patient: User) -> PrescriptionVersion | None:
    """The newest version of the patient's prescription, while they are in the clinic that
    prescribed it (a patient who leaves goes back to the generated plan)."""
    version = (
        PrescriptionVersion.objects.filter(prescription__patient=patient)
        .select_related("prescription")
        .order_by("-number")
        .first()
    )
    if version is None or version.prescription.clinic_id != patient.clinic_id:
        return None
    return version


def prescribed_items(version: PrescriptionVersion, catalog: Catalog) -> list[Prescribed]:
    items = [Item.from_dict(i) for i in version.items]
    return [
        Prescribed(dose=i.dose(catalog), bounds=i.bounds(), locked=i.locked)
        for i in items
        if i.exercise in catalog
    ]


def patient_notes(version: PrescriptionVersion, catalog: Catalog) -> list[str]:
    """The clinician's notes to the patient and each exercise's schedule, in plain words."""
    notes = []
    for item in (Item.from_dict(i) for i in version.items):
        if item.exercise not in catalog:
            continue
        line = f"{catalog.exercise(item.exercise).name}: {schedule_words(item)}."
        if item.note:
            line += f" {item.note}"
        notes.append(line)
    return notes


def schedule_words(item: Item) -> str:
    per_day = "once a day" if item.per_day == 1 else f"{item.per_day} times a day"
    days = "every day" if item.days_per_week == 7 else f"{item.days_per_week} days a week"
    return f"{per_day}, {days}, rest {item.rest_s} s between sets"


@dataclass(frozen=True, slots=True)
class Notice:
    """The change the patient is told about on Today."""

    version: PrescriptionVersion
    changes: list[str]


def notice_for(version: PrescriptionVersion | None, catalog: Catalog, today: date) -> Notice | None:
    """For the patient's active version (``active_version``): a new version, told on the day
    it is first shown until dismissed, and not on later days."""
    if version is None:
        return None
    prescription = version.prescription
    if version.number <= prescription.seen_number:
        return None
    if prescription.shown_number == version.number and prescription.shown_on != today:
        return None  # shown on an earlier day: once is enough
    if prescription.shown_number != version.number:
        Prescription.objects.filter(pk=prescription.pk).update(
            shown_number=version.number, shown_on=today
        )
    previous = prescription.versions.filter(number__lt=version.number).order_by("-number").first()
    return Notice(version, diff(catalog, previous, version))


def mark_seen(patient: User) -> None:
    version = active_version(patient)
    if version is not None:
        Prescription.objects.filter(pk=version.prescription_id).update(seen_number=version.number)


# --------------------------------------------------------------------------------------------
# Differences


def dose_words(item: Item) -> str:
    parts = []
    if item.hold_s is not None:
        parts.append(f"hold {item.hold_s} s")
    if item.reps is not None:
        parts.append(f"{item.reps} times")
    parts.append("1 set" if item.sets == 1 else f"{item.sets} sets")
    return ", ".join(parts)


def _item_changes(name: str, a: Item, b: Item) -> list[str]:
    lines = []
    if dose_words(a) != dose_words(b):
        lines.append(f"{name}: now {dose_words(b)} (was {dose_words(a)}).")
    if schedule_words(a) != schedule_words(b):
        lines.append(f"{name}: now {schedule_words(b)} (was {schedule_words(a)}).")
    if (a.low, a.high) != (b.low, b.high):
        lines.append(f"{name}: the range it may progress within changed.")
    if a.locked != b.locked:
        lines.append(f"{name}: {'kept at this level' if b.locked else 'may progress again'}.")
    if a.note != b.note and b.note:
        lines.append(f"{name}: new note: {b.note}")
    return lines


def diff(catalog: Catalog, a: PrescriptionVersion | None, b: PrescriptionVersion) -> list[str]:
    """What changed from ``a`` to ``b``, in plain words (everything is new when ``a`` is
    None)."""
    old = {i["exercise"]: Item.from_dict(i) for i in (a.items if a else [])}
    new = {i["exercise"]: Item.from_dict(i) for i in b.items}

    def name(exercise_id: str) -> str:
        return catalog.exercise(exercise_id).name if exercise_id in catalog else exercise_id

    lines = [f"Added: {name(e)} ({dose_words(new[e])})." for e in new if e not in old]
    lines += [f"Removed: {name(e)}." for e in old if e not in new]
    for e in new:
        if e in old:
            lines += _item_changes(name(e), old[e], new[e])
    if a is not None and a.phase != b.phase:
        lines.append(f"Phase {b.phase} (was {a.phase}).")
    if a is not None and a.flare_routine != b.flare_routine:
        lines.append("The flare-day routine changed.")
    return lines


def versions_of(prescription: Prescription | None) -> Sequence[PrescriptionVersion]:
    if prescription is None:
        return []
    return list(prescription.versions.order_by("-number"))
