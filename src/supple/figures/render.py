"""Exercise figures as pictures: an animated SVG, a still start/end strip, PNG images.

Everything is drawn from ``supple.figures.model``: the same shapes become SVG elements (the
animation morphs each shape's geometry through the keyframes with SMIL, no script) or are
painted with Pillow for PNGs (the terminal's ``supple show ID --figure``, the contact sheet
of ``make figures``). No framework; the web view caches what ``animated_svg`` returns.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Literal, Protocol

from supple.figures import model as P

if TYPE_CHECKING:
    from PIL import Image as PILImage


# What the renderers read of an exercise (the domain's ``Exercise`` has all of it): the
# figures package depends on no clinical module, and the domain only on its model.
class _Hold(Protocol):
    @property
    def low(self) -> int: ...


class _Dose(Protocol):
    @property
    def hold_s(self) -> _Hold | None: ...
    @property
    def per_side(self) -> bool: ...


class Exercise(Hashable, Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def steps(self) -> tuple[str, ...]: ...
    @property
    def dosage(self) -> _Dose: ...
    @property
    def figure(self) -> P.Figure | None: ...


class Catalog(Protocol):
    @property
    def exercises(self) -> Iterable[Exercise]: ...


Point2 = tuple[float, float]

# Colours: the near limbs and the trunk dark, the far limbs lighter (both at least 3:1
# against white and the mat, WCAG 1.4.11 for graphics); supports in quiet tones.
NEAR = "#1e4468"
FAR = "#6286ad"
TRUNK = "#1e4468"
EYE = "#ffffff"
ACCENT = "#b4490f"
RING_TRACK = "#d5dbe1"
SUPPORT_COLOURS: dict[str, tuple[str, str]] = {
    "floor": ("#ffffff", "#5f6b76"),
    "mat": ("#e9dfcb", "#b9a47c"),
    "bed": ("#dde6ef", "#7d8d9c"),
    "chair": ("#c69c6d", "#7a5530"),
    "wall": ("#e4e1dc", "#8f8a82"),
    "counter": ("#d8c6a6", "#8d7650"),
}
PROP_COLOURS = {"towel": "#3f8f77", "small-ball": "#c2462c", "yoga-block": "#7a5ea8"}
LIMB_WIDTH = 8.0
TRUNK_WIDTH = 15.0
# A white edge round the near limbs keeps them apart from what lies behind
# (a crossed knee, an arm over the chest), so a figure still reads at thumbnail size.
EDGE = "#ffffff"
EDGE_WIDTH = 2.0
MARGIN = 8.0
HEADER = 26.0  # room above the figure for the hold ring


@dataclass(frozen=True, slots=True)
class Shape:
    """One drawn element in picture coordinates (y up): a polyline, circle or polygon."""

    key: str
    kind: Literal["line", "circle", "polygon"]
    points: tuple[Point2, ...]
    stroke: str | None = None
    width: float = 0.0
    fill: str | None = None
    radius: float = 0.0


# --------------------------------------------------------------------------------------------
# Geometry to shapes


def _p2(camera: P.Camera, p: P.Vec) -> Point2:
    x, y, _ = camera.project(p)
    return (x, y)


def _depth(camera: P.Camera, p: P.Vec) -> float:
    return camera.project(p)[2]


def _hull(points: Iterable[Point2]) -> tuple[Point2, ...]:
    """The convex hull (monotone chain), counter-clockwise: a box seen from any angle."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return tuple(pts)

    def cross(o: Point2, a: Point2, b: Point2) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point2] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point2] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def _box_outline(camera: P.Camera, box: tuple[P.Vec, P.Vec]) -> tuple[Point2, ...]:
    (x0, y0, z0), (x1, y1, z1) = box
    return _hull(_p2(camera, (x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1))


def _layers(figure: P.Figure, poses: Sequence[P.Placed]) -> dict[str, str]:
    """Which side is near (drawn last, dark) and which far, over all the poses shown."""

    def mean_depth(side: str) -> float:
        names = [f"{side}_{n}" for n in ("shoulder", "elbow", "hand", "hip", "knee", "ankle")]
        return sum(_depth(camera, pl.points[n]) for pl in poses for n in names)

    camera = figure.camera

    near = "l" if mean_depth("l") >= mean_depth("r") else "r"
    return {near: "near", ("r" if near == "l" else "l"): "far"}


def figure_shapes(figure: P.Figure, placed: P.Placed, layers: dict[str, str]) -> list[Shape]:
    """The body (far limbs, trunk, head, props, near limbs) as shapes, in drawing order."""
    camera = figure.camera
    pts = {name: _p2(camera, p) for name, p in placed.points.items()}
    far = [s for s, layer in layers.items() if layer == "far"]
    near = [s for s, layer in layers.items() if layer == "near"]
    shapes: list[Shape] = []

    def line(key: str, colour: str, width: float, edged: bool) -> None:
        points = tuple(pts[n] for n in next(p for p in P.PARTS if p[0] == key)[2])
        if edged:
            shapes.append(Shape(f"{key}.edge", "line", points, EDGE, width + 2 * EDGE_WIDTH))
        shapes.append(Shape(key, "line", points, colour, width))

    def limbs(sides: Iterable[str], colour: str, edged: bool) -> None:
        for side in sides:
            for limb in ("leg", "arm"):
                line(f"{side}_{limb}", colour, LIMB_WIDTH, edged)

    limbs(far, FAR, edged=False)
    for key in ("hips", "trunk", "shoulders"):
        width = TRUNK_WIDTH if key != "shoulders" else LIMB_WIDTH + 2
        line(key, TRUNK, width, edged=False)
    shapes.append(Shape("head", "circle", (pts["head"],), fill=TRUNK, radius=P.HEAD_RADIUS))
    shapes.append(Shape("eye", "circle", (pts["face"],), fill=EYE, radius=1.8))
    for n, prop in enumerate(figure.props):
        a, b = placed.points[f"l_{prop.at}"], placed.points[f"r_{prop.at}"]
        middle = _p2(camera, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2))
        colour = PROP_COLOURS[prop.kind]
        if prop.kind == "yoga-block":
            x, y = middle
            corners = ((x - 5, y - 7), (x + 5, y - 7), (x + 5, y + 7), (x - 5, y + 7))
            shapes.append(Shape(f"prop{n}", "polygon", corners, fill=colour))
        else:
            radius = 5.5 if prop.kind == "towel" else 6.5
            shapes.append(Shape(f"prop{n}", "circle", (middle,), fill=colour, radius=radius))
    limbs(near, NEAR, edged=True)
    return shapes


