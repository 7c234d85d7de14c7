"""``supple show ID --figure out.png``: the start and end positions as a PNG."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from supple.cli import main


def test_show_writes_the_figure_as_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bridge.png"
    assert main(["show", "bridge", "--figure", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Bridge" in out
    assert f"Wrote {target}" in out
    with Image.open(target) as image:
        assert image.format == "PNG"
        assert image.width > 400
    assert list(tmp_path.iterdir()) == [target], "no temporary file left behind"


def test_with_json_the_output_stays_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "walk.png"
    assert main(["show", "walk", "--json", "--figure", str(target)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figure"]["view"] == "side"
    assert target.stat().st_size > 1000


def test_a_dash_writes_only_the_image_to_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "supple", "show", "cat-camel", "--figure", "-"],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0
    assert Image.open(io.BytesIO(result.stdout)).format == "PNG"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "nope", "--figure", "{dir}/x.png"], "no exercise has the id 'nope'"),
        (["show", "bridge", "--figure", "{dir}/x.jpg"], "give a file name ending in .png"),
        (["show", "bridge", "--figure", "{dir}/missing/x.png"], "cannot write"),
    ],
)
def test_bad_figure_requests_fail_with_one_line_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [a.format(dir=tmp_path) for a in argv]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("supple: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert not any(tmp_path.rglob("*.png"))
    assert not any(tmp_path.rglob("*.partial"))
