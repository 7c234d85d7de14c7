"""Loading the library: schemas checked on load, cross-checks, and errors that name the file and
the field. Malformed files are made by copying the shipped content directory and breaking it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from supple.content import ContentError, load_catalog
from supple.content.loader import CONTENT_DIR, SCHEMA_DIR
from supple.domain.catalog import (
    DIRECTIONS,
    EQUIPMENT,
    KINDS,
    PHASES,
    POSITIONS,
    SURFACES,
    Catalog,
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the shipped content files, to break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load_error(directory: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_catalog(directory)
    return caught.value


# -- the shipped library ---------------------------------------------------------------------


def test_the_shipped_library_loads_and_is_consistent() -> None:
    catalog = load_catalog()
    assert isinstance(catalog, Catalog)
    assert catalog.exercises
    assert catalog.problems() == []


def test_the_shipped_library_is_loaded_once() -> None:
    assert load_catalog() is load_catalog()


def test_a_directory_is_loaded_afresh_and_equals_the_shipped_files(content: Path) -> None:
    catalog = load_catalog(content)
    assert catalog is not load_catalog()
    assert catalog == load_catalog()


def test_content_error_is_a_value_error_naming_file_and_field() -> None:
    error = ContentError("exercises/bridge.yaml", "dosage.reps", "[10, 5] is not a valid range")
    assert isinstance(error, ValueError)
    assert str(error) == "exercises/bridge.yaml: dosage.reps: [10, 5] is not a valid range"
    assert (error.file, error.field) == ("exercises/bridge.yaml", "dosage.reps")


@pytest.mark.parametrize("schema", sorted(p.name for p in SCHEMA_DIR.glob("*.json")))
def test_every_schema_is_a_valid_json_schema(schema: str) -> None:
    data = json.loads((SCHEMA_DIR / schema).read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(data).check_schema(data)


def test_the_exercise_schema_uses_the_domain_vocabularies() -> None:
    schema = json.loads((SCHEMA_DIR / "exercise.schema.json").read_text(encoding="utf-8"))
    props = schema["properties"]
    assert tuple(props["kind"]["enum"]) == KINDS
    assert tuple(props["position"]["enum"]) == POSITIONS
    assert tuple(props["surfaces"]["items"]["enum"]) == SURFACES
    assert tuple(props["direction"]["enum"]) == DIRECTIONS
    assert tuple(props["phases"]["items"]["enum"]) == PHASES
    assert tuple(schema["$defs"]["equipment_list"]["items"]["enum"]) == EQUIPMENT
    routines = json.loads((SCHEMA_DIR / "routines.schema.json").read_text(encoding="utf-8"))
    routine = routines["properties"]["routines"]["items"]["properties"]
    assert tuple(routine["surfaces"]["items"]["enum"]) == SURFACES


def test_every_exercise_file_is_named_by_its_id() -> None:
    files = sorted(p.stem for p in (CONTENT_DIR / "exercises").glob("*.yaml"))
    assert files == sorted(e.id for e in load_catalog().exercises)


# -- malformed exercise files ----------------------------------------------------------------


def test_a_range_upside_down_names_the_file_and_the_field(content: Path) -> None:
    edit(content / "exercises/bridge.yaml", "reps: [3, 5]", "reps: [10, 5]")
    error = load_error(content)
    assert str(error).startswith("exercises/bridge.yaml: dosage.reps: [10, 5] is not a valid range")
    assert (error.file, error.field) == ("exercises/bridge.yaml", "dosage.reps")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("kind: strength", "kind: strenght", "kind", "'strenght' is not one of"),
        ("hold_s: [15, 15]", "hold_s: [15]", "dosage.hold_s", "[15] is not a valid range"),
        ("hold_s: [15, 15]", "hold_s: [15, -1]", "dosage.hold_s", "is not a valid range"),
        (
            "hold_s: [15, 15]",
            "hold_s: 15 seconds",
            "dosage.hold_s",
            "'15 seconds' is not a valid range",
        ),
        ("per_side: false", "per_side: maybe", "dosage.per_side", "is not of type 'boolean'"),
        ("surfaces: [floor, bed]", "surfaces: [floor, sofa]", "surfaces.1", "'sofa' is not one of"),
        ("surfaces: [floor, bed]", "surfaces: []", "surfaces", "should be non-empty"),
        ("phases: [1, 2]", "phases: [1, 4]", "phases.1", "4 is not one of"),
        ("equipment: []", "equipment: [trampoline]", "equipment.0", "'trampoline' is not one of"),
        ("end_range: false", "end_range: no-ish", "end_range", "is not of type 'boolean'"),
        ("name: Bridge\n", "", "name", "is missing"),
        ("name: Bridge\n", "name: Bridge\ncolour: red\n", "colour", "is not a known field"),
        (
            "    quote: This exercise aims to strengthen your glute and abdominal muscles.",
            '    quote: ""',
            "sources.0.quote",
            "",
        ),
        (
            "  - seed: 002_f9fe001670b5d609.txt\n    quote: This exercise aims",
            "  - seed: 002.txt\n    quote: This exercise aims",
            "sources.0.seed",
            "does not match",
        ),
        ("id: bridge", "id: Bridge", "id", "does not match"),
        ("id: bridge", "id: glute-bridge", "id", "'glute-bridge' does not match the file name"),
        ("harder: []", "harder: [nope]", "harder", "unknown exercise id 'nope'"),
        ("harder: []", "harder: [bridge]", "harder", "names the exercise itself"),
    ],
)
def test_a_broken_exercise_field_names_the_file_and_the_field(
    content: Path, old: str, new: str, field: str, message: str
) -> None:
    edit(content / "exercises/bridge.yaml", old, new)
    error = load_error(content)
    assert error.file == "exercises/bridge.yaml"
    assert error.field == field
    assert message in error.message
    assert str(error).startswith(f"exercises/bridge.yaml: {field}: ")


def test_a_ladder_link_missing_its_other_half_is_refused(content: Path) -> None:
    edit(content / "exercises/superman-opposite-arm-leg.yaml", "easier: [superman]", "easier: []")
    error = load_error(content)
    assert str(error) == (
        "exercises/superman.yaml: harder: 'superman-opposite-arm-leg' does not list 'superman' "
        "as easier"
    )


def test_a_ladder_cycle_is_refused(content: Path) -> None:
    edit(content / "exercises/superman.yaml", "easier: []", "easier: [superman-opposite-arm-leg]")
    edit(
        content / "exercises/superman-opposite-arm-leg.yaml",
        "harder: []",
        "harder: [superman]",
    )
    error = load_error(content)
    assert error.file.startswith("exercises/superman")
    assert "also listed as easier" in error.message or "cycle" in error.message


def test_an_added_step_without_a_note_is_refused(content: Path) -> None:
    path = content / "exercises/knee-push-up.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("notes:")
    end = text.index("from_seeds:")
    path.write_text(text[:start] + "notes: []\n" + text[end:], encoding="utf-8")
    error = load_error(content)
    assert (error.file, error.field) == ("exercises/knee-push-up.yaml", "notes")


def test_a_key_given_twice_is_refused(content: Path) -> None:
    edit(content / "exercises/bridge.yaml", "kind: strength\n", "kind: strength\nkind: stretch\n")
    error = load_error(content)
    assert error.file == "exercises/bridge.yaml"
    assert error.field.startswith("line ")
    assert "'kind' is given twice" in error.message


def test_broken_yaml_names_the_file_and_the_line(content: Path) -> None:
    edit(content / "exercises/bridge.yaml", "kind: strength", "kind: [strength")
    error = load_error(content)
    assert error.file == "exercises/bridge.yaml"
    assert error.field.startswith("line ")
    assert "not valid YAML" in error.message


def test_a_file_that_is_not_a_mapping_is_refused(content: Path) -> None:
    (content / "exercises/bridge.yaml").write_text("- just a list\n", encoding="utf-8")
    error = load_error(content)
    assert (error.file, error.field) == ("exercises/bridge.yaml", "(top level)")


# -- malformed routines and education --------------------------------------------------------


def test_an_unknown_routine_member_names_the_routine(content: Path) -> None:
    edit(
        content / "routines.yaml",
        "      - lower-back-rotational-stretch\n      - draw-in-maneuver\n",
        "      - nope\n      - draw-in-maneuver\n",
    )
    error = load_error(content)
    assert error.file == "routines.yaml"
    assert error.field == "routines.1.members.0"
    assert "unknown exercise id 'nope'" in error.message
    assert "(lumbago)" in error.message


def test_a_phase_routine_missing_a_phase_exercise_is_refused(content: Path) -> None:
    edit(
        content / "routines.yaml",
        "      - lying-static-leg-raise\n      - lumbar-flexion-rotation-stretch\n",
        "      - lumbar-flexion-rotation-stretch\n",
    )
    error = load_error(content)
    assert (error.file, error.field) == ("routines.yaml", "routines.4.members")
    assert "'lying-static-leg-raise' has phase 1 but is not a member of phase-1" in error.message


def test_a_phase_routine_member_of_another_phase_is_refused(content: Path) -> None:
    edit(content / "exercises/push-up.yaml", "phases: [3]", "phases: [2, 3]")
    error = load_error(content)
    assert error.file == "routines.yaml"
    assert "'push-up' has phase 2" in error.message


def test_an_exercise_phase_the_phase_routine_disagrees_with_is_refused(content: Path) -> None:
    edit(content / "exercises/walk.yaml", "phases: [1, 2, 3]", "phases: [1, 2]")
    error = load_error(content)
    assert error.file == "routines.yaml"
    assert error.field.startswith("routines.6.members.")
    assert "'walk' is not a phase-3 exercise" in error.message


def test_a_duplicate_routine_id_is_refused(content: Path) -> None:
    edit(content / "routines.yaml", "  - id: challenge\n", "  - id: lumbago\n")
    error = load_error(content)
    assert (error.file, error.field) == ("routines.yaml", "routines.1.id")
    assert "duplicate id" in error.message


def test_a_routine_without_sources_is_refused(content: Path) -> None:
    path = content / "routines.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    sources:", text.index("id: challenge"))
    end = text.index("    notes:", start)
    path.write_text(text[:start] + "    sources: []\n" + text[end:], encoding="utf-8")
    error = load_error(content)
    assert (error.file, error.field) == ("routines.yaml", "routines.3.sources")


def test_a_topic_without_points_names_the_topic_field(content: Path) -> None:
    edit(
        content / "education.yaml",
        "      - Carrying extra weight can strain your back muscles and spine.\n"
        "      - Aim to keep to a healthy weight.\n",
        "",
    )
    path = content / "education.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    points:", text.index("id: weight"))
    path.write_text(text[:start] + "    points: []\n" + text[start + len("    points:\n") :])
    error = load_error(content)
    assert error.file == "education.yaml"
    assert error.field.endswith(".points")


def test_a_missing_file_is_named(content: Path) -> None:
    (content / "education.yaml").unlink()
    error = load_error(content)
    assert error.file == "education.yaml"
    assert "not found" in error.message


def test_an_empty_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    assert "no exercise files" in str(load_error(tmp_path))
