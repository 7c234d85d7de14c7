"""The jointed figure that pictures an exercise: key poses as joint angles, forward
kinematics, interpolation, and the timing that follows the exercise's dose.

Pure Python (no framework). The renderers in ``supple.figures.render`` draw what this
module computes; the geometry tests check it.

World coordinates are centimetres: ``x`` forward of a person standing in the picture, ``y``
up (the floor is ``y = 0``), ``z`` to that person's right. The body has its own frame that
the joint angles turn: at rest (all angles 0) the figure stands upright facing ``+x`` with
its arms hanging. Angles are degrees and anatomical: flexion positive at every joint (the
hip and shoulder swing forward, the knee and elbow bend, the spine bends forward), abduction
positive away from the midline, limb rotation positive inwards. The root angles turn the
whole body: ``pitch`` about ``z`` (90: lying on the back, head towards ``-x``; -90: face
down), ``roll`` about the body's own long axis (90 from lying on the back: lying on the left
side, facing the side camera) and ``yaw`` about the vertical.

A camera turns world points into picture points: ``side`` looks at the figure's left side
(so the left limbs are near, drawn darker), ``top`` looks down from the ceiling, ``front``
looks at the figure's front.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

View = Literal["side", "top", "front"]
SupportKind = Literal["floor", "mat", "bed", "chair", "wall", "counter"]
PropKind = Literal["towel", "small-ball", "yoga-block"]
VIEWS: tuple[str, ...] = get_args(View)
SUPPORT_KINDS: tuple[str, ...] = get_args(SupportKind)
PROP_KINDS: tuple[str, ...] = get_args(PropKind)

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]


class FigureError(ValueError):
    """A figure block that cannot be drawn; the message names the field."""


# --------------------------------------------------------------------------------------------
# The skeleton

# Segment lengths in centimetres (an adult of about 1.8 m).
PELVIS = 12.0
LUMBAR = 22.0
THORAX = 24.0
NECK = 9.0
HEAD_RADIUS = 10.0
HEAD_FORWARD = 2.5
HEAD_HEIGHT = 9.5
SHOULDER_HALF_WIDTH = 17.0
HIP_HALF_WIDTH = 9.0
UPPER_ARM = 29.0
FOREARM = 25.0
HAND = 9.0
THIGH = 44.0
SHIN = 42.0
FOOT_LENGTH = 18.0

# The degrees of freedom of a pose, in a fixed order (a pose is a vector of these values).
ROOT_DOFS = ("pitch", "roll", "yaw")
SPINE_DOFS = (
    "waist",
    "waist_twist",
    "waist_side",
    "chest",
    "chest_twist",
    "chest_side",
    "neck",
    "neck_twist",
    "head",
)
LIMB_DOFS = (
    "shoulder",
    "shoulder_abduct",
    "shoulder_twist",
    "elbow",
    "wrist",
    "hip",
    "hip_abduct",
    "hip_twist",
    "knee",
    "ankle",
)
SIDES = ("l", "r")
DOFS: tuple[str, ...] = (
    *ROOT_DOFS,
    *SPINE_DOFS,
    *(f"{side}_{dof}" for side in SIDES for dof in LIMB_DOFS),
)
_INDEX = {name: n for n, name in enumerate(DOFS)}
# Turned the other way when a pose is mirrored to the other side of the body.
_LATERAL = frozenset({"roll", "yaw", "waist_twist", "waist_side", "chest_twist", "chest_side"})
_LATERAL |= frozenset({"neck_twist"})

# Named points of the figure, and the radius of the body around each (half the drawn
# thickness) for contact and collision checks.
POINT_RADIUS: dict[str, float] = {
    "pelvis": 8.0,
    "lumbar": 8.0,
    "waist": 8.0,
    "neck_base": 7.0,
    "neck_top": 4.0,
    "head": HEAD_RADIUS,
    "face": 0.0,
    **{
        f"{side}_{name}": radius
        for side in SIDES
        for name, radius in (
            ("shoulder", 5.0),
            ("elbow", 4.0),
            ("wrist", 3.0),
            ("hand", 3.0),
            ("hip", 7.0),
            ("knee", 5.0),
            ("ankle", 4.0),
            ("heel", 3.0),
            ("toe", 3.0),
        )
    },
}
POINTS: tuple[str, ...] = tuple(POINT_RADIUS)

# The drawn parts: each a polyline through named points. ``side`` is None for the trunk.
PARTS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("trunk", None, ("pelvis", "lumbar", "waist", "neck_base", "neck_top")),
    ("shoulders", None, ("l_shoulder", "neck_base", "r_shoulder")),
    ("hips", None, ("l_hip", "pelvis", "r_hip")),
    *(
        (f"{side}_{limb}", side, tuple(f"{side}_{p}" for p in points))
        for side in SIDES
        for limb, points in (
            ("arm", ("shoulder", "elbow", "wrist", "hand")),
            ("leg", ("hip", "knee", "ankle", "heel", "toe")),
        )
    ),
)
# Segments whose length must never change (checked by the tests through every frame).
BONES: tuple[tuple[str, str, float], ...] = (
    ("pelvis", "lumbar", PELVIS),
    ("lumbar", "waist", LUMBAR),
    ("waist", "neck_base", THORAX),
    ("neck_base", "neck_top", NECK),
    ("neck_top", "head", math.hypot(HEAD_FORWARD, HEAD_HEIGHT)),
    *(
        bone
        for side in SIDES
        for bone in (
            (f"{side}_shoulder", f"{side}_elbow", UPPER_ARM),
            (f"{side}_elbow", f"{side}_wrist", FOREARM),
            (f"{side}_wrist", f"{side}_hand", HAND),
            (f"{side}_hip", f"{side}_knee", THIGH),
            (f"{side}_knee", f"{side}_ankle", SHIN),
        )
    ),
)


def _rx(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _ry(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _rz(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _mul(a: Mat, b: Mat) -> Mat:
    rows = []
    for r in a:
        rows.append(
            (
                r[0] * b[0][0] + r[1] * b[1][0] + r[2] * b[2][0],
                r[0] * b[0][1] + r[1] * b[1][1] + r[2] * b[2][1],
                r[0] * b[0][2] + r[1] * b[1][2] + r[2] * b[2][2],
            )
        )
    return (rows[0], rows[1], rows[2])


def _apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _add(p: Vec, m: Mat, v: Vec) -> Vec:
    d = _apply(m, v)
    return (p[0] + d[0], p[1] + d[1], p[2] + d[2])


def _joint(flex: float, abduct: float = 0.0, twist: float = 0.0) -> Mat:
    """A joint's rotation: turn about the long axis, then flex (about z), then abduct."""
    m = _rz(flex)
    if abduct:
        m = _mul(m, _rx(abduct))
    if twist:
        m = _mul(_ry(twist), m)
    return m


