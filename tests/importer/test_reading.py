"""General reading rules added after the fresh split's first score; each case is made up in
the way the articles phrase things, so each test fails without its rule."""

from __future__ import annotations

import pytest

from supple.domain.dosage import Range
from supple.interop.article import import_article
from supple.interop.article.doses import parse_sentence


def _names(text: str) -> list[str]:
    return [d.name for d in import_article(text).drafts]


def test_a_category_before_a_colon_is_not_the_exercises_name() -> None:
    text = (
        "Back Exercises: Pelvic Tilt\n\n"
        "To start, lie on your back with your knees bent. Breathe deeply:\n\n"
        "  • Tighten your stomach and press your lower back toward the floor. Keep it small. "
        "This should not hurt.\n\n  • Hold for 5 to 15 seconds. Release.\n\n"
        "  • Repeat 2 to 5 times.\n"
    )
    (draft,) = import_article(text).drafts
    assert (draft.name, draft.name_given) == ("Pelvic Tilt", True)
    assert (draft.hold_s, draft.reps) == (Range(5, 15), Range(2, 5))


def test_a_bracketed_list_mark_before_a_heading_is_dropped() -> None:
    text = (
        "(B) Basic Bird Dog\n\nOn all fours, brace your core and lift your right arm and left "
        "leg. Hold it for 5 seconds. Repeat with your opposite arm and leg.\n"
    )
    assert _names(text) == ["Basic Bird Dog"]


def test_the_next_numbered_heading_may_read_like_an_instruction() -> None:
    text = (
        "Top 10 Exercises to Strengthen Your Back\n\n1. Cat stretch\n\n"
        "Arch your back up towards the ceiling. Hold for a few seconds. Repeat 10 times.\n\n"
        "2. Bend knee to chest\n\nThis exercise is for the low back. Lie down on the floor and "
        "pull your knee towards your chest. Hold each stretch for a few seconds and repeat 3 "
        "times for each side.\n"
    )
    drafts = import_article(text).drafts
    assert [d.name for d in drafts] == ["Cat stretch", "Bend knee to chest"]
    # "each stretch" under the exercise's own heading is about that exercise.
    assert (drafts[1].reps, drafts[1].per_side) == (Range(3, 3), True)


def test_a_name_and_a_dash_open_an_exercise() -> None:
    text = (
        "Hamstring Stretches\n\n"
        "Knee to Chest- Lay with back flat on the floor. Gently pull knee to chest until "
        "stretch is felt. Hold for 15 seconds, repeat other leg.\n\n"
        "Forward Bend- With feet shoulder width apart, lower hands toward floor until stretch "
        "is felt. Hold 10-30 seconds.\n"
    )
    drafts = import_article(text).drafts
    assert [d.name for d in drafts] == ["Knee to Chest", "Forward Bend"]
    assert drafts[1].hold_s == Range(10, 30)


def test_one_step_from_a_position_under_a_movements_name_is_an_exercise() -> None:
    text = (
        "Piriformis Pain\n\nHere are two stretches you can do:\n\nLong Stretch\n\n"
        "Sit with one knee straight and the other bent. Then gently turn your body.\n\n"
        "Modified Piriformis Stretch\n\nWhile lying on your back, hold your knee with your "
        "opposite hand and draw it towards your opposite shoulder.\n"
    )
    assert _names(text) == ["Long Stretch", "Modified Piriformis Stretch"]


def test_lying_on_one_side_is_one_sided_unless_the_text_switches() -> None:
    one = "Side Bridge\n\nLie on your side on your forearm. Lift your hips. Hold for 10 seconds.\n"
    both = one.replace("10 seconds.", "10 seconds. Repeat on the opposite side.")
    assert import_article(one).drafts[0].per_side is None
    assert import_article(both).drafts[0].per_side is True


def test_an_article_ending_on_a_whole_sentence_without_a_full_stop_is_not_cut_off() -> None:
    text = (
        "Plank\n\nLie face down on your elbows. Lift your hips. Hold for 20-30 seconds. "
        "Repeat 2 times.\n\nSide Plank\n\nLie on your side on your elbow. Lift your hips. "
        "Hold for 20-30 seconds. Repeat 2 times and repeat on the opposite side"
    )
    side = import_article(text).drafts[1]
    assert not side.truncated
    assert (side.hold_s, side.reps, side.per_side) == (Range(20, 30), Range(2, 2), True)
    cut = import_article(text[:-30] + " with your").drafts[1]
    assert cut.truncated
    assert cut.hold_s is None


@pytest.mark.parametrize(
    ("phrase", "field", "value"),
    [
        ("Hold to the count of 10.", "hold_s", Range(10, 10)),
        ("Put the ankle over the opposite knee and hold for 10 seconds.", "per_side", False),
        ("Cross your leg on the other knee and hold for 10 seconds.", "per_side", False),
        ("Repeat on the other leg.", "per_side", True),
        ("Repeat with the opposite knee.", "per_side", True),
    ],
)
def test_the_dosage_vocabulary_reads_counts_and_where_a_limb_is_placed(
    phrase: str, field: str, value: object
) -> None:
    parsed = parse_sentence(phrase)
    assert parsed is not None
    assert getattr(parsed, field) == value


def test_lying_with_the_back_flat_on_the_floor_is_supine() -> None:
    text = (
        "Knee Hug\n\nLay with back flat on the floor. Pull a knee to your chest. Hold 15 seconds.\n"
    )
    assert import_article(text).drafts[0].position == "supine"
