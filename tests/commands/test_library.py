from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from supple.cli import main
from supple.commands import library as library_commands
from supple.content import load_catalog
from supple.domain import catalog as domain
from supple.library.models import Exercise

PRODUCT_FIELDS = {
    "id",
    "name",
    "aliases",
    "kind",
    "position",
    "surfaces",
    "direction",
    "equipment",
    "phases",
    "dosage",
    "steps",
    "cautions",
    "easier",
    "harder",
    "sources",
}


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_exercises_json_lists_the_whole_library(capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_json(capsys, "exercises", "--json")
    assert [e["id"] for e in listed] == [e.id for e in load_catalog().exercises]
    for exercise in listed:
        assert set(exercise) >= PRODUCT_FIELDS, exercise["id"]
        assert exercise["steps"], exercise["id"]
        assert set(exercise["dosage"]) == {"hold_s", "reps", "sets", "per_side", "frequency"}
        assert all(source["seed"] and source["quote"] for source in exercise["sources"])


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--surface", "bed", "surfaces"),
        ("--kind", "stretch", "kind"),
        ("--position", "supine", "position"),
        ("--phase", "2", "phases"),
    ],
)
def test_exercises_filters(
    capsys: pytest.CaptureFixture[str], option: str, value: str, field: str
) -> None:
    listed = run_json(capsys, "exercises", option, value, "--json")
    assert listed
    expected = int(value) if field == "phases" else value
    for exercise in listed:
        held = exercise[field]
        assert expected in held if isinstance(held, list) else held == expected


def test_exercises_search_finds_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_json(capsys, "exercises", "--search", "bridge", "--json")
    assert "bridge" in [e["id"] for e in listed]


def test_the_table_lists_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "--kind", "strength"]) == 0
    out = capsys.readouterr().out
    assert "exercises" in out
    assert "Bridge" in out


def test_show_prints_one_exercise(capsys: pytest.CaptureFixture[str]) -> None:
    first = load_catalog().exercises[0]
    assert run_json(capsys, "show", first.id, "--json") == first.as_dict()
    assert main(["show", first.id]) == 0
    assert first.name in capsys.readouterr().out


def test_show_an_unknown_id_is_one_line_and_fails() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supple", "show", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("supple: error: no exercise has the id 'nope'")


def test_an_unknown_filter_value_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["exercises", "--surface", "trampoline"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'trampoline'" in capsys.readouterr().err


def test_routines_and_tips(capsys: pytest.CaptureFixture[str]) -> None:
    routines = run_json(capsys, "routines", "--json")
    assert {r["id"] for r in routines} >= {"phase-1", "phase-2", "phase-3"}
    tips = run_json(capsys, "tips", "--json")
    assert tips
    assert all(t["sources"] for t in tips)
    assert main(["routines"]) == 0
    assert main(["tips"]) == 0


def test_the_cli_vocabularies_are_the_domains() -> None:
    assert library_commands.POSITIONS == domain.POSITIONS
    assert library_commands.SURFACES == domain.SURFACES
    assert library_commands.KINDS == domain.KINDS


def test_library_load_is_idempotent(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["library", "load"]) == 0
    total = len(load_catalog().exercises)
    assert Exercise.objects.count() == total
    assert "added" in capsys.readouterr().out
    assert main(["library", "load"]) == 0
    assert capsys.readouterr().out.startswith("Library loaded: 0 added, 0 updated,")
    assert Exercise.objects.count() == total


def test_broken_library_files_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from supple import content

    def broken() -> None:
        raise content.ContentError("exercises/bridge.yaml", "dosage.reps", "[10, 5] is not valid")

    monkeypatch.setattr(content, "load_catalog", broken)
    assert main(["exercises"]) == 1
    assert capsys.readouterr().err == (
        "supple: error: the library files are broken: "
        "exercises/bridge.yaml: dosage.reps: [10, 5] is not valid\n"
    )