def forward_kinematics(values: Sequence[float]) -> dict[str, Vec]:
    """Every named point of the figure for a pose vector, the pelvis (hip centre) at 0."""
    v = dict(zip(DOFS, values, strict=True))
    root = _mul(_mul(_ry(v["yaw"]), _rz(v["pitch"])), _ry(v["roll"]))
    pts: dict[str, Vec] = {"pelvis": (0.0, 0.0, 0.0)}
    pts["lumbar"] = _add(pts["pelvis"], root, (0.0, PELVIS, 0.0))
    # Spine flexion bends forward: a clockwise turn about z when facing +x.
    waist = _mul(root, _joint(-v["waist"], v["waist_side"], v["waist_twist"]))
    pts["waist"] = _add(pts["lumbar"], waist, (0.0, LUMBAR, 0.0))
    chest = _mul(waist, _joint(-v["chest"], v["chest_side"], v["chest_twist"]))
    pts["neck_base"] = _add(pts["waist"], chest, (0.0, THORAX, 0.0))
    neck = _mul(chest, _joint(-v["neck"], 0.0, v["neck_twist"]))
    pts["neck_top"] = _add(pts["neck_base"], neck, (0.0, NECK, 0.0))
    head = _mul(neck, _rz(-v["head"]))
    # The skull's centre is a little in front of the neck: lying on the back, the back of
    # the head and the upper back both touch the floor.
    pts["head"] = _add(pts["neck_top"], head, (HEAD_FORWARD, HEAD_HEIGHT, 0.0))
    pts["face"] = _add(pts["head"], head, (HEAD_RADIUS * 0.75, HEAD_RADIUS * 0.1, 0.0))
    for side in SIDES:
        # z is the right: the left side is at -z; abduction and inward rotation mirror.
        sz = -1.0 if side == "l" else 1.0

        def dof(name: str, side: str = side) -> float:
            return v[f"{side}_{name}"]

        shoulder = _add(pts["neck_base"], chest, (0.0, -3.0, sz * SHOULDER_HALF_WIDTH))
        upper = _mul(
            chest, _joint(dof("shoulder"), -sz * dof("shoulder_abduct"), sz * dof("shoulder_twist"))
        )
        elbow = _add(shoulder, upper, (0.0, -UPPER_ARM, 0.0))
        fore = _mul(upper, _rz(dof("elbow")))
        wrist = _add(elbow, fore, (0.0, -FOREARM, 0.0))
        hand = _add(wrist, _mul(fore, _rz(dof("wrist"))), (0.0, -HAND, 0.0))
        hip = _add(pts["pelvis"], root, (0.0, 0.0, sz * HIP_HALF_WIDTH))
        thigh = _mul(root, _joint(dof("hip"), -sz * dof("hip_abduct"), sz * dof("hip_twist")))
        knee = _add(hip, thigh, (0.0, -THIGH, 0.0))
        shin = _mul(thigh, _rz(-dof("knee")))
        ankle = _add(knee, shin, (0.0, -SHIN, 0.0))
        foot = _mul(shin, _rz(dof("ankle")))
        pts.update(
            {
                f"{side}_shoulder": shoulder,
                f"{side}_elbow": elbow,
                f"{side}_wrist": wrist,
                f"{side}_hand": hand,
                f"{side}_hip": hip,
                f"{side}_knee": knee,
                f"{side}_ankle": ankle,
                f"{side}_heel": _add(ankle, foot, (-3.0, -6.0, 0.0)),
                f"{side}_toe": _add(ankle, foot, (FOOT_LENGTH - 3.0, -6.0, 0.0)),
            }
        )
    return pts


