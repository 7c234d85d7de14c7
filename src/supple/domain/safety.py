"""The red-flag safety screen (docs/clinical-rules.md section 1).

The screen is a list of yes/no questions about things that are *new since the back pain
began*. Each question has a stable id (``E1``..``E8``, ``U1``..``U6``, ``C1``, ``G1``..``G3``;
``G4`` is computed from the pain log, never asked) and an action. The outcome of a screen is the
most severe action among the "yes" answers, in the order
``emergency > urgent > clearance > gp > clear`` (rule R-1-outcome-order); a screen with any of
``E1``..``E8`` unanswered is ``incomplete``, never ``clear`` (R-1-incomplete).

Sources: NICE NG59 (2016, updated 2020); Finucane et al., JOSPT 2020 (international framework
for red flags). Every rule id used here has an entry in ``docs/clinical-rules.md``.

Wording follows R-10-words: plain words, no diagnosis, no promises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal, get_args

from supple.domain.thresholds import RESCREEN_EVERY_DAYS as RESCREEN_EVERY_DAYS
from supple.domain.thresholds import RESCREEN_PAIN as RESCREEN_PAIN

Action = Literal["emergency", "urgent", "clearance", "gp"]
Outcome = Literal["emergency", "urgent", "clearance", "gp", "clear", "incomplete"]

OUTCOMES: Final[tuple[str, ...]] = get_args(Outcome)

# R-1-outcome-order: most severe first. ``incomplete`` is not part of the order: it replaces
# ``clear`` (and anything below ``emergency``, see ``screen``).
SEVERITY: Final[tuple[Action | Literal["clear"], ...]] = (
    "emergency",
    "urgent",
    "clearance",
    "gp",
    "clear",
)

# Outcomes that stop today's exercises altogether (R-1-effect-*). ``gp`` does not: it keeps the
# user to gentle phase-1 routines without progression.
BLOCKING: Final[frozenset[str]] = frozenset({"emergency", "urgent", "clearance", "incomplete"})

# R-1-emergency-lock: an emergency outcome locks the program for 24 hours.
EMERGENCY_LOCK_HOURS: Final = 24
# R-1-urgent-pause: advise being seen within 48 hours.
URGENT_SEEN_WITHIN_HOURS: Final = 48
# R-1-gp-phase1: advise seeing a doctor within 2 weeks.
GP_SEEN_WITHIN_DAYS: Final = 14
# R-1-rescreen (RESCREEN_EVERY_DAYS, RESCREEN_PAIN) is defined in ``thresholds``.


@dataclass(frozen=True, slots=True)
class Question:
    """One screen question: a stable id, the question in plain words, and its action."""

    id: str
    text: str
    action: Action
    asked: bool = True

    @property
    def group(self) -> str:
        """The letter of the id: E (emergency), U (urgent), C (clearance), G (see a GP)."""
        return self.id[0]

    @property
    def can_be_checked(self) -> bool:
        """R-1-checked: U, C and G answers may be marked "already checked by a clinician"."""
        return self.group in {"U", "C", "G"}


QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "E1",
        "Numbness or tingling in the genitals, back passage, buttocks or inner thighs "
        '(the "saddle" area)',
        "emergency",
    ),
    Question(
        "E2",
        "Difficulty passing urine, leaking urine, or not feeling when the bladder is full",
        "emergency",
    ),
    Question("E3", "Loss of control of the bowels", "emergency"),
    Question("E4", "A change in sexual function or genital sensation", "emergency"),
    Question("E5", "Pain, tingling, numbness or weakness in both legs", "emergency"),
    Question(
        "E6",
        "Leg weakness that is getting worse, a foot that drops or catches, or legs giving way",
        "emergency",
    ),
    Question(
        "E7",
        "The pain began after a major accident, such as a fall from a height or a road accident",
        "emergency",
    ),
    Question("E8", "Chest pain, or feeling very unwell", "emergency"),
    Question("U1", "Fever, chills or night sweats", "urgent"),
    Question(
        "U2",
        "Weakened immunity, injecting drugs, a recent bacterial infection or a recent "
        "procedure on the spine",
        "urgent",
    ),
    Question("U3", "Have you ever had cancer?", "urgent"),
    Question("U4", "Losing weight without trying", "urgent"),
    Question(
        "U5",
        "A minor fall or strain, together with thin bones (osteoporosis), long-term steroid "
        "tablets, or being 70 or over",
        "urgent",
    ),
    Question("U6", "A lump or swelling, or a change in the shape of the back", "urgent"),
    Question(
        "C1",
        "Pregnant; spine surgery in the last 12 months; or a known broken bone in the spine, "
        "slipped vertebra (spondylolisthesis) or narrowing of the spinal canal (spinal stenosis)",
        "clearance",
    ),
    Question(
        "G1",
        "Constant pain at night that does not ease when you change position",
        "gp",
    ),
    Question(
        "G2",
        "All of these: the pain began before age 45, has lasted over 3 months, wakes you in "
        "the second half of the night, and eases when you move",
        "gp",
    ),
    Question(
        "G3",
        "Your first ever episode of back pain came before age 20 or after age 55, or the pain "
        "is mainly between the shoulder blades",
        "gp",
    ),
    Question(
        "G4",
        "(Not asked: worked out from your pain log.) Your weekly average pain has not improved "
        "by 2 points (or by 30%, if that is less) after 6 weeks of the program, from a first "
        "week of 3/10 or more",
        "gp",
        asked=False,
    ),
)

QUESTION_BY_ID: Final[Mapping[str, Question]] = {q.id: q for q in QUESTIONS}
QUESTION_IDS: Final[tuple[str, ...]] = tuple(q.id for q in QUESTIONS)
ASKED_IDS: Final[tuple[str, ...]] = tuple(q.id for q in QUESTIONS if q.asked)
EMERGENCY_IDS: Final[tuple[str, ...]] = tuple(q.id for q in QUESTIONS if q.group == "E")
CHECKABLE_IDS: Final[tuple[str, ...]] = tuple(q.id for q in QUESTIONS if q.can_be_checked)

INTRO: Final = (
    "These questions are about things that are new since your back pain began. "
    "Answer yes or no to each."
)


class ScreenError(ValueError):
    """Answers that cannot be screened: an unknown id, or an E answer marked as checked."""


@dataclass(frozen=True, slots=True)
class ProgramEffect:
    """What a screen outcome does to the program (R-1-effect-*)."""

    # May exercises be shown today at all?
    exercises_allowed: bool
    # Highest phase allowed (gp keeps phase 1), or None when exercises are not allowed.
    max_phase: int | None
    progression_allowed: bool
    # The lock cannot be dismissed for this many hours (emergency only).
    lock_hours: int | None
    # What the user must do before the program goes on, in plain words, or None.
    requires: str | None


EFFECTS: Final[Mapping[str, ProgramEffect]] = {
    # R-1-effect-emergency
    "emergency": ProgramEffect(
        exercises_allowed=False,
        max_phase=None,
        progression_allowed=False,
        lock_hours=EMERGENCY_LOCK_HOURS,
        requires="the program is locked for 24 hours; after that, answer the screen again",
    ),
    # R-1-effect-urgent
    "urgent": ProgramEffect(
        exercises_allowed=False,
        max_phase=None,
        progression_allowed=False,
        lock_hours=None,
        requires="confirm that a clinician has assessed you",
    ),
    # R-1-effect-clearance
    "clearance": ProgramEffect(
        exercises_allowed=False,
        max_phase=None,
        progression_allowed=False,
        lock_hours=None,
        requires="confirm that a clinician has cleared you to start",
    ),
    # R-1-effect-gp
    "gp": ProgramEffect(
        exercises_allowed=True,
        max_phase=1,
        progression_allowed=False,
        lock_hours=None,
        requires=None,
    ),
    # R-1-effect-clear
    "clear": ProgramEffect(
        exercises_allowed=True,
        max_phase=3,
        progression_allowed=True,
        lock_hours=None,
        requires=None,
    ),
    # R-1-incomplete: nothing starts until every emergency question is answered.
    "incomplete": ProgramEffect(
        exercises_allowed=False,
        max_phase=None,
        progression_allowed=False,
        lock_hours=None,
        requires="answer every question from E1 to E8",
    ),
}


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """The outcome of one screen, with the flags that set it and a plain-words message.

    ``flags`` are the ids answered "yes" that count (in question order); ``checked`` are the
    ids answered "yes" that a clinician has already checked and so do not alarm again;
    ``missing`` are the E ids left unanswered.
    """

    outcome: Outcome
    flags: tuple[str, ...]
    message: str
    checked: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def effect(self) -> ProgramEffect:
        return EFFECTS[self.outcome]

    @property
    def blocked(self) -> bool:
        return self.outcome in BLOCKING

    def as_dict(self) -> dict[str, object]:
        """The JSON form printed by ``supple screen --json`` (docs/engine-cli.md)."""
        return {"outcome": self.outcome, "flags": list(self.flags), "message": self.message}


def _emergency_call(emergency_number: str | None) -> str:
    if emergency_number:
        return f"call {emergency_number}"
    return "call your local emergency number"


def message_for(
    outcome: str,
    flags: Iterable[str] = (),
    *,
    missing: Iterable[str] = (),
    checked: Iterable[str] = (),
    emergency_number: str | None = None,
) -> str:
    """The message shown for an outcome, in plain words (sections 1 and 10).

    The emergency message is shown first and alone (R-1-effect-emergency): it mentions nothing
    else.
    """
    flags = tuple(flags)
    missing = tuple(missing)
    checked = tuple(checked)
    if outcome == "emergency":
        return (
            "Seek emergency care now: "
            f"{_emergency_call(emergency_number)} or go to an emergency department. "
            "Do not do the exercises. The program is locked for 24 hours; "
            "after that you will be asked these questions again."
        )
    parts: list[str] = []
    if outcome == "incomplete":
        parts.append(
            "Please answer every question from E1 to E8 before starting "
            f"(not answered: {', '.join(missing)}). The program does not start until then."
        )
        others = [f for f in flags if f not in EMERGENCY_IDS]
        if others:
            worst = most_severe(others)
            parts.append(
                f"You also answered yes to {', '.join(others)}: "
                + _advice(worst, emergency_number).rstrip(".")
                + "."
            )
    else:
        parts.append(_advice(outcome, emergency_number))
    if checked:
        parts.append(f"Already checked by a clinician, so not raised again: {', '.join(checked)}.")
    return " ".join(parts)


def _advice(outcome: str, emergency_number: str | None) -> str:
    if outcome == "urgent":
        return (
            "Please see a doctor or another clinician within 48 hours about your answers. "
            "Your program is paused until you confirm that a clinician has assessed you."
        )
    if outcome == "clearance":
        return (
            "Please check with your doctor or physiotherapist before starting. "
            "Your program starts once you confirm that a clinician has cleared you."
        )
    if outcome == "gp":
        return (
            "Please see your doctor within the next 2 weeks about your answers. "
            "Until then you can do the gentle phase-1 routines; doses will not be increased."
        )
    if outcome == "emergency":  # only reached for flags listed beside an incomplete screen
        return f"Seek emergency care now: {_emergency_call(emergency_number)}."
    return (
        "No warning signs in your answers. You can start the program. "
        "Stop and seek advice if an exercise causes severe pain or pain that spreads down a leg."
    )


def most_severe(ids: Iterable[str]) -> Action | Literal["clear"]:
    """The most severe action among question ids (R-1-outcome-order); ``clear`` for none."""
    actions = {QUESTION_BY_ID[i].action for i in ids}
    for level in SEVERITY:
        if level in actions:
            return level
    return "clear"


def screen(
    answers: Mapping[str, bool | None],
    *,
    checked: Iterable[str] = (),
    emergency_number: str | None = None,
) -> ScreenResult:
    """Screen a set of yes/no answers (docs/clinical-rules.md section 1).

    ``answers`` maps question ids to True (yes), False (no) or None (not answered; a missing id
    is not answered too). ``G4`` may be given: it is computed by the caller from the pain log
    (see ``progression.g4_no_improvement``). ``checked`` lists U, C or G ids that a clinician
    has already checked (R-1-checked): a "yes" there no longer sets the outcome. An E id there
    raises ``ScreenError`` (R-1-e-never-silenced), as does an unknown id.

    Outcome (R-1-outcome-order, R-1-incomplete): any E "yes" is ``emergency``; otherwise any E
    unanswered is ``incomplete``; otherwise the most severe action among the counted "yes"
    answers, or ``clear``.
    """
    for key, value in answers.items():
        if key not in QUESTION_BY_ID:
            raise ScreenError(f"unknown screen question id: {key!r}")
        if value is not None and not isinstance(value, bool):
            # A "yes" written any other way must not pass for a "no".
            raise ScreenError(f"{key}: expected true, false or null, got {value!r}")
    checked_set = set()
    for key in checked:
        if key not in QUESTION_BY_ID:
            raise ScreenError(f"unknown screen question id: {key!r}")
        if not QUESTION_BY_ID[key].can_be_checked:
            raise ScreenError(
                f"{key} cannot be marked as already checked by a clinician: "
                "emergency questions always count"
            )
        checked_set.add(key)
    yes = [q.id for q in QUESTIONS if answers.get(q.id) is True]
    flags = tuple(i for i in yes if i not in checked_set)
    silenced = tuple(i for i in yes if i in checked_set)
    missing = tuple(i for i in EMERGENCY_IDS if answers.get(i) is None)

    worst = most_severe(flags)
    outcome: Outcome
    if worst == "emergency":
        outcome = "emergency"
    elif missing:
        # Decision (cautious): an unanswered E question cannot be ruled out, so the screen is
        # incomplete even when a U, C or G answer is yes; those flags are still listed and the
        # message gives their advice too.
        outcome = "incomplete"
    else:
        outcome = worst
    message = message_for(
        outcome,
        flags,
        missing=missing,
        checked=silenced,
        emergency_number=emergency_number,
    )
    return ScreenResult(
        outcome=outcome, flags=flags, message=message, checked=silenced, missing=missing
    )
