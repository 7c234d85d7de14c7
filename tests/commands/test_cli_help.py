"""The command line's rough edges (issue 12, item 8): grouped help, "did you mean", one
``supple: error:`` line for every usage error, case-insensitive exercise ids, and the engine's
input limits."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import pytest

from supple import cli
from supple.cli import main


def test_the_help_groups_every_registered_command_daily_use_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = cli.build_parser()
    registered = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    assert set(cli.NAMES) == registered
    assert len(cli.NAMES) == len(registered)
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    daily = out.index("Your daily program:")
    admin = out.index("Running Supple (administration):")
    assert daily < out.index("  today ") < out.index("  go ") < admin < out.index("  serve ")
    assert "Examples:" in out
    assert "supple show bridge" in out


def test_bare_supple_prints_the_short_help_and_succeeds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Your daily program:" in out
    assert "serve" not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["tody"], "supple: error: there is no command 'tody' (did you mean today?)"),
        (["exercize"], "supple: error: there is no command 'exercize' (did you mean exercises?)"),
        (["decide"], "supple: error: the following arguments are required: --history"),
        (["export", "--format", "jsn"], "supple: error: argument --format: invalid choice: 'jsn'"),
        (["export", "--format", "xml"], "supple: error: argument --format: invalid choice: 'xml'"),
    ],
)
def test_usage_errors_are_one_supple_error_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    try:
        code = main(argv)
    except SystemExit as stop:
        code = int(stop.code or 0)
    assert code == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(expected)
    if argv[-1] == "jsn":
        assert "(did you mean json?)" in lines[0]


def test_a_command_in_capitals_is_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["Tips", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_exercise_ids_are_case_insensitive_with_did_you_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "Bridge", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "bridge"
    assert main(["show", "Cat-Camel", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "cat-camel"
    assert main(["show", "brige"]) == 1
    assert capsys.readouterr().err.startswith(
        "supple: error: no exercise has the id 'brige' (did you mean bridge?)"
    )


def test_the_engine_refuses_input_over_5_mb_and_huge_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    big = tmp_path / "history.json"
    big.write_bytes(b" " * (5 * 1024 * 1024) + b"{}")
    assert main(["decide", "--history", str(big)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"supple: error: {big}: is larger than 5 MB, the most the engine reads"
    ]
    stdin = io.TextIOWrapper(io.BytesIO(b'{"pain_now": ' + b"9" * 5000 + b"}"))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["plan", "--profile", "-"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "supple: error: profile (standard input): a number of 5000 digits is too large"
    ]
