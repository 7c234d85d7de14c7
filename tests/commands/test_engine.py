"""``supple screen``, ``supple plan``, ``supple decide`` on the shipped library.

Most tests run the CLI in-process through ``supple.cli.main`` and check what it prints; a few
run the installed ``supple`` command to prove that bad input never shows a traceback.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referencing import Registry, Resource

from supple.cli import main
from supple.content import load_catalog
from supple.domain import planner, safety
from supple.domain.planner import Profile, make_plan
from supple.interop import engine_json
from tests.domain.test_planner import check_invariants

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
SUPPLE = Path(sys.executable).parent / "supple"
CATALOG = load_catalog()
CLEAR = dict.fromkeys(safety.ASKED_IDS, False)
TODAY = "2024-06-14"

PROFILE: dict[str, Any] = {
    "pain_now": 3,
    "weeks_since_onset": 4,
    "age": 50,
    "can_get_on_floor": True,
    "minutes": 15,
    "equipment": [],
    "direction": "neither",
    "exclude": [],
    "screen": CLEAR,
}
HISTORY: dict[str, Any] = {
    "today": TODAY,
    "intake_pain": 4,
    "sessions": [
        {
            "date": "2024-06-11",
            "p_pre": 3,
            "p_post": 3,
            "p_next": 3,
            "exercises": [
                {"exercise": "bridge", "p_during": 2, "spread": False, "completed": True}
            ],
        },
        {
            "date": "2024-06-13",
            "p_pre": 3,
            "p_post": 2,
            "p_next": 2,
            "exercises": [
                {"exercise": "bridge", "p_during": 5, "spread": False, "completed": True}
            ],
        },
    ],
}


def output_validator(name: str) -> jsonschema.protocols.Validator:
    schemas = [
        json.loads(p.read_text()) for p in sorted(engine_json.SCHEMA_DIR.glob("*.schema.json"))
    ]
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas
    )
    schema = json.loads((engine_json.SCHEMA_DIR / f"{name}.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, data: object, *args: str
) -> tuple[int, str, str]:
    """Run ``supple COMMAND --<input> FILE ARGS`` with ``data`` written to FILE."""
    option = {"screen": "--answers", "plan": "--profile", "decide": "--history"}[command]
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    code = main([command, option, str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, data: object, *args: str
) -> Any:
    code, out, err = run(capsys, tmp_path, command, data, "--json", *args)
    assert code == 0, err
    assert err == ""
    result = json.loads(out)
    schema = {"screen": "screen-result", "plan": "plan", "decide": "decisions"}[command]
    output_validator(schema).validate(result)
    return result


# --------------------------------------------------------------------------------------------
# screen


def test_screen_prints_the_outcome_flags_and_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run_json(capsys, tmp_path, "screen", {**CLEAR, "U4": True})
    assert result["outcome"] == "urgent"
    assert result["flags"] == ["U4"]
    assert "48 hours" in result["message"]
    assert set(result) == {"outcome", "flags", "message"}


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        (CLEAR, "clear"),
        ({**CLEAR, "E5": True}, "emergency"),
        ({**CLEAR, "C1": True}, "clearance"),
        ({**CLEAR, "G1": True}, "gp"),
        ({"E1": False}, "incomplete"),
        ({**CLEAR, "E2": None}, "incomplete"),
        ({**CLEAR, "U3": True, "checked": ["U3"]}, "clear"),
        ({**CLEAR, "G4": True}, "gp"),
    ],
)
def test_screen_outcomes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: dict[str, Any], outcome: str
) -> None:
    assert run_json(capsys, tmp_path, "screen", answers)["outcome"] == outcome


def test_screen_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps({**CLEAR, "E7": True}).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["screen", "--answers", "-", "--json", "--emergency-number", "999"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "emergency"
    assert "call 999" in result["message"]


def test_the_emergency_number_comes_from_the_setting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPLE_EMERGENCY_NUMBER", "911")
    assert "call 911" in run_json(capsys, tmp_path, "screen", {"E1": True})["message"]


def test_screen_human_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "screen", {**CLEAR, "G3": True})
    assert code == 0
    assert "Outcome: gp" in out
    assert "G3" in out
    code, out, _ = run(capsys, tmp_path, "screen", {**CLEAR, "E1": True})
    assert out.startswith("Seek emergency care now")


# --------------------------------------------------------------------------------------------
# plan


def test_plan_prints_the_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_json(capsys, tmp_path, "plan", PROFILE, "--date", TODAY)
    assert result["phase"] == 1
    assert result["flare"] is False
    assert result["blocked"] is None
    assert result["items"]
    assert result["seconds"] == sum(i["seconds"] for i in result["items"])
    assert result["seconds"] <= 15 * 60
    assert set(result) == {"phase", "flare", "items", "seconds", "blocked", "notes"}
    assert set(result["items"][0]) == {"exercise", "hold_s", "reps", "sets", "per_side", "seconds"}


def test_plan_for_someone_who_cannot_get_down_uses_the_in_bed_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = {**PROFILE, "can_get_on_floor": False, "age": 78}
    result = run_json(capsys, tmp_path, "plan", profile, "--date", TODAY)
    ids = [i["exercise"] for i in result["items"]]
    assert ids[0] == "breathing-body-scan"
    assert not any(CATALOG.exercise(i).floor_only for i in ids)
    assert any("Early-phase morning routine" in n for n in result["notes"])


def test_plan_blocked_by_the_screen_has_no_items(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = {**PROFILE, "screen": {**CLEAR, "C1": True}}
    result = run_json(capsys, tmp_path, "plan", profile, "--date", TODAY)
    assert result["blocked"] == "clearance"
    assert result["items"] == []


def test_a_plan_blocked_by_an_emergency_shows_the_emergency_message_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = {**PROFILE, "screen": {**CLEAR, "E6": True}}
    code, out, _ = run(capsys, tmp_path, "plan", profile, "--emergency-number", "999")
    assert code == 0
    assert out.startswith("Seek emergency care now: call 999")
    assert "plan" not in out.lower()


def test_plan_on_a_flare_day(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_json(capsys, tmp_path, "plan", {**PROFILE, "pain_now": 7}, "--date", TODAY)
    assert result["flare"] is True
    ids = [i["exercise"] for i in result["items"]]
    assert ids[0] == "breathing-body-scan"
    assert ids[-1] == "walk"


def test_plan_human_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "plan", PROFILE, "--date", TODAY)
    assert code == 0
    assert "Today's plan: phase 1" in out
    assert "Estimated time" in out


def test_plan_varies_with_the_date_and_not_otherwise(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = {**PROFILE, "phase": 2}
    first = run_json(capsys, tmp_path, "plan", profile, "--date", TODAY)
    assert run_json(capsys, tmp_path, "plan", profile, "--date", TODAY) == first
    days = {
        json.dumps(
            run_json(capsys, tmp_path, "plan", profile, "--date", str(date(2024, 6, 14 + n)))[
                "items"
            ]
        )
        for n in range(7)
    }
    assert len(days) > 1


# --------------------------------------------------------------------------------------------
# decide


def test_decide_prints_the_program_and_each_exercise(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run_json(capsys, tmp_path, "decide", HISTORY)
    assert result["program"]["action"] == "continue"
    assert result["program"]["trend"] in ("steady", "no-progress", "regress")
    [bridge] = result["exercises"]
    assert bridge == {
        "exercise": "bridge",
        "colour": "amber",
        "decision": "hold",
        "reason": "held: pain during Bridge was 5/10 on Thursday 13 June",
    }


def test_decide_human_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "decide", HISTORY)
    assert code == 0
    assert "Program: continue" in out
    assert "Bridge" in out


def test_decide_accepts_missing_next_morning_pain_and_last_progressed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = json.loads(json.dumps(HISTORY))
    history["sessions"][1]["exercises"][0]["p_during"] = 1
    del history["sessions"][1]["p_next"]
    history["last_progressed"] = {"bridge": "2024-06-10"}
    [bridge] = run_json(capsys, tmp_path, "decide", history)["exercises"]
    assert bridge["decision"] == "hold"
    assert "less than 7 days" in bridge["reason"]


# --------------------------------------------------------------------------------------------
# Bad input: one line naming the problem, non-zero exit


def _session(**changes: Any) -> dict[str, Any]:
    s = json.loads(json.dumps(HISTORY["sessions"][0]))
    s.update(changes)
    return s


BAD = [
    ("screen", "{", "malformed JSON"),
    ("screen", "", "is empty"),
    ("screen", "[]", "expected a JSON object"),
    ("screen", '{"E1": false, "E1": true}', "duplicate key 'E1'"),
    ("screen", '{"E1": NaN}', "NaN"),
    ("screen", {"E1": "no"}, "E1: expected true, false or null"),
    ("screen", {"E1": 0}, "E1: expected true, false or null"),
    ("screen", {"Q1": True}, "unknown field 'Q1'"),
    ("screen", {**CLEAR, "E1": True, "checked": ["E1"]}, "E1 cannot be marked"),
    ("plan", {**PROFILE, "pain_now": 11}, "pain_now: 11 is above the maximum of 10"),
    ("plan", {**PROFILE, "pain_now": -1}, "pain_now: -1 is below the minimum of 0"),
    ("plan", {**PROFILE, "pain_now": True}, "pain_now: expected a whole number, got true"),
    ("plan", {**PROFILE, "pain_now": 3.5}, "pain_now: expected a whole number"),
    ("plan", {**PROFILE, "minutes": "ten"}, "minutes: expected a number"),
    ("plan", {**PROFILE, "minutes": False}, "minutes: expected a number, got false"),
    ("plan", {**PROFILE, "minutes": 2}, "minutes: 2 is below the minimum of 5"),
    ("plan", {**PROFILE, "age": 12}, "age: 12 is below the minimum of 16"),
    ("plan", {**PROFILE, "can_get_on_floor": "yes"}, "can_get_on_floor: expected true or false"),
    ("plan", {**PROFILE, "direction": "sideways"}, 'direction: "sideways" is not one of'),
    ("plan", {**PROFILE, "phase": 4}, "phase: 4 is above the maximum of 3"),
    ("plan", {**PROFILE, "exclude": ["moonwalk"]}, "exclude: unknown exercise id 'moonwalk'"),
    ("plan", {**PROFILE, "equipment": ["trampoline"]}, "equipment: unknown item 'trampoline'"),
    ("plan", {**PROFILE, "colour": "blue"}, "unknown field 'colour'"),
    ("plan", {k: v for k, v in PROFILE.items() if k != "age"}, "missing field 'age'"),
    ("plan", {**PROFILE, "screen": {"E9": True}}, "screen: unknown field 'E9'"),
    ("decide", {**HISTORY, "today": "2024-02-30"}, "today: '2024-02-30' is not a real date"),
    ("decide", {**HISTORY, "today": "14/06/2024"}, 'today: "14/06/2024" is not'),
    ("decide", {**HISTORY, "intake_pain": 12}, "intake_pain: 12 is above the maximum of 10"),
    (
        "decide",
        {**HISTORY, "sessions": [_session(date="2024-06-20")]},
        "sessions[0].date: 2024-06-20 is after today (2024-06-14)",
    ),
    (
        "decide",
        {**HISTORY, "sessions": [_session(date="2023-02-29")]},
        "sessions[0].date: '2023-02-29' is not a real date",
    ),
    (
        "decide",
        {**HISTORY, "sessions": [_session(p_next=True)]},
        "sessions[0].p_next: expected a whole number or null, got true",
    ),
    (
        "decide",
        {
            **HISTORY,
            "sessions": [
                _session(
                    exercises=[
                        {"exercise": "moonwalk", "p_during": 1, "spread": False, "completed": True}
                    ]
                )
            ],
        },
        "sessions[0].exercises[0].exercise: unknown exercise id 'moonwalk'",
    ),
    (
        "decide",
        {
            **HISTORY,
            "sessions": [
                _session(
                    exercises=[
                        {"exercise": "bridge", "p_during": 11, "spread": False, "completed": True}
                    ]
                )
            ],
        },
        "sessions[0].exercises[0].p_during: 11 is above the maximum of 10",
    ),
    (
        "decide",
        {**HISTORY, "sessions": [_session(exercises=[{"exercise": "bridge", "p_during": 1}])]},
        "sessions[0].exercises[0]: missing field 'spread'",
    ),
    ("decide", {**HISTORY, "sessions": [_session(mood="fine")]}, "unknown field 'mood'"),
    (
        "decide",
        {**HISTORY, "last_progressed": {"moonwalk": "2024-06-01"}},
        "last_progressed.moonwalk: unknown exercise id 'moonwalk'",
    ),
    (
        "decide",
        {**HISTORY, "last_progressed": {"bridge": "2024-07-01"}},
        "last_progressed.bridge: 2024-07-01 is after today",
    ),
]


@pytest.mark.parametrize(("command", "data", "message"), BAD)
def test_bad_input_gives_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: str,
    data: object,
    message: str,
) -> None:
    code, out, err = run(capsys, tmp_path, command, data, "--json")
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("supple: error: ")
    assert message in err, err


def test_a_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["plan", "--profile", str(tmp_path / "nope.json")]) == 1
    err = capsys.readouterr().err
    assert "cannot read" in err
    assert err.count("\n") == 1


def test_a_bad_date_option_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, tmp_path, "plan", PROFILE, "--date", "2024-13-01")
    assert code == 1
    assert "--date: '2024-13-01' is not a real date" in err


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["plan", "--profile", "-", "--json"], '{"pain_now": true}'),
        (["decide", "--history", "-"], '{"today": "2024-02-31", "intake_pain": 3, "sessions": []}'),
        (["screen", "--answers", "-"], "\xff\xfe not json"),
        (["decide", "--history", "-"], "[" * 100_000),
    ],
)
def test_the_installed_command_never_shows_a_traceback(args: list[str], stdin: str) -> None:
    result = subprocess.run(
        [str(SUPPLE), *args],
        input=stdin.encode("latin-1"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in err
    assert err.startswith("supple: error: ")
    assert err.count("\n") == 1


def test_the_installed_command_plans_from_standard_input() -> None:
    result = subprocess.run(
        [str(SUPPLE), "plan", "--profile", "-", "--json", "--date", TODAY],
        input=json.dumps(PROFILE).encode(),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"]


def test_the_engine_commands_import_only_the_standard_library_at_start() -> None:
    code = (
        "import sys, supple.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('jsonschema', 'rich', 'yaml', 'django') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------
# The documented examples


def _example_command(path: Path) -> str:
    return {"screen": "screen", "profile": "plan", "history": "decide"}[path.stem.split("-")[0]]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_documented_example_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, path: Path
) -> None:
    command = _example_command(path)
    args = ["--date", TODAY] if command == "plan" else []
    result = run_json(capsys, tmp_path, command, path.read_text(), *args)
    assert result


def test_the_examples_cover_every_command() -> None:
    assert {_example_command(p) for p in EXAMPLES.glob("*.json")} == {"screen", "plan", "decide"}


def test_the_shipped_schemas_are_valid_and_describe_the_outputs() -> None:
    for name in engine_json.SCHEMAS:
        schema = engine_json.schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
    answers = engine_json.schema("screen-answers")["properties"]
    assert set(answers) == {*safety.QUESTION_IDS, "checked"}


# --------------------------------------------------------------------------------------------
# Invariants over the real library

REAL_PROFILES = st.builds(
    Profile,
    pain_now=st.integers(0, 10),
    weeks_since_onset=st.integers(0, 520),
    age=st.integers(16, 100),
    can_get_on_floor=st.booleans(),
    minutes=st.integers(planner.MIN_MINUTES, 60),
    equipment=st.frozensets(st.sampled_from(sorted(planner.prepare(CATALOG).equipment))),
    direction=st.sampled_from(["flexion", "extension", "neither"]),
    exclude=st.frozensets(st.sampled_from([e.id for e in CATALOG.exercises]), max_size=8),
    phase=st.one_of(st.none(), st.integers(1, 3)),
    screen=st.one_of(
        st.none(),
        st.just(CLEAR),
        st.dictionaries(st.sampled_from(safety.ASKED_IDS), st.booleans()),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REAL_PROFILES, st.integers(0, 365))
def test_plan_invariants_on_the_real_library(p: Profile, offset: int) -> None:
    plan = make_plan(p, CATALOG, date(2024, 1, 1) + timedelta(days=offset))
    check_invariants(plan, p, CATALOG)
    if plan.blocked is None and not p.exclude:
        assert plan.items
        kinds = {CATALOG.exercise(i.exercise).kind for i in plan.items}
        if not plan.flare:
            assert kinds & {"mobility", "stretch"}
            if plan.phase >= 2:
                assert "strength" in kinds
    if p.screen is not None and safety.screen(p.screen).blocked:
        assert plan.items == ()


GROUPS = {
    "supine": "lying",
    "side-lying": "lying",
    "prone": "lying",
    "quadruped": "kneeling",
    "kneeling": "kneeling",
    "seated": "seated",
    "standing": "standing",
}


@settings(max_examples=100, deadline=None)
@given(REAL_PROFILES, st.integers(0, 365))
def test_after_the_warm_up_nobody_gets_up_and_down_again(p: Profile, offset: int) -> None:
    plan = make_plan(p, CATALOG, date(2024, 1, 1) + timedelta(days=offset))
    runs: list[str] = []
    for item in plan.items[1:]:
        group = GROUPS[CATALOG.exercise(item.exercise).position]
        if not runs or runs[-1] != group:
            runs.append(group)
    assert len(runs) == len(set(runs)), [i.exercise for i in plan.items]


def test_plan_says_a_breathing_exercise_and_a_walk_as_durations(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `plan` words doses as `today` does: the scan and the walk are "For ...", not "Hold".
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, tmp_path, "plan", {**PROFILE, "pain_now": 7}, "--date", TODAY)
    assert code == 0
    rows = {line.split("│")[2].strip(): line for line in out.splitlines() if line.count("│") > 3}
    assert "For 1 min" in rows["Breathing body scan"]
    assert "For " in rows["Walk"]
    assert "Hold" not in rows["Breathing body scan"] + rows["Walk"]