def support_shapes(figure: P.Figure, bounds: tuple[float, float, float, float]) -> list[Shape]:
    """The floor and the supports, seen by the figure's camera (the picture clips them)."""
    x0, _, x1, _ = bounds
    camera = figure.camera
    shapes: list[Shape] = []
    if figure.level:
        floor = SUPPORT_COLOURS["floor"][1]
        shapes.append(Shape("floor", "line", ((x0, -0.6), (x1, -0.6)), floor, 1.4))
    elif not any(s.kind in ("mat", "bed") for s in figure.supports):
        # Seen from above, a patch of floor under the figure and its chair or wall.
        ax = figure.anchor_x
        patch = ((ax - 120.0, -1.0, -90.0), (ax + 120.0, 0.0, 90.0))
        shapes.append(Shape("floor", "polygon", _box_outline(camera, patch), fill="#f1efea"))
    for n, support in enumerate(figure.supports):
        fill, edge = SUPPORT_COLOURS[support.kind]
        boxes = support.boxes
        if support.kind in ("bed", "chair"):
            # Legs at the corners of the top, behind the top itself.
            (bx0, by0, bz0), (bx1, _, bz1) = boxes[0]
            for lx in (bx0 + 3, bx1 - 3):
                for lz in (bz0 + 3, bz1 - 3):
                    leg = (_p2(camera, (lx, by0, lz)), _p2(camera, (lx, 0.0, lz)))
                    shapes.append(Shape(f"s{n}.leg", "line", leg, edge, 3.0))
        for m, box in enumerate(boxes):
            outline = _box_outline(camera, box)
            shapes.append(Shape(f"s{n}.{m}", "polygon", outline, edge, 1.0, fill))
    return shapes