# --------------------------------------------------------------------------------------------
# Figure blocks: the key poses of one exercise, with its supports and props


@dataclass(frozen=True, slots=True)
class KeyPose:
    name: str
    values: tuple[float, ...]
    # Points that rest on the support in this pose: the body's tilt (pitch) is solved so
    # that they are level, so a push-up keeps hands and toes down whatever the arms do.
    contacts: tuple[str, ...] = ()

    def value(self, dof: str) -> float:
        return self.values[_INDEX[dof]]

    def mirrored(self) -> KeyPose:
        """The same pose on the other side of the body."""
        values = list(self.values)
        for dof in LIMB_DOFS:
            left, right = _INDEX[f"l_{dof}"], _INDEX[f"r_{dof}"]
            values[left], values[right] = self.values[right], self.values[left]
        for dof in _LATERAL:
            values[_INDEX[dof]] = -values[_INDEX[dof]]
        contacts = tuple(_swap_side(c) for c in self.contacts)
        return KeyPose(self.name, tuple(values), contacts)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for dof in (*ROOT_DOFS, *SPINE_DOFS):
            if self.value(dof):
                out[dof] = _tidy(self.value(dof))
        for dof in LIMB_DOFS:
            left, right = self.value(f"l_{dof}"), self.value(f"r_{dof}")
            if left == right:
                if left:
                    out[dof] = _tidy(left)
            else:
                out[f"l_{dof}"] = _tidy(left)
                out[f"r_{dof}"] = _tidy(right)
        if self.contacts:
            out["contacts"] = list(self.contacts)
        return out


