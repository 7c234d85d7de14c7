"""What the shipped library contains, as issue 3 asks: every seed exercise, the seeds' ladders
and routines, the education topics, and the judgements made on unclear text."""

from __future__ import annotations

import itertools

import pytest

from supple.content import load_catalog
from supple.domain.catalog import PHASES
from supple.domain.dosage import Range, format_dosage

CATALOG = load_catalog()

SEED_000 = "000_a3dd5b62d1fdf83f.txt"
SEED_001 = "001_c866f41ce7526402.txt"
SEED_002 = "002_f9fe001670b5d609.txt"
SEED_003 = "003_d708f9b81c2ea589.txt"
SEED_004 = "004_c0ad6984d77318e2.txt"

# Every exercise the seeds describe, by seed (an exercise two seeds describe is listed twice).
EXERCISES_BY_SEED = {
    SEED_000: {"lying-twist", "lying-twist-unassisted-return", "walk"},
    SEED_001: {
        "lower-back-rotational-stretch",
        "draw-in-maneuver",
        "draw-in-with-alternating-leg-raises",
        "pelvic-tilt",
        "lying-lateral-leg-lift",
        "cat-camel",
        "superman",
        "superman-opposite-arm-leg",
        "seated-torso-twist-stretch",
        "partial-curl",
    },
    SEED_002: {
        "partial-curl",
        "knee-to-chest",
        "lying-knee-twist",
        "plank-on-elbows-and-knees",
        "all-fours-hip-extension",
        "lower-back-rotational-stretch",
        "bridge",
        "draw-in-maneuver",
        "lumbar-flexion-rotation-stretch",
        "lying-static-leg-raise",
        "standing-overhead-stretch",
        "walk",
    },
    SEED_003: {
        "breathing-body-scan",
        "double-knee-to-chest",
        "knee-to-chest",
        "bridge",
        "sciatic-nerve-floss",
        "low-back-roll",
        "prone-prop-on-elbows",
        "standing-back-extension",
        "mini-push-up",
        "mini-push-up-further",
        "knee-push-up",
        "push-up",
    },
    SEED_004: {"seated-twist", "seated-twist-unassisted"},
}


def seeds_of(exercise_id: str) -> set[str]:
    return {s.seed for s in CATALOG.exercise(exercise_id).sources}


def test_the_library_has_every_seed_exercise_and_nothing_else() -> None:
    expected = set().union(*EXERCISES_BY_SEED.values())
    assert {e.id for e in CATALOG.exercises} == expected
    assert len(CATALOG.exercises) == 33


@pytest.mark.parametrize("seed", sorted(EXERCISES_BY_SEED))
def test_each_seeds_exercises_cite_that_seed(seed: str) -> None:
    for exercise_id in EXERCISES_BY_SEED[seed]:
        assert seed in seeds_of(exercise_id), exercise_id


@pytest.mark.parametrize(
    ("exercise_id", "seeds"),
    [
        ("bridge", {SEED_002, SEED_003}),
        ("partial-curl", {SEED_001, SEED_002}),
        ("lower-back-rotational-stretch", {SEED_001, SEED_002}),
        ("knee-to-chest", {SEED_002, SEED_003}),
        ("walk", {SEED_000, SEED_002}),
    ],
)
def test_an_exercise_two_seeds_describe_is_one_entry_with_both_sources(
    exercise_id: str, seeds: set[str]
) -> None:
    assert seeds <= seeds_of(exercise_id)


def test_different_twists_are_separate_entries() -> None:
    crossed = CATALOG.exercise("lying-twist")
    one_leg_straight = CATALOG.exercise("lying-knee-twist")
    assert crossed.sources[0].seed == SEED_000
    assert {s.seed for s in one_leg_straight.sources} == {SEED_002}
    assert CATALOG.exercise("seated-twist").id != CATALOG.exercise("seated-torso-twist-stretch").id


def test_the_unnamed_exercises_are_in() -> None:
    for exercise_id in ("all-fours-hip-extension", "prone-prop-on-elbows", "breathing-body-scan"):
        exercise = CATALOG.exercise(exercise_id)
        assert exercise.from_seeds
        assert exercise.notes


def test_ids_are_slugs_of_the_names() -> None:
    for e in CATALOG.exercises:
        slug = "-".join(
            "".join(c if c.isalnum() else " " for c in e.name.lower().replace("&", "and")).split()
        )
        assert e.id == slug, f"{e.id} is not the slug of {e.name!r}"


# -- ladders ---------------------------------------------------------------------------------

