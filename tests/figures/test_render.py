"""The figure renderers: the animated SVG (SMIL, titles for screen readers, stills under
reduced motion), the still strip for handouts, and the PNGs."""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PIL import Image

from supple.content import load_catalog
from supple.domain.catalog import Catalog
from supple.figures import model as P
from supple.figures import render as figures

CATALOG = load_catalog()
SVG = "{http://www.w3.org/2000/svg}"
IDS = [e.id for e in CATALOG.exercises]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return x, y, w, h


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_figure_is_a_small_animated_svg_with_a_title_and_a_description(
    exercise_id: str,
) -> None:
    exercise = CATALOG.exercise(exercise_id)
    svg = figures.animated_svg(exercise)
    root = parse(svg)
    assert root.attrib["role"] == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert exercise.name in (title.text or "")
    assert exercise.name in (desc.text or "")
    assert "<script" not in svg
    assert "@media (prefers-reduced-motion:reduce)" in svg
    animations = root.findall(f".//{SVG}animate")
    assert len(animations) > 8
    for animate in animations:
        times = [float(t) for t in animate.attrib["keyTimes"].split(";")]
        values = animate.attrib["values"].split(";")
        assert len(times) == len(values)
        assert times[0] == 0
        assert times[-1] == 1
        assert times == sorted(times)
        assert animate.attrib["repeatCount"] == "indefinite"
    # A few KB over the wire (the view sends it gzipped).
    assert len(svg) < 40_000
    assert len(gzip.compress(svg.encode())) < 4_500


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_figure_stays_inside_the_view_box_through_the_animation(exercise_id: str) -> None:
    exercise = CATALOG.exercise(exercise_id)
    figure = exercise.figure
    assert figure is not None
    x, y, w, h = viewbox(parse(figures.animated_svg(exercise)))
    hold = exercise.dosage.hold_s.low if exercise.dosage.hold_s else None
    line = P.timeline(figure, hold, exercise.dosage.per_side)
    for placed in P.sample(figure, line, 120):
        for name, point in placed.points.items():
            px, py, _ = figure.camera.project(point)
            r = P.POINT_RADIUS[name]
            assert x <= px - r
            assert px + r <= x + w
            assert y <= -py - r
            assert -py + r <= y + h


def test_the_animation_holds_still_while_the_ring_fills() -> None:
    svg = figures.animated_svg(CATALOG.exercise("bridge"))  # hold 15 s, shown 3 s
    root = parse(svg)
    ring = next(
        a for a in root.iter(f"{SVG}animate") if a.attrib["attributeName"] == "stroke-dashoffset"
    )
    times = ring.attrib["keyTimes"].split(";")
    values = ring.attrib["values"].split(";")
    filling = [(times[i], times[i + 1]) for i in range(len(values) - 1) if values[i + 1] == "0"]
    assert len(filling) == 1, "one hold in a bridge"
    start, end = filling[0]
    body = next(a for a in root.iter(f"{SVG}animate") if a.attrib["attributeName"] == "d")
    times, shapes = body.attrib["keyTimes"].split(";"), body.attrib["values"].split(";")
    frames = dict(zip(times, shapes, strict=True))
    assert frames[start] == frames[end], "the body does not move during the hold"
    assert "hold 15 s" in svg


def test_reduced_motion_shows_the_start_and_end_poses_side_by_side() -> None:
    root = parse(figures.animated_svg(CATALOG.exercise("cat-camel")))
    still = root.find(f"{SVG}g[@class='still']")
    assert still is not None
    halves = still.findall(f"{SVG}g")
    assert len(halves) == 2
    assert [h.find(f"{SVG}text").text for h in halves] == ["Start", "Hold 3 s"]  # type: ignore[union-attr]
    assert not still.findall(f".//{SVG}animate")


def test_the_still_strip_for_handouts_does_not_move() -> None:
    svg = figures.still_strip_svg(CATALOG.exercise("knee-to-chest"))
    root = parse(svg)
    assert root.find(f".//{SVG}animate") is None
    assert "start and end positions" in (root.find(f"{SVG}title").text or "")  # type: ignore[union-attr]
    assert len(root.findall(f"{SVG}g")) == 2


def test_the_png_strip_draws_the_figure() -> None:
    data = figures.still_strip_png(CATALOG.exercise("bridge"))
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.width > 2 * image.height
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    near = tuple(int(figures.NEAR[i : i + 2], 16) for i in (1, 3, 5))
    assert near in colours, "the figure is painted"


def test_the_contact_sheet_has_a_row_per_exercise() -> None:
    two = Catalog(exercises=(CATALOG.exercise("bridge"), CATALOG.exercise("walk")))
    image = Image.open(io.BytesIO(figures.contact_sheet(two)))
    one = Image.open(io.BytesIO(figures.contact_sheet(Catalog(exercises=two.exercises[:1]))))
    assert image.height > one.height
    assert image.format == "PNG"


def test_an_exercise_without_a_figure_has_no_picture() -> None:
    bare = replace(CATALOG.exercise("bridge"), figure=None)
    with pytest.raises(ValueError, match="has no figure"):
        figures.animated_svg(bare)
    with pytest.raises(ValueError, match="has no figure"):
        figures.still_strip_png(bare)


def test_the_description_says_what_the_figure_shows() -> None:
    text = figures.describe(CATALOG.exercise("seated-twist"))
    assert text.startswith("Animated figure of Seated twist, seen from the front")
    assert "a chair" in text
    assert "other side" in text
    assert "towel" in figures.describe(CATALOG.exercise("draw-in-maneuver"))


def test_near_and_far_limbs_are_told_apart_by_shade() -> None:
    svg = figures.animated_svg(CATALOG.exercise("knee-to-chest"))
    strokes = re.findall(r'<path d="[^"]*" stroke="(#[0-9a-f]{6})" stroke-width="8"', svg)
    # An arm and a leg each, in the animation and in both stills.
    assert strokes.count(figures.NEAR) == strokes.count(figures.FAR) == 6


def test_the_still_strip_describes_positions_not_a_moving_picture() -> None:
    from supple.content import load_catalog
    from supple.figures.render import still_strip_svg

    svg = still_strip_svg(load_catalog().exercise("bridge"))
    assert "<desc" in svg
    assert "Start and end positions of Bridge" in svg
    assert "Animated figure" not in svg


def test_near_limbs_are_edged_in_white_so_crossed_limbs_read_apart() -> None:
    svg = figures.animated_svg(CATALOG.exercise("knee-to-chest"))
    width = figures.LIMB_WIDTH + 2 * figures.EDGE_WIDTH
    edges = re.findall(rf'<path d="[^"]*" stroke="{figures.EDGE}" stroke-width="{width:g}"', svg)
    # The near arm and leg, in the animation and in both stills.
    assert len(edges) == 6


TWISTS = (
    "lying-twist",
    "lying-twist-unassisted-return",
    "lower-back-rotational-stretch",
    "lying-knee-twist",
    "low-back-roll",
)


def test_the_lying_twists_are_seen_from_above_the_side_with_the_body_across_the_picture() -> None:
    for exercise_id in TWISTS:
        figure = CATALOG.exercise(exercise_id).figure
        assert figure is not None
        start, _ = P.still_poses(figure)
        head = figure.camera.project(start.points["head"])
        pelvis = figure.camera.project(start.points["pelvis"])
        # Head to hips runs across the picture (not on a slant), so a thumbnail reads it.
        assert abs(head[1] - pelvis[1]) < 0.1 * abs(head[0] - pelvis[0]), exercise_id