def _swap_side(point: str) -> str:
    if point.startswith("l_"):
        return "r_" + point[2:]
    if point.startswith("r_"):
        return "l_" + point[2:]
    return point


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class Support:
    """Something the body rests on or against, placed along x (its near edge or centre)."""

    kind: SupportKind
    x: float = 0.0

    @property
    def boxes(self) -> tuple[tuple[Vec, Vec], ...]:
        """The solid parts as axis-aligned boxes (min corner, max corner), in world cm."""
        x = self.x
        if self.kind == "mat":
            return (((x - 95.0, 0.0, -35.0), (x + 95.0, MAT_TOP, 35.0)),)
        if self.kind == "bed":
            return (((x - 100.0, 0.0, -50.0), (x + 100.0, BED_TOP, 50.0)),)
        if self.kind == "chair":
            return (
                ((x - 22.0, CHAIR_SEAT - 4.0, -22.0), (x + 22.0, CHAIR_SEAT, 22.0)),
                ((x - 26.0, CHAIR_SEAT, -22.0), (x - 22.0, CHAIR_SEAT + 44.0, 22.0)),
            )
        if self.kind == "wall":
            return (((x, 0.0, -60.0), (x + 8.0, 215.0, 60.0)),)
        if self.kind == "counter":
            return (((x, 0.0, -60.0), (x + 60.0, COUNTER_TOP, 60.0)),)
        return ()

    @property
    def top(self) -> float:
        """Where a body lying or standing on this support rests (its feet, for a chair)."""
        return {"mat": MAT_TOP, "bed": BED_TOP}.get(self.kind, 0.0)


MAT_TOP = 2.0
BED_TOP = 50.0
CHAIR_SEAT = 44.0
COUNTER_TOP = 90.0


@dataclass(frozen=True, slots=True)
class Prop:
    """A towel, small ball or yoga block, held at a point between the two sides (the knees)."""

    kind: PropKind
    at: str = "knee"


@dataclass(frozen=True, slots=True)
class Figure:
    """The key poses of one exercise and how to show them."""

    view: View
    supports: tuple[Support, ...]
    poses: tuple[KeyPose, ...]
    sequence: tuple[str, ...]
    holds: tuple[str, ...]
    anchor: str = "pelvis"
    anchor_x: float = 0.0
    props: tuple[Prop, ...] = ()
    # None: follow the dose (both sides when it is per side).
    other_side: bool | None = None
    move_s: float = 1.6
    # The camera turned round (degrees towards the front) and tilted down from the view's own.
    turn: float = 0.0
    tilt: float = 0.0
    _by_name: dict[str, KeyPose] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {p.name: p for p in self.poses})

    def pose(self, name: str) -> KeyPose:
        return self._by_name[name]

    @property
    def camera(self) -> Camera:
        turn, tilt = VIEW_CAMERAS[self.view]
        return Camera.turned(turn + self.turn, tilt + self.tilt)

    @property
    def level(self) -> bool:
        """True when the camera looks straight across (the floor is a line)."""
        return VIEW_CAMERAS[self.view][1] + self.tilt == 0

    @property
    def wall_x(self) -> float:
        """The face of the wall or counter the figure leans on (contacts ``wall``)."""
        return next((s.x for s in self.supports if s.kind in ("wall", "counter")), 0.0)

    @property
    def ground(self) -> float:
        """The height the lowest point of the body rests at."""
        return max((s.top for s in self.supports), default=0.0)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "view": self.view,
            "supports": [
                {"kind": s.kind, "x": _tidy(s.x)} if s.x else s.kind for s in self.supports
            ],
            "anchor": self.anchor,
            "anchor_x": _tidy(self.anchor_x),
            "poses": {p.name: p.as_dict() for p in self.poses},
            "sequence": list(self.sequence),
            "holds": list(self.holds),
            "move_s": _tidy(self.move_s),
        }
        if self.props:
            out["props"] = [
                {"kind": p.kind, "at": p.at} if p.at != "knee" else p.kind for p in self.props
            ]
        if self.other_side is not None:
            out["other_side"] = self.other_side
        if self.turn:
            out["turn"] = _tidy(self.turn)
        if self.tilt:
            out["tilt"] = _tidy(self.tilt)
        return out


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FigureError(f"{where}: {value!r} is not a number")
    if not math.isfinite(value) or abs(value) > 360:
        raise FigureError(f"{where}: {value!r} is not an angle between -360 and 360")
    return float(value)


