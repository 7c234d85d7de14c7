"""Load the exercise library from its data files, checking every file against its schema.

The shipped files live next to this module::

    exercises/<id>.yaml      one exercise per file, the file named by the exercise's id
    routines.yaml            the seeds' routines and the three phases, in order
    education.yaml           education topics
    schemas/*.schema.json    a JSON Schema per file type (draft 2020-12)

``load_catalog()`` reads them once (cached) and returns a ``Catalog``; ``load_catalog(path)``
reads another directory of the same layout (tests, a clinic's own library). Any problem raises
``ContentError``, whose message names the file and the field:
``exercises/bridge.yaml: dosage.reps: [10, 5] is not a valid range``.

This package may use YAML and jsonschema, never Django: the Django side loads the library
into its tables from the ``Catalog`` this returns.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from supple.domain.catalog import (
    Catalog,
    Exercise,
    Problem,
    Routine,
    Source,
    Topic,
    find_problems,
)
from supple.domain.dosage import Dosage, DosageError, Range
from supple.figures.model import Figure, FigureError, figure_from_dict

CONTENT_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = CONTENT_DIR / "schemas"
EXERCISES = "exercises"
ROUTINES = "routines.yaml"
EDUCATION = "education.yaml"
PHASE_ROUTINE = "phase-{}"


class ContentError(ValueError):
    """A content file that cannot be loaded: the message names the file and the field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        self.message = message
        super().__init__(f"{file}: {field}: {message}" if field else f"{file}: {message}")


def load_catalog(directory: Path | None = None) -> Catalog:
    """The library in ``directory`` (default: the shipped files, read once and cached)."""
    if directory is None:
        return _shipped_catalog()
    return _load(Path(directory))


@functools.cache
def _shipped_catalog() -> Catalog:
    return _load(CONTENT_DIR)


# --------------------------------------------------------------------------------------------
# Reading files


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping (PyYAML keeps the
    last one silently, which would hide an edit)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is given twice (line {mark.line + 1})", mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, name: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(name, "", "file not found") from None
    except UnicodeDecodeError as error:
        raise ContentError(name, "", f"not UTF-8 text ({error.reason})") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(name, where, f"not valid YAML: {problem}") from None


@functools.cache
def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


def _is_range_schema(schema: object) -> bool:
    return isinstance(schema, dict) and str(schema.get("description", "")).startswith("[low, high]")


def _field_path(parts: Iterable[object]) -> str:
    return ".".join(str(p) for p in parts)


def _check_schema(data: Any, schema_name: str, name: str) -> None:
    """Raise ContentError for the first (deepest, most relevant) schema violation."""
    error = jsonschema.exceptions.best_match(_validator(schema_name).iter_errors(data))
    if error is None:
        return
    # best_match descends into a oneOf; a range is reported as a whole ("[15] is not a valid
    # range"), not by its inner branch ("[15] is too short").
    node: jsonschema.exceptions.ValidationError | None = error
    while node is not None:
        if node.validator == "oneOf" and _is_range_schema(node.schema):
            error = node
            break
        node = node.parent  # type: ignore[assignment]
    path = list(error.absolute_path)
    message = error.message
    if error.validator == "required":
        missing = re.match(r"'([^']+)' is a required property", message)
        if missing:
            path.append(missing.group(1))
            message = "is missing"
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        if extra:
            path.append(extra[0])
            message = "is not a known field"
    elif error.validator == "oneOf" and _is_range_schema(error.schema):
        message = f"{error.instance!r} is not a valid range ([low, high] whole numbers, or null)"
    raise ContentError(name, _field_path(path) or "(top level)", message)


# --------------------------------------------------------------------------------------------
# Building the catalog


def _range(value: object, name: str, field: str) -> Range | None:
    if value is None:
        return None
    assert isinstance(value, list)  # the schema guarantees [int, int]
    low, high = value
    try:
        return Range(low, high)
    except DosageError:
        raise ContentError(
            name, field, f"{value!r} is not a valid range (its low end is above its high end)"
        ) from None


def _sources(items: Sequence[Mapping[str, str]]) -> tuple[Source, ...]:
    return tuple(Source(seed=s["seed"], quote=s["quote"]) for s in items)


def _exercise(data: Mapping[str, Any], name: str) -> Exercise:
    d = data["dosage"]
    dosage = Dosage(
        hold_s=_range(d["hold_s"], name, "dosage.hold_s"),
        reps=_range(d["reps"], name, "dosage.reps"),
        sets=_range(d["sets"], name, "dosage.sets"),
        per_side=d["per_side"],
        frequency=d["frequency"],
    )
    return Exercise(
        id=data["id"],
        name=data["name"],
        aliases=tuple(data["aliases"]),
        summary=data["summary"],
        kind=data["kind"],
        position=data["position"],
        surfaces=tuple(data["surfaces"]),
        equipment=tuple(data["equipment"]),
        direction=data["direction"],
        end_range=data["end_range"],
        phases=tuple(data["phases"]),
        dosage=dosage,
        steps=tuple(data["steps"]),
        cautions=tuple(data["cautions"]),
        tips=tuple(data["tips"]),
        easier=tuple(data["easier"]),
        harder=tuple(data["harder"]),
        sources=_sources(data["sources"]),
        notes=tuple(data["notes"]),
        from_seeds=data["from_seeds"],
        equipment_alternatives=tuple(data.get("equipment_alternatives", ())),
        figure=_figure(data.get("figure"), name),
    )


