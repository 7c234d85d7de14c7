"""The program builder's pages: build a program, assign it to a patient (a new version),
save it as a clinic template, and read the versions and the difference between two.

One form holds the whole program; its buttons add or remove an exercise, filter the library
or choose a starting point, and the page comes back with everything typed so far (nothing is
saved until "Assign" or "Save as template"). Who may see what comes from ``scoping``; every
page showing a patient's program to staff writes the audit trail first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from supple.accounts.models import User
from supple.clinic import scoping
from supple.clinic.services import display_name
from supple.clinic.views import _audit, _user, patient_required, staff_required
from supple.domain.catalog import Catalog
from supple.domain.prescribed import DOSE_FIELDS
from supple.domain.words import stage_words
from supple.library.forms import ExerciseFilterForm
from supple.library.services import current_catalog
from supple.programs.models import ProgramTemplate
from supple.programs.services import prescriptions, profile_of
from supple.programs.services.planning import build_plan
from supple.programs.services.prescriptions import Draft, Item, PrescriptionError
from supple.programs.services.safety import safety_status

NUMBERS = ("hold_s", "reps", "sets", "rest_s", "per_day", "days_per_week")
RANGED = DOSE_FIELDS
Row = dict[str, str]


# --------------------------------------------------------------------------------------------
# The form's rows: raw text, so a page that comes back keeps what was typed


def _text(value: object) -> str:
    return "" if value is None else str(value)


def row_of(item: Item) -> Row:
    row = {"exercise": item.exercise, "note": item.note, "locked": "1" if item.locked else ""}
    row |= {name: _text(getattr(item, name)) for name in NUMBERS}
    row |= {f"low_{n}": _text(item.low.get(n)) for n in RANGED}
    row |= {f"high_{n}": _text(item.high.get(n)) for n in RANGED}
    return row


def rows_from_post(data: QueryDict) -> list[Row]:
    rows = []
    for n in range(min(int(data.get("count") or 0), prescriptions.MAX_ITEMS + 1)):
        prefix = f"item-{n}-"
        exercise = data.get(prefix + "exercise", "")
        if not exercise:
            continue
        fields = [*NUMBERS, *(f"low_{f}" for f in RANGED), *(f"high_{f}" for f in RANGED)]
        row = {name: data.get(prefix + name, "").strip() for name in fields}
        row |= {
            "exercise": exercise,
            "note": data.get(prefix + "note", "").strip(),
            "locked": "1" if data.get(prefix + "locked") else "",
        }
        rows.append(row)
    return rows


def item_of(catalog: Catalog, row: Row) -> Item:
    """An item from a row; raises PrescriptionError naming the exercise and the field."""
    if row["exercise"] not in catalog:
        raise PrescriptionError("An exercise of this program is no longer in the library.")
    name = catalog.exercise(row["exercise"]).name

    def number(field: str, key: str | None = None, *, required: bool = False) -> int | None:
        return prescriptions.check_number(name, field, row[key or field], required=required)

    return Item(
        exercise=row["exercise"],
        hold_s=number("hold_s"),
        reps=number("reps"),
        sets=number("sets", required=True) or 1,
        rest_s=number("rest_s", required=True) or 0,
        per_day=number("per_day", required=True) or 1,
        days_per_week=number("days_per_week", required=True) or 7,
        low={f: number(f, f"low_{f}") for f in RANGED},
        high={f: number(f, f"high_{f}") for f in RANGED},
        locked=bool(row["locked"]),
        note=row["note"],
    )


def draft_of(catalog: Catalog, phase: str, flare: list[str], rows: list[Row]) -> Draft:
    items = tuple(item_of(catalog, row) for row in rows)
    if phase not in ("1", "2", "3"):
        raise PrescriptionError("Choose the phase: 1, 2 or 3.")
    return Draft(phase=int(phase), flare_routine=tuple(flare), items=items)


# --------------------------------------------------------------------------------------------
# The page's state


@dataclass
class State:
    phase: str
    flare: list[str]
    rows: list[Row]
    note: str = ""
    template_name: str = ""

    @classmethod
    def of(cls, draft: Draft, **extra: str) -> State:
        rows = [row_of(i) for i in draft.items]
        return cls(str(draft.phase), list(draft.flare_routine), rows, **extra)

    @classmethod
    def posted(cls, data: QueryDict) -> State:
        return cls(
            phase=data.get("phase", "1"),
            flare=data.getlist("flare"),
            rows=rows_from_post(data),
            note=data.get("note", "").strip(),
            template_name=data.get("template_name", "").strip(),
        )


def start_draft(request: HttpRequest, catalog: Catalog, patient: User | None) -> Draft:
    """The starting point chosen: a seed routine, a clinic template, or the plan Supple would
    make for the patient today. Raises PrescriptionError when it cannot be used."""
    start = request.POST.get("start_from") or request.GET.get("start", "")
    kind, _, key = start.partition(":")
    if kind == "routine" and key in dict(prescriptions.starter_routines(catalog)):
        return prescriptions.draft_from_routine(catalog, key)
    if kind == "template" and key.isdigit():
        return prescriptions.draft_from_stored(scoping.template_of(request.user, int(key)))
    if kind == "generated" and patient is not None:
        return generated_draft(catalog, patient)
    raise PrescriptionError("Choose where to start from.")


def generated_draft(catalog: Catalog, patient: User) -> Draft:
    profile = profile_of(patient)
    if profile is None:
        raise PrescriptionError("This patient has not answered the first questions yet.")
    now = timezone.now()
    status = safety_status(patient, now)
    # Supple's own plan, even when a prescription is active (version=None).
    plan = build_plan(patient, profile, status, timezone.localdate(now), flare=False, version=None)
    if not plan.items:
        raise PrescriptionError(
            "Supple has no plan for this patient today: " + " ".join(plan.notes)
        )
    return prescriptions.draft_from_plan(catalog, plan.phase, (i.dose for i in plan.items))


def library_results(
    data: QueryDict | None, catalog: Catalog
) -> tuple[ExerciseFilterForm, list[Any]]:
    form = ExerciseFilterForm(data, prefix="lib")
    if data is None or not form.is_valid():
        return form, list(catalog.exercises)
    found = form.cleaned_data
    return form, catalog.find(
        position=found["position"] or None,
        surface=found["surface"] or None,
        kind=found["kind"] or None,
        phase=found["phase"],
        text=found["search"] or None,
    )


# --------------------------------------------------------------------------------------------
# Acting on the form


def act(
    request: HttpRequest, catalog: Catalog, state: State, patient: User | None
) -> tuple[HttpResponse | None, list[str]]:
    """Carry out the button pressed: a response when the page moves on, else the errors to
    show with the form (the state is changed in place)."""
    post = request.POST
    try:
        if "add" in post:
            add(catalog, state, post["add"])
        elif "remove" in post and post["remove"].isdigit():
            del state.rows[int(post["remove"])]
        elif "start" in post:
            fresh = State.of(start_draft(request, catalog, patient))
            state.phase, state.flare, state.rows = fresh.phase, fresh.flare, fresh.rows
        elif "assign" in post and patient is not None:
            return assigned(request, catalog, state, patient), []
        elif "save_template" in post:
            return saved_template(request, catalog, state, patient), []
    except PrescriptionError as error:
        return None, [str(error)]
    except IndexError:
        return None, []
    return None, []


def add(catalog: Catalog, state: State, exercise_id: str) -> None:
    if exercise_id not in catalog:
        raise PrescriptionError("That exercise is not in the library.")
    if any(r["exercise"] == exercise_id for r in state.rows):
        raise PrescriptionError(f"{catalog.exercise(exercise_id).name} is in the program already.")
    if len(state.rows) >= prescriptions.MAX_ITEMS:
        raise PrescriptionError(f"A program has at most {prescriptions.MAX_ITEMS} exercises.")
    state.rows.append(row_of(prescriptions.item_for(catalog.exercise(exercise_id))))


def _warn(request: HttpRequest, catalog: Catalog, draft: Draft) -> None:
    for line in prescriptions.warnings_of(catalog, prescriptions.check_draft(catalog, draft)):
        messages.warning(request, f"Outside the library’s range, kept as you set it: {line}.")


def assigned(request: HttpRequest, catalog: Catalog, state: State, patient: User) -> HttpResponse:
    draft = draft_of(catalog, state.phase, state.flare, state.rows)
    version = prescriptions.assign(
        _user(request), patient, catalog, draft, state.note, timezone.now()
    )
    _warn(request, catalog, draft)
    messages.success(
        request,
        f"Version {version.number} assigned to {display_name(patient)}: they see it on Today.",
    )
    return redirect("clinic:program-versions", patient_id=patient.pk)


def saved_template(
    request: HttpRequest, catalog: Catalog, state: State, patient: User | None
) -> HttpResponse:
    draft = draft_of(catalog, state.phase, state.flare, state.rows)
    template = prescriptions.save_template(
        _user(request), catalog, draft, state.template_name, timezone.now()
    )
    _warn(request, catalog, draft)
    messages.success(request, f"Saved as the clinic's template “{template.name}”.")
    if patient is not None:
        return redirect(
            f"{reverse('clinic:program', args=[patient.pk])}?start=template:{template.pk}"
        )
    return redirect("clinic:template", template_id=template.pk)


# --------------------------------------------------------------------------------------------
# Rendering


def rows_for_page(catalog: Catalog, rows: list[Row]) -> list[dict[str, Any]]:
    shown = []
    for n, row in enumerate(rows):
        exercise = catalog.exercise(row["exercise"]) if row["exercise"] in catalog else None
        ranges = prescriptions.library_ranges(exercise) if exercise else {}
        library = [
            f"{prescriptions.LABELS[k]} {r[0]}–{r[1]}"
            if r[0] != r[1]
            else f"{prescriptions.LABELS[k]} {r[0]}"
            for k, r in ranges.items()
            if r is not None
        ]
        shown.append(
            {
                "n": n,
                "row": row,
                "exercise": exercise,
                "name": exercise.name if exercise else row["exercise"],
                "library": ", ".join(library),
                "per_side": bool(exercise and exercise.dosage.per_side),
            }
        )
    return shown


def render_builder(
    request: HttpRequest,
    catalog: Catalog,
    state: State,
    *,
    patient: User | None,
    template: ProgramTemplate | None,
    errors: list[str],
) -> HttpResponse:
    lib_form, found = library_results(request.POST if "filter" in request.POST else None, catalog)
    flare_choices = [e for e in catalog.exercises if 1 in e.phases]
    context = {
        "patient": patient,
        "name": display_name(patient) if patient else "",
        "template": template,
        "state": state,
        "rows": rows_for_page(catalog, state.rows),
        "count": len(state.rows),
        "errors": errors,
        "lib_form": lib_form,
        "found": found,
        "total": len(catalog.exercises),
        "routines": prescriptions.starter_routines(catalog),
        "templates": scoping.templates_of(request.user).only("pk", "name"),
        "phases": [(str(p), f"Phase {p}: {stage_words(p)}") for p in (1, 2, 3)],
        "flare_choices": flare_choices,
        "max_items": prescriptions.MAX_ITEMS,
        # The library opens by itself when there is nothing yet or it was just used.
        "library_open": not state.rows or "filter" in request.POST or "add" in request.POST,
    }
    return render(request, "clinic/builder.html", context, status=400 if errors else 200)


def builder(
    request: HttpRequest, *, patient: User | None, template: ProgramTemplate | None
) -> HttpResponse:
    catalog = current_catalog()
    errors: list[str] = []
    if request.method == "POST":
        state = State.posted(request.POST)
        response, errors = act(request, catalog, state, patient)
        if response is not None:
            return response
    else:
        state = initial_state(request, catalog, patient, template)
        if "start" in request.GET:
            try:
                state = State.of(start_draft(request, catalog, patient))
            except PrescriptionError as error:
                errors.append(str(error))
    return render_builder(
        request, catalog, state, patient=patient, template=template, errors=errors
    )


def initial_state(
    request: HttpRequest, catalog: Catalog, patient: User | None, template: ProgramTemplate | None
) -> State:
    if template is not None:
        return State.of(prescriptions.draft_from_stored(template), template_name=template.name)
    version = prescriptions.active_version(patient) if patient is not None else None
    if version is not None:
        return State.of(prescriptions.draft_from_stored(version))
    return State.of(Draft())


# --------------------------------------------------------------------------------------------
# Views


@require_http_methods(["GET", "POST"])
@staff_required
def program(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = scoping.patient_of(request.user, patient_id)
    _audit(request, [patient.pk], "program")
    return builder(request, patient=patient, template=None)


@require_GET
@staff_required
def program_versions(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient, prescription = scoping.prescription_of(request.user, patient_id)
    _audit(request, [patient.pk], "program versions")
    catalog = current_catalog()
    versions = prescriptions.versions_of(prescription)
    by_number = {v.number: v for v in versions}
    newer = _chosen(request, "b", by_number, versions[0].number if versions else 0)
    older = _chosen(request, "a", by_number, newer.number - 1 if newer else 0)
    changes = prescriptions.diff(catalog, older, newer) if newer is not None else []
    context = {
        "patient": patient,
        "name": display_name(patient),
        "versions": [(v, _items_for_page(catalog, v.items)) for v in versions],
        "older": older,
        "newer": newer,
        "changes": changes,
    }
    return render(request, "clinic/program_versions.html", context)


def _chosen(request: HttpRequest, key: str, by_number: dict[int, Any], default: int) -> Any:
    raw = request.GET.get(key, "")
    return by_number.get(int(raw) if raw.isdigit() else default)


def _items_for_page(catalog: Catalog, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    shown = []
    for data in items:
        item = Item.from_dict(data)
        name = catalog.exercise(item.exercise).name if item.exercise in catalog else item.exercise
        shown.append(
            {
                "item": item,
                "name": name,
                "dose": prescriptions.dose_words(item),
                "schedule": prescriptions.schedule_words(item),
            }
        )
    return shown


@require_GET
@staff_required
def templates(request: HttpRequest) -> HttpResponse:
    rows = scoping.templates_of(request.user)
    return render(request, "clinic/templates.html", {"templates": rows})


@require_http_methods(["GET", "POST"])
@staff_required
def template_new(request: HttpRequest) -> HttpResponse:
    return builder(request, patient=None, template=None)


@require_http_methods(["GET", "POST"])
@staff_required
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = scoping.template_of(request.user, template_id)
    return builder(request, patient=None, template=template)


@require_POST
@patient_required
def program_seen(request: HttpRequest) -> HttpResponse:
    """The patient dismissed "Your physiotherapist changed your program"."""
    prescriptions.mark_seen(_user(request))
    return redirect("today")