def _pose_from(name: str, data: object) -> KeyPose:
    where = f"figure.poses.{name}"
    if not isinstance(data, Mapping):
        raise FigureError(f"{where}: must be a mapping of joint angles")
    values = [0.0] * len(DOFS)
    contacts: tuple[str, ...] = ()
    # Shorthands ("hip": both sides) first, so that "l_hip" given with it wins.
    for key in sorted(data, key=lambda k: str(k).startswith(("l_", "r_"))):
        value = data[key]
        if key == "contacts":
            if not isinstance(value, list) or not all(
                v in POINT_RADIUS or (v == "wall" and n == 1) for n, v in enumerate(value)
            ):
                raise FigureError(
                    f"{where}.contacts: a list of point names (the second may be wall)"
                )
            if len(value) not in (0, 2):
                raise FigureError(f"{where}.contacts: name two points (or none)")
            contacts = tuple(value)
        elif key in _INDEX:
            values[_INDEX[key]] = _number(value, f"{where}.{key}")
        elif key in LIMB_DOFS:
            angle = _number(value, f"{where}.{key}")
            values[_INDEX[f"l_{key}"]] = values[_INDEX[f"r_{key}"]] = angle
        else:
            raise FigureError(f"{where}.{key}: not a joint of the figure")
    return KeyPose(name, tuple(values), contacts)


def _supports_from(raw: object) -> tuple[Support, ...]:
    if not isinstance(raw, list):
        raise FigureError("figure.supports: a list")
    supports = []
    for n, item in enumerate(raw):
        kind, x = (
            (item, 0.0) if not isinstance(item, Mapping) else (item.get("kind"), item.get("x", 0))
        )
        if kind not in SUPPORT_KINDS:
            raise FigureError(
                f"figure.supports.{n}: {kind!r} is not one of {', '.join(SUPPORT_KINDS)}"
            )
        supports.append(Support(kind, _number(x, f"figure.supports.{n}.x")))
    return tuple(supports)


def _poses_from(
    data: Mapping[str, object],
) -> tuple[tuple[KeyPose, ...], tuple[str, ...], tuple[str, ...]]:
    """The key poses, the order they play in and those held."""
    raw_poses = data.get("poses")
    if not isinstance(raw_poses, Mapping) or not raw_poses:
        raise FigureError("figure.poses: give at least one named pose")
    poses = tuple(_pose_from(str(name), pose) for name, pose in raw_poses.items())
    names = [p.name for p in poses]
    sequence = data.get("sequence", names)
    holds = data.get("holds", names[-1:] if len(names) > 1 else [])
    for key, listed in (("sequence", sequence), ("holds", holds)):
        if not isinstance(listed, list) or not all(item in names for item in listed):
            raise FigureError(f"figure.{key}: a list of the names under poses ({', '.join(names)})")
    assert isinstance(sequence, list)
    assert isinstance(holds, list)
    if not sequence:
        raise FigureError("figure.sequence: name at least one pose")
    return poses, tuple(sequence), tuple(holds)


def _props_from(raw: object) -> tuple[Prop, ...]:
    if not isinstance(raw, list):
        raise FigureError("figure.props: a list")
    props = []
    for n, item in enumerate(raw):
        kind, at = (
            (item, "knee")
            if not isinstance(item, Mapping)
            else (item.get("kind"), item.get("at", "knee"))
        )
        if kind not in PROP_KINDS:
            raise FigureError(f"figure.props.{n}: {kind!r} is not one of {', '.join(PROP_KINDS)}")
        if f"l_{at}" not in POINT_RADIUS:
            raise FigureError(f"figure.props.{n}.at: {at!r} is not a point on both sides")
        props.append(Prop(kind, str(at)))
    return tuple(props)