def _figure(data: object, name: str) -> Figure | None:
    """The figure block (its shape is the schema's; angles and names are checked here)."""
    if data is None:
        return None
    assert isinstance(data, Mapping)
    try:
        return figure_from_dict(data)
    except FigureError as error:
        field, _, message = str(error).partition(": ")
        raise ContentError(name, field, message) from None


def _routine(data: Mapping[str, Any]) -> Routine:
    return Routine(
        id=data["id"],
        name=data["name"],
        summary=data["summary"],
        members=tuple(data["members"]),
        phase=data["phase"],
        sources=_sources(data["sources"]),
        notes=tuple(data["notes"]),
        surfaces=tuple(data["surfaces"]),
        frequency=data["frequency"],
    )


def _topic(data: Mapping[str, Any]) -> Topic:
    return Topic(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        points=tuple(data["points"]),
        sources=_sources(data["sources"]),
        steps=tuple(data["steps"]),
        notes=tuple(data["notes"]),
    )


def _load(directory: Path) -> Catalog:
    exercise_dir = directory / EXERCISES
    if not exercise_dir.is_dir():
        raise ContentError(f"{EXERCISES}/", "", "directory not found")
    exercises: list[Exercise] = []
    for path in sorted(exercise_dir.glob("*.yaml"), key=lambda p: p.stem):  # by id
        name = f"{EXERCISES}/{path.name}"
        data = _read_yaml(path, name)
        _check_schema(data, "exercise.schema.json", name)
        assert isinstance(data, dict)
        if data["id"] != path.stem:
            raise ContentError(name, "id", f"{data['id']!r} does not match the file name")
        exercises.append(_exercise(data, name))
    if not exercises:
        raise ContentError(f"{EXERCISES}/", "", "no exercise files (*.yaml)")

    data = _read_yaml(directory / ROUTINES, ROUTINES)
    _check_schema(data, "routines.schema.json", ROUTINES)
    assert isinstance(data, dict)
    routines = [_routine(r) for r in data["routines"]]

    data = _read_yaml(directory / EDUCATION, EDUCATION)
    _check_schema(data, "education.schema.json", EDUCATION)
    assert isinstance(data, dict)
    topics = [_topic(t) for t in data["topics"]]

    _cross_check(exercises, routines, topics)
    return Catalog(exercises=tuple(exercises), routines=tuple(routines), topics=tuple(topics))


# --------------------------------------------------------------------------------------------
# Checks across entries and files


def _where(
    problem: Problem, routines: Sequence[Routine], topics: Sequence[Topic]
) -> tuple[str, str]:
    """The file and the field (within that file) a domain Problem is about."""
    if problem.kind == "exercise":
        return f"{EXERCISES}/{problem.id}.yaml", problem.field
    entries: Sequence[Routine | Topic] = routines if problem.kind == "routine" else topics
    name, key = (ROUTINES, "routines") if problem.kind == "routine" else (EDUCATION, "topics")
    index = next((n for n, e in enumerate(entries) if e.id == problem.id), None)
    prefix = f"{key}.{index}" if index is not None else key
    return name, f"{prefix}.{problem.field}" if problem.field != "id" else f"{prefix}.id"


def _cross_check(
    exercises: Sequence[Exercise], routines: Sequence[Routine], topics: Sequence[Topic]
) -> None:
    problems = find_problems(exercises, routines, topics)
    if problems:
        first = problems[0]
        name, field = _where(first, routines, topics)
        label = f" ({first.id})" if first.kind != "exercise" else ""
        raise ContentError(name, field, first.message + label)
    # The phase routines and the exercises' phases must agree both ways.
    for phase in (1, 2, 3):
        routine_id = PHASE_ROUTINE.format(phase)
        index = next((n for n, r in enumerate(routines) if r.id == routine_id), None)
        if index is None:
            raise ContentError(ROUTINES, "routines", f"no routine {routine_id!r}")
        routine = routines[index]
        if routine.phase != phase:
            raise ContentError(ROUTINES, f"routines.{index}.phase", f"{routine_id} must be {phase}")
        members = set(routine.members)
        for e in exercises:
            if phase in e.phases and e.id not in members:
                raise ContentError(
                    ROUTINES,
                    f"routines.{index}.members",
                    f"{e.id!r} has phase {phase} but is not a member of {routine_id}",
                )
        for n, member in enumerate(routine.members):
            exercise = next(e for e in exercises if e.id == member)
            if phase not in exercise.phases:
                raise ContentError(
                    ROUTINES,
                    f"routines.{index}.members.{n}",
                    f"{member!r} is not a phase-{phase} exercise (its phases: "
                    f"{list(exercise.phases)})",
                )