def _bounds(figure: P.Figure, poses: Iterable[P.Placed]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    camera = figure.camera
    for placed in poses:
        for name, p in placed.points.items():
            x, y = _p2(camera, p)
            r = P.POINT_RADIUS[name] + 1.0
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    for support in figure.supports:
        # A chair or counter is shown whole; a mat, bed or wall only where the body is.
        if support.kind in ("chair", "counter"):
            for box in support.boxes:
                outline = _box_outline(camera, box)
                xs += [p[0] for p in outline]
                ys += [p[1] for p in outline]
    if figure.level:
        ys.append(-2.0)
    x0, x1 = min(xs) - MARGIN, max(xs) + MARGIN
    y0, y1 = min(ys) - MARGIN, max(ys) + MARGIN + HEADER
    # Never narrower than 0.9 of the height, so two stills fit side by side.
    width = x1 - x0
    if width < 0.9 * (y1 - y0):
        extra = (0.9 * (y1 - y0) - width) / 2
        x0, x1 = x0 - extra, x1 + extra
    return (math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1))


# --------------------------------------------------------------------------------------------
# SVG


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _path(points: Sequence[Point2]) -> str:
    first, *rest = points
    d = f"M{_num(first[0])} {_num(-first[1])}"
    return d + "".join(f"L{_num(x)} {_num(-y)}" for x, y in rest)


def _svg_shape(shape: Shape, extra: str = "") -> str:
    if shape.kind == "line":
        return (
            f'<path d="{_path(shape.points)}" stroke="{shape.stroke}" '
            f'stroke-width="{_num(shape.width)}">{extra}</path>'
        )
    if shape.kind == "circle":
        (x, y) = shape.points[0]
        return (
            f'<circle cx="{_num(x)}" cy="{_num(-y)}" r="{_num(shape.radius)}" '
            f'fill="{shape.fill}">{extra}</circle>'
        )
    stroke = f' stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"' if shape.stroke else ""
    return (
        f'<path d="{_path(shape.points)}Z" fill="{shape.fill}"{stroke} '
        f'stroke-linejoin="round">{extra}</path>'
    )


def _viewbox(bounds: tuple[float, float, float, float]) -> str:
    x0, y0, x1, y1 = bounds
    return f"{_num(x0)} {_num(-y1)} {_num(x1 - x0)} {_num(y1 - y0)}"


def describe(exercise: Exercise, *, still: bool = False) -> str:
    """The figure in words, for screen readers (the SVG's <desc>) and alt text; ``still`` for
    the start and end strip of handouts, which does not move."""
    figure = exercise.figure
    assert figure is not None
    view = {"side": "seen from the side", "top": "seen from above", "front": "seen from the front"}
    if figure.tilt and figure.view != "top":
        view = {k: v + " and a little above" for k, v in view.items()}
    where = ", ".join(
        {"floor": "floor", "mat": "a mat", "bed": "a bed", "chair": "a chair"}.get(
            s.kind, f"a {s.kind}"
        )
        for s in figure.supports
    )
    props = ", ".join(p.kind.replace("-", " ") for p in figure.props)
    sides = " Then the same on the other side." if _both_sides(exercise) else ""
    steps = " ".join(exercise.steps[:3])
    text = (
        f"{'Start and end positions' if still else 'Animated figure'} of {exercise.name}, "
        f"{view[figure.view]}, on {where}"
        f"{', with a ' + props if props else ''}. {steps}{sides}"
    )
    return text


def _both_sides(exercise: Exercise) -> bool:
    figure = exercise.figure
    assert figure is not None
    return figure.other_side if figure.other_side is not None else exercise.dosage.per_side


def _hold(exercise: Exercise) -> int | None:
    return exercise.dosage.hold_s.low if exercise.dosage.hold_s else None


def _timeline(exercise: Exercise) -> P.Timeline:
    assert exercise.figure is not None
    return P.timeline(exercise.figure, _hold(exercise), exercise.dosage.per_side)


_STYLE = (
    "path{fill:none;stroke-linecap:round;stroke-linejoin:round}"
    ".still{display:none}"
    "@media (prefers-reduced-motion:reduce){.moving{display:none}.still{display:inline}}"
    "text{font:600 7px system-ui,sans-serif;fill:#333}"
)