def figure_from_dict(data: Mapping[str, object]) -> Figure:
    """A Figure from its content block; raises FigureError naming the bad field."""
    known = {
        "view",
        "supports",
        "anchor",
        "anchor_x",
        "poses",
        "sequence",
        "holds",
        "props",
        "other_side",
        "move_s",
        "turn",
        "tilt",
    }
    for key in data:
        if key not in known:
            raise FigureError(f"figure.{key}: not a known field")
    view = data.get("view", "side")
    if view not in VIEWS:
        raise FigureError(f"figure.view: {view!r} is not one of {', '.join(VIEWS)}")
    supports = _supports_from(data.get("supports", ["floor"]))
    poses, sequence, holds = _poses_from(data)
    anchor = data.get("anchor", "pelvis")
    if anchor not in POINT_RADIUS:
        raise FigureError(f"figure.anchor: {anchor!r} is not a point of the figure")
    props = _props_from(data.get("props", []))
    other_side = data.get("other_side")
    if other_side is not None and not isinstance(other_side, bool):
        raise FigureError("figure.other_side: true or false")
    move_s = _number(data.get("move_s", 1.6), "figure.move_s")
    if not 0.3 <= move_s <= 6:
        raise FigureError("figure.move_s: between 0.3 and 6 seconds")
    return Figure(
        view=view,  # type: ignore[arg-type]
        supports=supports,
        # By name: the order lives in ``sequence`` (and a JSON store may reorder a mapping).
        poses=tuple(sorted(poses, key=lambda p: p.name)),
        sequence=sequence,
        holds=holds,
        anchor=str(anchor),
        anchor_x=_number(data.get("anchor_x", 0), "figure.anchor_x"),
        props=props,
        other_side=other_side,
        move_s=move_s,
        turn=_number(data.get("turn", 0), "figure.turn"),
        tilt=_number(data.get("tilt", 0), "figure.tilt"),
    )


# --------------------------------------------------------------------------------------------
# Placing a pose in the scene


def _lowest(points: Mapping[str, Vec]) -> float:
    return min(p[1] - POINT_RADIUS[name] for name, p in points.items())


def _height(points: Mapping[str, Vec], name: str) -> float:
    return points[name][1] - POINT_RADIUS[name]


def _with_pitch(values: Sequence[float], pitch: float) -> list[float]:
    out = list(values)
    out[_INDEX["pitch"]] = pitch
    return out


def _solve_pitch(figure: Figure, values: Sequence[float], contacts: Sequence[str]) -> float:
    """The pitch (near the given one) at which the two contacts touch together: two body
    points at the same height, or a body point against the wall (``wall``)."""
    start = values[_INDEX["pitch"]]
    first, second = contacts

    def gap(pitch: float) -> float:
        pts = _anchored(figure, forward_kinematics(_with_pitch(values, pitch)))
        if second == "wall":
            return pts[first][0] + POINT_RADIUS[first] - figure.wall_x
        return _height(pts, first) - _height(pts, second)

    # Secant steps from the given pitch (a few evaluations for these smooth gaps) ...
    p0, p1 = start, start + 1.0
    g0, g1 = gap(p0), gap(p1)
    if abs(g0) < 0.05:
        return start
    for _ in range(12):
        if abs(g1) < 0.05:
            return p1
        if g1 == g0:
            break
        p2 = p1 - g1 * (p1 - p0) / (g1 - g0)
        if abs(p2 - start) > 90:
            break
        p0, g0, p1, g1 = p1, g1, p2, gap(p2)
    # ... else walk out from the given pitch to bracket a root, and bisect.
    g0 = gap(start)
    for step in range(1, 46):
        for candidate in (start + 2.0 * step, start - 2.0 * step):
            g = gap(candidate)
            if (g < 0) != (g0 < 0):
                lo, hi, glo = start, candidate, g0
                for _ in range(30):
                    mid = (lo + hi) / 2
                    gm = gap(mid)
                    if (gm < 0) == (glo < 0):
                        lo, glo = mid, gm
                    else:
                        hi = mid
                    if abs(hi - lo) < 0.01:
                        break
                return (lo + hi) / 2
    return start


