"""The red-flag screen (docs/clinical-rules.md section 1)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supple.domain import safety
from supple.domain.safety import QUESTIONS, ScreenError, screen

ALL_NO = dict.fromkeys(safety.ASKED_IDS, False)
BANNED = re.compile(
    r"\b(safe|safely|guarantee[ds]?|cures?|cured|treats?|treating|treated)\b", re.IGNORECASE
)

# The rule table: every question alone, and the action it carries.
TABLE = [
    ("E1", "emergency"),
    ("E2", "emergency"),
    ("E3", "emergency"),
    ("E4", "emergency"),
    ("E5", "emergency"),
    ("E6", "emergency"),
    ("E7", "emergency"),
    ("E8", "emergency"),
    ("U1", "urgent"),
    ("U2", "urgent"),
    ("U3", "urgent"),
    ("U4", "urgent"),
    ("U5", "urgent"),
    ("U6", "urgent"),
    ("C1", "clearance"),
    ("G1", "gp"),
    ("G2", "gp"),
    ("G3", "gp"),
    ("G4", "gp"),
]


def test_the_question_ids_are_the_rule_books() -> None:
    assert [q for q, _ in TABLE] == [q.id for q in QUESTIONS]
    assert tuple(q for q, _ in TABLE if q != "G4") == safety.ASKED_IDS


@pytest.mark.parametrize(("question", "outcome"), TABLE)
def test_a_single_yes_gives_its_action(question: str, outcome: str) -> None:
    result = screen({**ALL_NO, question: True})
    assert result.outcome == outcome
    assert result.flags == (question,)


def test_all_no_is_clear() -> None:
    result = screen(ALL_NO)
    assert result.outcome == "clear"
    assert result.flags == ()
    assert not result.blocked


@pytest.mark.parametrize(
    ("yes", "outcome"),
    [
        (("E3", "U1", "C1", "G1"), "emergency"),
        (("U1", "C1", "G1"), "urgent"),
        (("C1", "G2"), "clearance"),
        (("G3", "G2"), "gp"),
        (("U6", "G1"), "urgent"),
    ],
)
def test_the_most_severe_answer_wins(yes: tuple[str, ...], outcome: str) -> None:
    assert screen({**ALL_NO, **dict.fromkeys(yes, True)}).outcome == outcome


@pytest.mark.parametrize("missing", safety.EMERGENCY_IDS)
def test_an_unanswered_emergency_question_makes_it_incomplete(missing: str) -> None:
    answers = {k: v for k, v in ALL_NO.items() if k != missing}
    result = screen(answers)
    assert result.outcome == "incomplete"
    assert result.missing == (missing,)
    assert missing in result.message
    assert screen({**ALL_NO, missing: None}).outcome == "incomplete"


def test_an_empty_screen_is_incomplete_never_clear() -> None:
    assert screen({}).outcome == "incomplete"


def test_unanswered_u_c_g_questions_count_as_not_answered() -> None:
    answers = dict.fromkeys(safety.EMERGENCY_IDS, False)
    assert screen(answers).outcome == "clear"


def test_an_emergency_yes_wins_over_unanswered_questions() -> None:
    assert screen({"E5": True}).outcome == "emergency"


def test_a_u_yes_with_unanswered_e_questions_is_incomplete_and_keeps_the_flag() -> None:
    result = screen({"U1": True})
    assert result.outcome == "incomplete"
    assert result.flags == ("U1",)
    assert "48 hours" in result.message


@pytest.mark.parametrize("question", safety.CHECKABLE_IDS)
def test_a_u_c_or_g_answer_checked_by_a_clinician_does_not_alarm_again(question: str) -> None:
    result = screen({**ALL_NO, question: True}, checked=[question])
    assert result.outcome == "clear"
    assert result.flags == ()
    assert result.checked == (question,)
    assert "already checked by a clinician" in result.message.lower()


@pytest.mark.parametrize("question", safety.EMERGENCY_IDS)
def test_an_emergency_answer_can_never_be_silenced(question: str) -> None:
    with pytest.raises(ScreenError, match="cannot be marked as already checked"):
        screen({**ALL_NO, question: True}, checked=[question])


def test_a_checked_answer_does_not_hide_other_flags() -> None:
    result = screen({**ALL_NO, "U3": True, "G1": True}, checked=["U3"])
    assert result.outcome == "gp"
    assert result.flags == ("G1",)


def test_unknown_ids_are_refused() -> None:
    with pytest.raises(ScreenError, match="X9"):
        screen({**ALL_NO, "X9": True})
    with pytest.raises(ScreenError, match="Z1"):
        screen(ALL_NO, checked=["Z1"])


@pytest.mark.parametrize(
    ("outcome", "allowed", "max_phase", "progression", "lock"),
    [
        ("emergency", False, None, False, 24),
        ("urgent", False, None, False, None),
        ("clearance", False, None, False, None),
        ("gp", True, 1, False, None),
        ("clear", True, 3, True, None),
        ("incomplete", False, None, False, None),
    ],
)
def test_what_each_outcome_does_to_the_program(
    outcome: str, allowed: bool, max_phase: int | None, progression: bool, lock: int | None
) -> None:
    effect = safety.EFFECTS[outcome]
    assert effect.exercises_allowed is allowed
    assert effect.max_phase == max_phase
    assert effect.progression_allowed is progression
    assert effect.lock_hours == lock
    assert (outcome in safety.BLOCKING) is (not allowed)


def test_the_emergency_message_comes_alone_with_the_local_number() -> None:
    result = screen({**ALL_NO, "E2": True, "U1": True}, emergency_number="999")
    assert result.message.startswith("Seek emergency care now")
    assert "call 999" in result.message
    assert "48 hours" not in result.message
    assert "local emergency number" in screen({"E1": True}).message


def test_the_urgent_message_advises_48_hours_and_the_gp_one_2_weeks() -> None:
    assert "48 hours" in screen({**ALL_NO, "U2": True}).message
    assert "2 weeks" in screen({**ALL_NO, "G2": True}).message
    assert "cleared" in screen({**ALL_NO, "C1": True}).message


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(safety.QUESTION_IDS), st.one_of(st.none(), st.booleans()), max_size=19
    ),
    st.sets(st.sampled_from(safety.CHECKABLE_IDS)),
)
def test_every_message_is_in_plain_words_without_promises(
    answers: dict[str, bool | None], checked: set[str]
) -> None:
    result = screen(answers, checked=sorted(checked))
    assert result.outcome in safety.OUTCOMES
    assert not BANNED.search(result.message), result.message
    # Never clear while any emergency question is unanswered.
    if any(answers.get(e) is None for e in safety.EMERGENCY_IDS):
        assert result.outcome in ("emergency", "incomplete")


def test_questions_are_in_plain_words() -> None:
    for q in QUESTIONS:
        assert not BANNED.search(q.text), q.id
        assert q.text[0].isupper() or q.text.startswith("(")


@pytest.mark.parametrize("value", ["yes", 1, 0, "true"])
def test_an_answer_that_is_not_true_false_or_none_is_refused(value: object) -> None:
    with pytest.raises(ScreenError, match="expected true, false or null"):
        screen({**ALL_NO, "E1": value})  # type: ignore[dict-item]