def _still_group(
    figure: P.Figure,
    poses: tuple[P.Placed, P.Placed],
    bounds: tuple[float, float, float, float],
    labels: tuple[str, str],
) -> str:
    """The start and end poses side by side at half size, with an arrow between them."""
    x0, y0, x1, y1 = bounds
    width, height = x1 - x0, y1 - y0
    scale = 0.5
    layers = _layers(figure, poses)
    parts = []
    for n, placed in enumerate(poses):
        # Each half shows the whole scene at half size, centred vertically.
        tx = x0 + n * width / 2 - x0 * scale
        ty = -y1 + (height - height * scale) / 2 + y1 * scale
        inner = "".join(_svg_shape(s) for s in support_shapes(figure, bounds))
        inner += "".join(_svg_shape(s) for s in figure_shapes(figure, placed, layers))
        label = (
            f'<text x="{_num(x0 + width / 2)}" y="{_num(-y1 + 20)}" text-anchor="middle" '
            f'font-size="{_num(8 / scale)}">{escape(labels[n])}</text>'
        )
        parts.append(
            f'<g transform="translate({_num(tx)} {_num(ty)}) scale({scale})">{inner}{label}</g>'
        )
    mid_x, mid_y = x0 + width / 2, -(y0 + y1) / 2
    arrow = (
        f'<path d="M{_num(mid_x - 5)} {_num(mid_y)}h9m-3.5 -3.5l3.5 3.5l-3.5 3.5" '
        f'stroke="{ACCENT}" stroke-width="1.6"/>'
    )
    return "".join(parts) + arrow


def _svg_open(exercise: Exercise, bounds: tuple[float, float, float, float], kind: str) -> str:
    x0, y0, x1, y1 = bounds
    title = f"{exercise.name}: {kind}"
    # Ids unique per exercise and kind, so several figures can be inlined in one page.
    still = "positions" in kind
    ref = f"figure-{exercise.id}-{'still' if still else 'moving'}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_viewbox(bounds)}" '
        f'width="{_num((x1 - x0) * 2)}" height="{_num((y1 - y0) * 2)}" role="img" '
        f'aria-labelledby="{ref}-title {ref}-desc">'
        f'<title id="{ref}-title">{escape(title)}</title>'
        f'<desc id="{ref}-desc">{escape(describe(exercise, still=still))}</desc>'
        f"<style>{_STYLE}</style>"
    )


def _still_labels(exercise: Exercise, *, timed: bool = True) -> tuple[str, str]:
    label = P.hold_label(_hold(exercise)) if timed else None
    if not timed and _hold(exercise) is not None:
        return ("Start", "Hold")
    return ("Start", f"Hold {label}" if label else "Then")


@functools.lru_cache(maxsize=256)
def animated_svg(exercise: Exercise, *, timed: bool = True) -> str:
    """The exercise's animated figure (SMIL, no script); still start/end poses side by side
    under ``prefers-reduced-motion: reduce``. Raises ValueError without a figure.

    ``timed=False`` leaves out the hold ring and the hold's seconds: the session player shows
    the real countdown of the dose itself (the library's hold may not be the dose's)."""
    figure = exercise.figure
    if figure is None:
        raise ValueError(f"{exercise.id} has no figure")
    line = _timeline(exercise)
    keyframes = P.frames(figure, line)
    stills = P.still_poses(figure)
    bounds = _bounds(figure, [f.placed for f in keyframes])
    layers = _layers(figure, [f.placed for f in keyframes])
    duration = line.duration
    times = ";".join(_num4(f.time_s / duration) for f in keyframes)
    per_frame = [figure_shapes(figure, f.placed, layers) for f in keyframes]
    timing = f'dur="{_num(duration)}s" repeatCount="indefinite" keyTimes="{times}"'

    def animate(attribute: str, values: Iterable[str]) -> str:
        return f'<animate attributeName="{attribute}" {timing} values="{";".join(values)}"/>'

    body = []
    for n, shape in enumerate(per_frame[0]):
        frames_of = [shapes[n] for shapes in per_frame]
        if shape.kind == "line":
            extra = animate("d", (_path(s.points) for s in frames_of))
        elif shape.kind == "circle":
            extra = animate("cx", (_num(s.points[0][0]) for s in frames_of)) + animate(
                "cy", (_num(-s.points[0][1]) for s in frames_of)
            )
        else:
            extra = animate("d", (_path(s.points) + "Z" for s in frames_of))
        body.append(_svg_shape(shape, extra))
    scene = "".join(_svg_shape(s) for s in support_shapes(figure, bounds))
    ring = _ring(line, bounds) if timed else ""
    return (
        _svg_open(exercise, bounds, "how to do it (animation)")
        + f'<g class="moving">{scene}{"".join(body)}{ring}</g>'
        + '<g class="still">'
        + _still_group(figure, stills, bounds, _still_labels(exercise, timed=timed))
        + "</g>"
        + "</svg>"
    )