def _anchored(figure: Figure, pts: Mapping[str, Vec]) -> dict[str, Vec]:
    """Points moved so the lowest rests on the support and the anchor is at its place."""
    dy = figure.ground - _lowest(pts)
    dx = figure.anchor_x - pts[figure.anchor][0]
    return {name: (p[0] + dx, p[1] + dy, p[2]) for name, p in pts.items()}


@dataclass(frozen=True, slots=True)
class Placed:
    """A pose placed in the scene: its angles (pitch solved) and its world points."""

    values: tuple[float, ...]
    points: dict[str, Vec]


def place(
    figure: Figure, values: Sequence[float], contacts: Sequence[str] = (), solve: bool = True
) -> Placed:
    """Solve the contacts, rest the lowest point on the support and put the anchor in place."""
    if contacts and solve:
        values = _with_pitch(values, _solve_pitch(figure, values, contacts))
    return Placed(tuple(values), _anchored(figure, forward_kinematics(values)))


@functools.lru_cache(maxsize=512)
def place_pose(figure: Figure, pose: KeyPose) -> Placed:
    """A key pose placed in the scene (cached: every frame of a move starts from two)."""
    return place(figure, pose.values, pose.contacts)


# --------------------------------------------------------------------------------------------
# Timing from the dose, and frames


