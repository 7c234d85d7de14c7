"""The jointed figure: kinematics, key poses, timing, and the geometry of every exercise's
animation (limbs keep their lengths, nothing goes through a support, lying poses rest on it)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from supple.content import load_catalog
from supple.domain.catalog import Exercise
from supple.figures import model as P

CATALOG = load_catalog()
EXERCISES = CATALOG.exercises
IDS = [e.id for e in EXERCISES]
SAMPLES = 150
LYING = ("supine", "prone", "side-lying")
TRUNK = ("pelvis", "lumbar", "waist", "neck_base", "l_hip", "r_hip", "l_shoulder", "r_shoulder")
# Lying exercises whose point is to hold the trunk up off the floor.
LIFTED = ("push-up", "plank-on-elbows-and-knees")


def rest() -> list[float]:
    return [0.0] * len(P.DOFS)


def with_angles(**angles: float) -> list[float]:
    values = rest()
    for name, value in angles.items():
        values[P.DOFS.index(name)] = value
    return values


def timeline_of(exercise: Exercise) -> P.Timeline:
    assert exercise.figure is not None
    hold = exercise.dosage.hold_s.low if exercise.dosage.hold_s else None
    return P.timeline(exercise.figure, hold, exercise.dosage.per_side)


def samples(exercise: Exercise) -> list[P.Placed]:
    assert exercise.figure is not None
    return list(P.sample(exercise.figure, timeline_of(exercise), SAMPLES))


# -- kinematics --------------------------------------------------------------------------------


def test_the_figure_at_rest_stands_upright_about_180_cm_tall() -> None:
    pts = P.forward_kinematics(rest())
    top = pts["head"][1] + P.HEAD_RADIUS
    bottom = min(pts["l_heel"][1], pts["l_toe"][1]) - P.POINT_RADIUS["l_heel"]
    assert 170 < top - bottom < 190
    assert pts["l_hip"][2] < 0 < pts["r_hip"][2], "the left side is at -z"
    assert pts["face"][0] > pts["head"][0], "the figure faces +x"


def test_flexion_is_forward_at_the_hip_and_backward_at_the_knee() -> None:
    pts = P.forward_kinematics(with_angles(l_hip=90, l_knee=90))
    hip, knee, ankle = pts["l_hip"], pts["l_knee"], pts["l_ankle"]
    assert knee[0] - hip[0] == pytest.approx(P.THIGH)  # thigh straight forward
    assert knee[1] == pytest.approx(hip[1])
    assert ankle[1] == pytest.approx(knee[1] - P.SHIN)  # shin hanging down
    lying = P.forward_kinematics(with_angles(pitch=90))
    assert lying["head"][0] < lying["pelvis"][0], "pitch 90 lies the figure head towards -x"
    assert lying["face"][1] > lying["head"][1], "... facing up"


def test_mirroring_swaps_the_sides_and_twice_is_the_same_pose() -> None:
    pose = P.KeyPose("p", tuple(with_angles(l_hip=80, r_knee=30, roll=20, waist_twist=-10)))
    mirrored = pose.mirrored()
    assert mirrored.value("r_hip") == 80
    assert mirrored.value("l_knee") == 30
    assert mirrored.value("roll") == -20
    assert mirrored.value("waist_twist") == 10
    assert mirrored.mirrored() == pose


# -- figure blocks -----------------------------------------------------------------------------


def test_every_exercise_has_a_figure_that_round_trips_through_its_data() -> None:
    for exercise in EXERCISES:
        assert exercise.figure is not None, exercise.id
        again = P.figure_from_dict(exercise.figure.as_dict())
        assert again == exercise.figure, exercise.id
        assert exercise.as_dict()["figure"] == exercise.figure.as_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"view": "sideways"}, "figure.view: 'sideways' is not one of side, top, front"),
        ({"poses": {"a": {"elbows": 10}}}, "figure.poses.a.elbows: not a joint of the figure"),
        ({"poses": {"a": {"hip": "lots"}}}, "figure.poses.a.hip: 'lots' is not a number"),
        ({"poses": {"a": {"hip": 1e9}}}, "figure.poses.a.hip: 1000000000.0 is not an angle"),
        ({"sequence": ["a", "nope"]}, "figure.sequence: a list of the names under poses (a)"),
        ({"supports": ["trampoline"]}, "figure.supports.0: 'trampoline' is not one of"),
        ({"props": [{"kind": "towel", "at": "ear"}]}, "figure.props.0.at: 'ear' is not a point"),
        ({"anchor": "tail"}, "figure.anchor: 'tail' is not a point of the figure"),
        ({"move_s": 60}, "figure.move_s: between 0.3 and 6 seconds"),
        ({"colour": "red"}, "figure.colour: not a known field"),
        ({"poses": {"a": {"contacts": ["l_hand"]}}}, "figure.poses.a.contacts: name two points"),
    ],
)
def test_a_bad_figure_block_is_refused_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    data: dict[str, object] = {"view": "side", "poses": {"a": {"hip": 10}}, **change}
    with pytest.raises(P.FigureError) as raised:
        P.figure_from_dict(data)
    assert str(raised.value).startswith(message)


# -- timing from the dose ----------------------------------------------------------------------


def test_timing_moves_in_holds_still_returns_and_does_the_other_side() -> None:
    exercise = CATALOG.exercise("knee-to-chest")  # hold 5-20 s, per side
    line = timeline_of(exercise)
    phases = [(s.phase, s.side) for s in line.segments]
    assert phases == [
        ("rest", 0),
        ("move", 0),
        ("hold", 0),
        ("move", 0),
        ("rest", 1),
        ("move", 1),
        ("hold", 1),
        ("move", 1),
    ]
    hold = next(s for s in line.segments if s.phase == "hold")
    assert hold.seconds == P.shown_hold(5) == 3.0
    assert line.hold_label == "5 s"
    assert line.segments[-1].target == line.segments[4].source, "it ends where it starts"
    # A hold is visibly still: every point stays put.
    assert exercise.figure is not None
    first = P.pose_at(exercise.figure, hold, 0.0).points
    last = P.pose_at(exercise.figure, hold, 1.0).points
    assert first == last


@pytest.mark.parametrize(("hold_s", "shown", "label"), [(1, 1.5, "1 s"), (60, 3.0, "1 min")])
def test_long_holds_are_shortened_but_labelled_with_the_real_time(
    hold_s: int, shown: float, label: str
) -> None:
    assert P.shown_hold(hold_s) == shown
    assert P.hold_label(hold_s) == label
    assert P.hold_label(None) is None


def test_a_repetition_exercise_without_holds_only_pauses() -> None:
    line = timeline_of(CATALOG.exercise("push-up"))
    assert {s.phase for s in line.segments} == {"rest", "move", "pause"}
    assert line.hold_label is None


def test_one_sided_exercises_show_both_sides_and_the_others_one() -> None:
    for exercise in EXERCISES:
        assert exercise.figure is not None
        sides = {s.side for s in timeline_of(exercise).segments}
        expected = exercise.figure.other_side
        if expected is None:
            expected = exercise.dosage.per_side
        assert sides == ({0, 1} if expected else {0}), exercise.id


# -- geometry of every exercise, through the whole animation -----------------------------------


@pytest.mark.parametrize("exercise_id", IDS)
def test_limbs_keep_their_lengths_and_nothing_goes_through_a_support(exercise_id: str) -> None:
    exercise = CATALOG.exercise(exercise_id)
    figure = exercise.figure
    assert figure is not None
    boxes = [box for support in figure.supports for box in support.boxes]
    for n, placed in enumerate(samples(exercise)):
        pts = placed.points
        for a, b, length in P.BONES:
            assert math.dist(pts[a], pts[b]) == pytest.approx(length, abs=1e-6), (n, a, b)
        for name, (x, y, z) in pts.items():
            # The body's surface may touch the floor, never sink into it.
            assert y - P.POINT_RADIUS[name] >= figure.ground - 0.5, (n, name, "floor")
            for (x0, y0, z0), (x1, y1, z1) in boxes:
                inside = x0 + 1 < x < x1 - 1 and y0 + 1 < y < y1 - 1 and z0 + 1 < z < z1 - 1
                assert not inside, (n, name, "inside a support")


@pytest.mark.parametrize(
    "exercise_id", [e.id for e in EXERCISES if e.position in LYING and e.id not in LIFTED]
)
def test_lying_poses_rest_on_the_support_throughout(exercise_id: str) -> None:
    """The trunk lies on the mat or bed in every key pose, and stays within a few cm of it
    while moving between them."""
    exercise = CATALOG.exercise(exercise_id)
    figure = exercise.figure
    assert figure is not None

    def lowest_trunk(placed: P.Placed) -> float:
        return min(placed.points[p][1] - P.POINT_RADIUS[p] for p in TRUNK)

    for pose in figure.poses:
        placed = P.place_pose(figure, pose)
        assert lowest_trunk(placed) == pytest.approx(figure.ground, abs=1.0), pose.name
    line = timeline_of(exercise)
    for segment in line.segments:
        if segment.phase == "move" and segment.source.name == segment.target.name:
            continue  # turning over to do the other side is not the exercise
        for k in range(11):
            placed = P.pose_at(figure, segment, k / 10)
            assert lowest_trunk(placed) == pytest.approx(figure.ground, abs=3.0), (segment, k)


def test_on_a_chair_the_seat_carries_the_pelvis_and_the_feet_are_on_the_floor() -> None:
    for exercise in EXERCISES:
        assert exercise.figure is not None
        if not any(s.kind == "chair" for s in exercise.figure.supports):
            continue
        for placed in samples(exercise):
            pts = placed.points
            seat = pts["pelvis"][1] - P.POINT_RADIUS["pelvis"]
            assert seat == pytest.approx(P.CHAIR_SEAT, abs=2.0), exercise.id
            feet = min(pts[f"{s}_heel"][1] - P.POINT_RADIUS[f"{s}_heel"] for s in P.SIDES)
            assert feet == pytest.approx(0.0, abs=0.5), exercise.id


def test_contacts_stay_in_contact_through_a_move() -> None:
    """Palms and toes of a push-up, palms and knees of the cat-camel: on the floor all along."""
    for exercise_id, points in (
        ("push-up", ("l_wrist", "l_toe")),
        ("cat-camel", ("l_wrist", "l_knee")),
        ("bridge", ("l_heel", "neck_base")),
    ):
        exercise = CATALOG.exercise(exercise_id)
        assert exercise.figure is not None
        ground = exercise.figure.ground
        for placed in samples(exercise):
            for point in points:
                height = placed.points[point][1] - P.POINT_RADIUS[point]
                assert height == pytest.approx(ground, abs=1.0), (exercise_id, point)


def test_the_wall_push_up_keeps_its_hands_on_the_wall() -> None:
    for exercise_id in ("mini-push-up", "mini-push-up-further"):
        exercise = CATALOG.exercise(exercise_id)
        figure = exercise.figure
        assert figure is not None
        for placed in samples(exercise):
            palm = placed.points["l_wrist"][0] + P.POINT_RADIUS["l_wrist"]
            assert palm == pytest.approx(figure.wall_x, abs=0.6)


def test_what_the_key_poses_show() -> None:
    """A few facts a person must see: hips up in a bridge, a knee at the chest, the knees
    to one side in a twist and then the other."""
    catalog = CATALOG

    def key(exercise_id: str, name: str, mirrored: bool = False) -> dict[str, P.Vec]:
        figure = catalog.exercise(exercise_id).figure
        assert figure is not None
        pose = figure.pose(name)
        return P.place_pose(figure, pose.mirrored() if mirrored else pose).points

    start, up = key("bridge", "start"), key("bridge", "up")
    assert up["pelvis"][1] - start["pelvis"][1] > 15, "the hips lift"
    assert up["l_heel"][1] == pytest.approx(start["l_heel"][1], abs=1.0), "feet stay planted"
    lying, hug = key("knee-to-chest", "start"), key("knee-to-chest", "hug")
    to_chest = math.dist(hug["l_knee"], hug["neck_base"])
    assert to_chest < 0.6 * math.dist(lying["l_knee"], lying["neck_base"]), "knee to the chest"
    assert hug["r_heel"][1] == pytest.approx(lying["r_heel"][1], abs=1.0), "the other foot stays"
    over, other = key("lying-twist", "over"), key("lying-twist", "over", mirrored=True)
    assert over["l_knee"][2] < -20 < 20 < other["l_knee"][2], "knees to one side, then the other"
    cat, camel = key("cat-camel", "cat"), key("cat-camel", "camel")
    assert cat["waist"][1] - camel["waist"][1] > 10, "the back rounds up, then sags"
    prop = key("prone-prop-on-elbows", "propped")
    assert prop["face"][1] < prop["head"][1] + 5, "face down"
    assert prop["neck_base"][1] > 15, "propped up"
    assert prop["pelvis"][1] - P.POINT_RADIUS["pelvis"] == pytest.approx(P.MAT_TOP), "hips down"


def test_a_figure_with_no_contacts_still_rests_on_its_support() -> None:
    figure = P.figure_from_dict(
        {"view": "side", "supports": ["bed"], "poses": {"a": {"pitch": 90}}}
    )
    placed = P.place_pose(figure, figure.pose("a"))
    lowest = min(p[1] - P.POINT_RADIUS[n] for n, p in placed.points.items())
    assert lowest == pytest.approx(P.BED_TOP)
    assert replace(figure, anchor_x=5.0) != figure