def svg_size(exercise: Exercise) -> tuple[int, int]:
    """The animated figure's width and height in CSS pixels (for <img width height>)."""
    head = animated_svg(exercise)[:400]
    width = re.search(r' width="([0-9.]+)"', head)
    height = re.search(r' height="([0-9.]+)"', head)
    assert width is not None
    assert height is not None
    return round(float(width.group(1))), round(float(height.group(1)))


def _num4(value: float) -> str:
    return f"{min(max(value, 0.0), 1.0):.4f}".rstrip("0").rstrip(".") or "0"


def _ring(line: P.Timeline, bounds: tuple[float, float, float, float]) -> str:
    """A small ring in the top corner that fills while the figure holds still."""
    holds = [s for s in line.segments if s.phase == "hold"]
    if not holds or line.hold_label is None:
        return ""
    _, _, x1, y1 = bounds
    cx, cy, r = x1 - 12, -y1 + 12, 7.5
    circumference = 2 * math.pi * r
    times, values = ["0"], [_num(circumference)]
    for segment in holds:
        start, end = segment.start_s / line.duration, segment.end_s / line.duration
        times += [_num4(start), _num4(end), _num4(end)]
        values += [_num(circumference), "0", _num(circumference)]
    times.append("1")
    values.append(_num(circumference))
    anim = (
        f'<animate attributeName="stroke-dashoffset" dur="{_num(line.duration)}s" '
        f'repeatCount="indefinite" keyTimes="{";".join(times)}" values="{";".join(values)}"/>'
    )
    return (
        f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{r}" fill="none" stroke="{RING_TRACK}" '
        f'stroke-width="3"/>'
        f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{r}" fill="none" stroke="{ACCENT}" '
        f'stroke-width="3" stroke-dasharray="{_num(circumference)}" '
        f'stroke-dashoffset="{_num(circumference)}" '
        f'transform="rotate(-90 {_num(cx)} {_num(cy)})">{anim}</circle>'
        f'<text x="{_num(cx - r - 4)}" y="{_num(cy + 3)}" text-anchor="end">'
        f"hold {escape(line.hold_label)}</text>"
    )


def still_strip_svg(exercise: Exercise, *, timed: bool = True) -> str:
    """The start and end poses side by side, still: for printed handouts (``timed=False``:
    without the hold's seconds, for the session player)."""
    figure = exercise.figure
    if figure is None:
        raise ValueError(f"{exercise.id} has no figure")
    stills = P.still_poses(figure)
    bounds = _bounds(figure, stills)
    return (
        _svg_open(exercise, bounds, "start and end positions")
        + _still_group(figure, stills, bounds, _still_labels(exercise, timed=timed))
        + "</svg>"
    )


def thumbnail_svg(exercise: Exercise) -> str:
    """The held (else the end) pose alone, cropped close: a picture to choose by in lists.

    Decorative beside the exercise's name (shown with empty alt text), so no description."""
    figure = exercise.figure
    if figure is None:
        raise ValueError(f"{exercise.id} has no figure")
    stills = P.still_poses(figure)
    end = stills[1]
    x0, y0, x1, y1 = _bounds(figure, [end])
    bounds = (x0, y0, x1, y1 - HEADER)  # no hold ring over a thumbnail
    layers = _layers(figure, stills)
    shapes = support_shapes(figure, bounds) + figure_shapes(figure, end, layers)
    x0, y0, x1, y1 = bounds
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_viewbox(bounds)}" '
        f'width="{_num(x1 - x0)}" height="{_num(y1 - y0)}" aria-hidden="true">'
        f"<style>{_STYLE}</style>" + "".join(_svg_shape(s) for s in shapes) + "</svg>"
    )


# --------------------------------------------------------------------------------------------
# PNG (Pillow paints the same shapes)