Phase = Literal["rest", "move", "hold", "pause"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of the animation: from one pose to another (equal for a hold)."""

    start_s: float
    end_s: float
    phase: Phase
    source: KeyPose
    target: KeyPose
    side: int  # 0: the first side, 1: the other side

    @property
    def seconds(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Timeline:
    segments: tuple[Segment, ...]
    hold_label: str | None

    @property
    def duration(self) -> float:
        return self.segments[-1].end_s if self.segments else 0.0


def shown_hold(hold_s: int | None) -> float:
    """How long the picture holds still: the real hold when short, else a few seconds (the
    ring fills meanwhile and its label gives the real time)."""
    if hold_s is None:
        return 0.5
    return min(max(float(hold_s), 1.5), 3.0)


def hold_label(hold_s: int | None) -> str | None:
    if hold_s is None:
        return None
    if hold_s >= 60 and hold_s % 60 == 0:
        return f"{hold_s // 60} min"
    return f"{hold_s} s"


def timeline(figure: Figure, hold_s: int | None, per_side: bool) -> Timeline:
    """The loop the picture plays: rest at the start, then each key pose in turn (held where
    the figure says so), back to the start; then the same on the other side when the dose
    is per side (or the figure asks for it)."""
    both = figure.other_side if figure.other_side is not None else per_side
    sides = (0, 1) if both else (0,)
    segments: list[Segment] = []
    now = 0.0

    def add(seconds: float, phase: Phase, source: KeyPose, target: KeyPose, side: int) -> None:
        nonlocal now
        segments.append(Segment(now, now + seconds, phase, source, target, side))
        now += seconds

    held = shown_hold(hold_s)
    for side in sides:
        poses = [figure.pose(name) for name in figure.sequence]
        if side:
            poses = [p.mirrored() for p in poses]
        start = poses[0]
        if segments and segments[-1].target.values != start.values:
            add(figure.move_s, "move", segments[-1].target, start, side)
        if len(poses) > 1:
            add(0.6, "rest", start, start, side)
        for n, pose in enumerate(poses):
            following = poses[(n + 1) % len(poses)]
            if len(poses) == 1:
                add(held, "hold", pose, pose, side)
                break
            add(figure.move_s, "move", pose, following, side)
            if following.name in figure.holds and n + 1 < len(poses):
                add(held, "hold", following, following, side)
            elif n + 1 < len(poses):
                add(0.25, "pause", following, following, side)
    return Timeline(tuple(segments), hold_label(hold_s))


def _ease(t: float) -> float:
    """Slow in, slow out: people move like this, and the holds read as still."""
    return t * t * (3 - 2 * t)


def pose_at(figure: Figure, segment: Segment, fraction: float) -> Placed:
    """The placed pose ``fraction`` (0-1) of the way through a segment."""
    a, b = segment.source, segment.target
    if segment.phase != "move":
        return place_pose(figure, b)
    start, end = place_pose(figure, a), place_pose(figure, b)
    t = _ease(min(max(fraction, 0.0), 1.0))
    values = [x + (y - x) * t for x, y in zip(start.values, end.values, strict=True)]
    # The same contacts at both ends stay in contact all the way; otherwise the tilt
    # changes smoothly between the two solved ones.
    same = a.contacts == b.contacts and bool(a.contacts)
    return place(figure, values, a.contacts, solve=same)


def steps_for(segment: Segment) -> int:
    """How many straight steps draw a move smoothly (one per 18 degrees of the largest turn:
    a straight step shortens a turning limb by at most 1.3% midway)."""
    if segment.phase != "move":
        return 1
    turn = max(
        abs(x - y) for x, y in zip(segment.source.values, segment.target.values, strict=True)
    )
    return max(2, math.ceil(turn / 18.0))


@dataclass(frozen=True, slots=True)
class Frame:
    time_s: float
    placed: Placed
    holding: bool
    side: int


def frames(figure: Figure, line: Timeline) -> list[Frame]:
    """The keyframes of the loop: every pose the renderer draws, with its time."""
    out: list[Frame] = []
    for segment in line.segments:
        n = steps_for(segment)
        for k in range(n + 1):
            if out and k == 0:
                continue
            time = segment.start_s + segment.seconds * k / n
            placed = pose_at(figure, segment, k / n)
            out.append(Frame(time, placed, segment.phase == "hold" and k < n, segment.side))
        if segment.phase == "hold":
            out[-1] = Frame(out[-1].time_s, out[-1].placed, False, segment.side)
    return out


def sample(figure: Figure, line: Timeline, count: int) -> Iterable[Placed]:
    """``count`` poses evenly spread in time through the loop (for the geometry checks)."""
    for n in range(count):
        t = line.duration * n / count
        for segment in line.segments:
            if segment.start_s <= t < segment.end_s or segment is line.segments[-1]:
                yield pose_at(figure, segment, (t - segment.start_s) / max(segment.seconds, 1e-9))
                break


def still_poses(figure: Figure) -> tuple[Placed, Placed]:
    """The start pose and the end pose (the first held one, else the last), for stills."""
    start = figure.pose(figure.sequence[0])
    held = [name for name in figure.sequence if name in figure.holds]
    end = figure.pose(held[0] if held else figure.sequence[-1])
    if end is start and len(figure.sequence) > 1:
        end = figure.pose(figure.sequence[1])
    return place_pose(figure, start), place_pose(figure, end)


# --------------------------------------------------------------------------------------------
# Cameras

# Where each view's camera starts: (turn, tilt) in degrees. 0, 0 looks at the figure's left
# side; a turn of 90 moves the camera round to the front (+x); a tilt of 90 looks straight
# down from the ceiling.
VIEW_CAMERAS: dict[str, tuple[float, float]] = {
    "side": (0.0, 0.0),
    "front": (90.0, 0.0),
    "top": (0.0, 90.0),
}


@dataclass(frozen=True, slots=True)
class Camera:
    """An orthographic camera: the picture's right, up and towards-the-viewer axes."""

    right: Vec
    up: Vec
    toward: Vec

    @classmethod
    def turned(cls, turn: float, tilt: float) -> Camera:
        ct, st = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        right: Vec = (-ct, 0.0, -st)
        toward: Vec = (st, 0.0, -ct)
        up: Vec = (0.0, 1.0, 0.0)
        ca, sa = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
        toward, up = (
            (toward[0] * ca + up[0] * sa, toward[1] * ca + up[1] * sa, toward[2] * ca + up[2] * sa),
            (up[0] * ca - toward[0] * sa, up[1] * ca - toward[1] * sa, up[2] * ca - toward[2] * sa),
        )
        return cls(right, up, toward)

    def project(self, p: Vec) -> tuple[float, float, float]:
        """A world point as (x right, y up, depth towards the viewer) in the picture."""

        def dot(a: Vec) -> float:
            return a[0] * p[0] + a[1] * p[1] + a[2] * p[2]

        return (dot(self.right), dot(self.up), dot(self.toward))