LADDERS = [
    ("draw-in-maneuver", "draw-in-with-alternating-leg-raises"),
    ("knee-to-chest", "double-knee-to-chest"),
    ("lying-twist", "lying-twist-unassisted-return"),
    ("mini-push-up", "mini-push-up-further", "knee-push-up", "push-up"),
    ("seated-twist", "seated-twist-unassisted"),
    ("standing-back-extension", "prone-prop-on-elbows"),
    ("superman", "superman-opposite-arm-leg"),
]


def test_the_ladders_are_the_seeds_own_progressions() -> None:
    assert sorted(tuple(e.id for e in ladder) for ladder in CATALOG.ladders()) == LADDERS


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda ladder: ladder[0])
def test_a_ladder_reads_the_same_from_every_rung(ladder: tuple[str, ...]) -> None:
    for rung in ladder:
        assert CATALOG.ladder_ids(rung) == ladder


def test_the_only_added_step_is_the_knee_push_up_inside_its_ladder() -> None:
    added = [e for e in CATALOG.exercises if not e.from_seeds]
    assert [e.id for e in added] == ["knee-push-up"]
    knee = added[0]
    assert knee.easier
    assert knee.harder
    assert any("not from the seeds" in note.lower() for note in knee.notes)


def test_harder_rungs_are_not_in_an_earlier_phase_than_easier_ones() -> None:
    for ladder in CATALOG.ladders():
        for lower, upper in itertools.pairwise(ladder):
            assert min(upper.phases) >= min(lower.phases), (lower.id, upper.id)


# -- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise_id",
    [
        "lying-twist",
        "pelvic-tilt",
        "cat-camel",
        "superman",
        "bridge",
        "breathing-body-scan",
        "double-knee-to-chest",
        "sciatic-nerve-floss",
        "low-back-roll",
        "prone-prop-on-elbows",
    ],
)
def test_exercises_the_seeds_say_can_be_done_in_bed_have_bed(exercise_id: str) -> None:
    assert "bed" in CATALOG.exercise(exercise_id).surfaces


def test_end_range_marks_the_movements_of_clinical_rules_section_6() -> None:
    end_range = {e.id for e in CATALOG.exercises if e.end_range}
    assert {"superman", "double-knee-to-chest", "partial-curl"} <= end_range
    assert "prone-prop-on-elbows" not in end_range
    for e in CATALOG.exercises:
        if e.end_range:
            assert e.direction != "neutral", e.id


def test_directions() -> None:
    direction = {e.id: e.direction for e in CATALOG.exercises}
    assert direction["superman"] == direction["prone-prop-on-elbows"] == "extension"
    assert direction["partial-curl"] == direction["double-knee-to-chest"] == "flexion"
    assert direction["walk"] == direction["bridge"] == "neutral"


def test_every_phase_has_mobility_and_from_phase_2_strength() -> None:
    for phase in PHASES:
        kinds = {e.kind for e in CATALOG.find(phase=phase)}
        assert kinds & {"mobility", "stretch"}, phase
        if phase >= 2:
            assert "strength" in kinds, phase


def test_walking_and_breathing_are_there_for_phase_1_and_the_flare_day() -> None:
    assert CATALOG.exercise("walk").kind == "functional"
    assert CATALOG.exercise("breathing-body-scan").kind == "breathing"
    assert 1 in CATALOG.exercise("walk").phases


def test_equipment_and_its_alternatives() -> None:
    draw_in = CATALOG.exercise("draw-in-maneuver")
    assert draw_in.equipment == ("towel",)
    assert set(draw_in.equipment_alternatives) == {"small-ball", "yoga-block"}
    assert CATALOG.exercise("mini-push-up").usable_with({"counter"})
    assert [e.id for e in CATALOG.exercises if e.equipment and not e.usable_with(set())] == [
        "all-fours-hip-extension",
        "draw-in-maneuver",
        "lying-static-leg-raise",
        "mini-push-up",
        "mini-push-up-further",
    ]


@pytest.mark.parametrize(
    ("exercise_id", "text"),
    [
        ("lying-twist", "Hold 30 s–2 min · each side · repeat often"),
        ("lying-lateral-leg-lift", "Hold 2 s · 10 reps · 3 sets · each side"),
        ("superman", "Hold 2 s · 10–15 reps · 3 sets"),
        ("bridge", "Hold 15 s · 3–5 reps"),
        ("double-knee-to-chest", "Hold 1 min"),
        ("lying-static-leg-raise", "Hold 15–20 min"),
        ("mini-push-up", "8–12 reps · 1–3 sets"),
        ("walk", "For 1–2 min · every 25–30 minutes of sitting"),
        ("breathing-body-scan", "For 1 min"),
    ],
)
def test_doses_read_as_the_seeds_give_them(exercise_id: str, text: str) -> None:
    exercise = CATALOG.exercise(exercise_id)
    assert exercise.dosage_text == text
    assert format_dosage(exercise.dosage, exercise.kind) == text