def _paint(
    shapes: Sequence[Shape],
    bounds: tuple[float, float, float, float],
    scale: float,
) -> PILImage.Image:
    from PIL import Image, ImageDraw

    x0, y0, x1, y1 = bounds
    size = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)

    def at(p: Point2) -> tuple[float, float]:
        return ((p[0] - x0) * scale, (y1 - p[1]) * scale)

    for shape in shapes:
        if shape.kind == "line":
            pts = [at(p) for p in shape.points]
            width = max(1, round(shape.width * scale))
            draw.line(pts, fill=shape.stroke, width=width, joint="curve")
            if width > 2:
                r = width / 2
                for x, y in (pts[0], pts[-1]):  # round caps, as in the SVG
                    draw.ellipse((x - r, y - r, x + r, y + r), fill=shape.stroke)
        elif shape.kind == "circle":
            x, y = at(shape.points[0])
            r = shape.radius * scale
            draw.ellipse((x - r, y - r, x + r, y + r), fill=shape.fill)
        else:
            draw.polygon(
                [at(p) for p in shape.points],
                fill=shape.fill,
                outline=shape.stroke,
                width=max(1, round(shape.width * scale)) if shape.stroke else 0,
            )
    return image


def pose_image(
    figure: P.Figure,
    placed: P.Placed,
    bounds: tuple[float, float, float, float],
    layers: dict[str, str],
    scale: float = 3.0,
) -> PILImage.Image:
    """One pose with its supports as a Pillow image (drawn at 2x, then smoothed down)."""
    from PIL import Image

    shapes = support_shapes(figure, bounds) + figure_shapes(figure, placed, layers)
    big = _paint(shapes, bounds, scale * 2)
    return big.resize((big.width // 2, big.height // 2), Image.Resampling.LANCZOS)


def _label(image: PILImage.Image, text: str, size: int = 16) -> None:
    from PIL import ImageDraw, ImageFont

    font = ImageFont.load_default(size=size)
    ImageDraw.Draw(image).text((8, 6), text, fill="#222222", font=font)


def still_strip_png(exercise: Exercise, scale: float = 3.0) -> bytes:
    """The start and end poses side by side as a PNG (``supple show ID --figure``)."""
    from PIL import Image

    figure = exercise.figure
    if figure is None:
        raise ValueError(f"{exercise.id} has no figure")
    stills = P.still_poses(figure)
    bounds = _bounds(figure, stills)
    layers = _layers(figure, stills)
    images = [pose_image(figure, placed, bounds, layers, scale) for placed in stills]
    for image, text in zip(images, _still_labels(exercise), strict=True):
        _label(image, text, size=max(12, round(5 * scale)))
    strip = Image.new("RGB", (sum(i.width for i in images) + 12, images[0].height), "white")
    strip.paste(images[0], (0, 0))
    strip.paste(images[1], (images[0].width + 12, 0))
    out = io.BytesIO()
    strip.save(out, format="PNG", optimize=True)
    return out.getvalue()


def contact_sheet(catalog: Catalog, scale: float = 1.6) -> bytes:
    """Every exercise's key poses, one row each with its name: for reviewing the poses."""
    from PIL import Image, ImageDraw, ImageFont

    rows: list[tuple[str, list[PILImage.Image]]] = []
    for exercise in catalog.exercises:
        figure = exercise.figure
        if figure is None:
            continue
        placed = [place_key(figure, name) for name in figure.sequence]
        line = _timeline(exercise)
        if _both_sides(exercise):
            placed.append(
                P.place(
                    figure, (m := figure.pose(figure.sequence[-1]).mirrored()).values, m.contacts
                )
            )
        bounds = _bounds(figure, [f.placed for f in P.frames(figure, line)])
        layers = _layers(figure, placed)
        cells = [pose_image(figure, pl, bounds, layers, scale) for pl in placed]
        rows.append((f"{exercise.name} ({exercise.id}) · {figure.view}", cells))
    font = ImageFont.load_default(size=18)
    label_height = 26
    width = max(sum(c.width + 8 for c in cells) for _, cells in rows) + 16
    height = sum(max(c.height for c in cells) + label_height + 10 for _, cells in rows) + 10
    sheet = Image.new("RGB", (width, height), "#f4f4f4")
    draw = ImageDraw.Draw(sheet)
    y = 8
    for title, cells in rows:
        draw.text((10, y), title, fill="#111111", font=font)
        x = 8
        for cell in cells:
            sheet.paste(cell, (x, y + label_height))
            x += cell.width + 8
        y += max(c.height for c in cells) + label_height + 10
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()


def place_key(figure: P.Figure, name: str) -> P.Placed:
    pose = figure.pose(name)
    return P.place(figure, pose.values, pose.contacts)