@pytest.mark.parametrize(
    ("exercise_id", "words"),
    [
        ("superman", "3 sets of 10 with 15 reps"),
        ("bridge", "step 2"),
        ("bridge", "as long as you can"),
        ("lying-static-leg-raise", "15 to 20 minutes"),
        ("sciatic-nerve-floss", "is ok"),
        ("cat-camel", "convention"),
        ("lying-lateral-leg-lift", "slightly bent"),
    ],
)
def test_the_judgements_on_unclear_text_are_noted(exercise_id: str, words: str) -> None:
    notes = " ".join(CATALOG.exercise(exercise_id).notes).lower()
    assert words in notes


def test_every_exercise_is_complete_for_the_json_listing() -> None:
    keys = {
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
    for e in CATALOG.exercises:
        data = e.as_dict()
        assert keys <= set(data)
        assert e.steps
        assert e.summary
        assert e.sources


# -- routines --------------------------------------------------------------------------------


def test_the_routines_in_order() -> None:
    assert [r.id for r in CATALOG.routines] == [
        "early-phase-in-bed",
        "lumbago",
        "limited-mobility",
        "challenge",
        "phase-1",
        "phase-2",
        "phase-3",
    ]


def test_the_early_phase_routine_is_003_in_its_order_done_in_bed() -> None:
    routine = CATALOG.routine("early-phase-in-bed")
    assert routine.members == (
        "breathing-body-scan",
        "double-knee-to-chest",
        "bridge",
        "sciatic-nerve-floss",
        "low-back-roll",
        "prone-prop-on-elbows",
        "mini-push-up",
    )
    assert routine.phase == 1
    assert "bed" in routine.surfaces
    assert routine.frequency is not None
    assert "once a day" in routine.frequency
    for member in routine.members[:5]:
        assert "bed" in CATALOG.exercise(member).surfaces, member


def test_the_lumbago_routine_is_001_in_its_order() -> None:
    assert CATALOG.routine("lumbago").members == (
        "lower-back-rotational-stretch",
        "draw-in-maneuver",
        "pelvic-tilt",
        "lying-lateral-leg-lift",
        "cat-camel",
        "superman",
        "seated-torso-twist-stretch",
        "partial-curl",
    )


def test_the_named_programs_of_000_and_004() -> None:
    assert CATALOG.routine("limited-mobility").members == ("lying-twist",)
    assert CATALOG.routine("challenge").members == ("seated-twist",)
    assert CATALOG.routine("challenge").phase == 3


@pytest.mark.parametrize("phase", PHASES)
def test_a_phase_routine_lists_exactly_the_exercises_of_that_phase(phase: int) -> None:
    routine = CATALOG.phase_routine(phase)
    assert routine.phase == phase
    assert set(routine.members) == {e.id for e in CATALOG.find(phase=phase)}


def test_every_exercise_is_in_a_routine() -> None:
    for e in CATALOG.exercises:
        assert CATALOG.routines_with(e.id), e.id


# -- education -------------------------------------------------------------------------------


def test_the_topics() -> None:
    assert [t.id for t in CATALOG.topics] == [
        "sitting-breaks",
        "getting-out-of-bed",
        "posture",
        "lifting",
        "travel",
        "heat-and-ice",
        "weight",
        "keep-moving",
        "stretching-rules",
        "daily-habit",
        "pain-during-exercise",
        "check-with-a-clinician",
        "stretch-and-strengthen",
    ]


def test_sitting_breaks_every_25_to_30_minutes_for_1_to_2() -> None:
    topic = CATALOG.topic("sitting-breaks")
    assert "25-30" in topic.summary
    assert "1-2" in topic.summary
    assert any("every 25-30 minutes for 1-2 minutes" in s.quote for s in topic.sources)


def test_getting_out_of_bed_has_the_four_log_rolling_steps() -> None:
    topic = CATALOG.topic("getting-out-of-bed")
    assert len(topic.steps) == 4
    assert "draw in" in topic.steps[0]
    assert "side" in topic.steps[1]
    assert "edge of the bed" in topic.steps[2]
    assert "feet drop to the floor" in topic.steps[3]


def test_the_stretching_rules() -> None:
    points = " ".join(CATALOG.topic("stretching-rules").points).lower()
    assert "do not bounce" in points
    assert "free of pain" in points
    assert "2 to 5 times" in points


def test_moving_every_30_minutes() -> None:
    assert "every 30 minutes" in " ".join(CATALOG.topic("keep-moving").points).lower()
    assert "every 30 minutes" in " ".join(CATALOG.topic("travel").points).lower()


def test_a_dose_range_is_never_upside_down() -> None:
    for e in CATALOG.exercises:
        for r in (e.dosage.hold_s, e.dosage.reps, e.dosage.sets):
            assert r is None or isinstance(r, Range)
