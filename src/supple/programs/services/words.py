"""Plain words for the patient's pages and the terminal: one short sentence per change,
positions as a person says them, planner notes without jargon.

A presentation layer only: the engine's decisions and their reasons stay as they are (they
are stored, exported and shown in full behind a "Why" disclosure); this module reads the
decision, its colour and the doses before and after, and says what changes in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from supple.domain.dosage import format_seconds
from supple.domain.words import POSITION_WORDS, position_words

__all__ = ["POSITION_WORDS", "position_words"]


def short_dose(dose: Mapping[str, Any] | None) -> str:
    """A dose as a person says it: "15 s × 3", "8 reps", "30 s × 2, 2 sets, each side"."""
    if not dose:
        return "as it is"
    hold, reps, sets = dose.get("hold_s"), dose.get("reps"), dose.get("sets") or 1
    if isinstance(hold, int) and isinstance(reps, int) and reps > 1:
        text = f"{format_seconds(hold)} × {reps}"
    elif isinstance(hold, int):
        text = format_seconds(hold)
    elif isinstance(reps, int):
        text = f"{reps} reps"
    else:
        text = "its usual time"
    if isinstance(sets, int) and sets > 1:
        text += f", {sets} sets"
    if dose.get("per_side"):
        text += ", each side"
    return text


# Why a dose was kept, from the engine's reason (first match wins), for a reader.
_HOLD_WHY = (
    ("flare day", "nothing steps up on a flare day"),
    ("doctor", "doses stay the same until a doctor has seen you"),
    ("not all sets", "do all of it next time and it can step up"),
    ("last stepped up on", "it stepped up less than a week ago"),
    ("one session so far", "one more easy session and it steps up"),
    ("but before that", "one more easy session and it steps up"),
    ("next-morning pain averaged", "your morning pain has been higher lately"),
)
_BACK_WHY = (
    ("spread", "the pain spread down your leg"),
    ("morning", "your back was sorer the next morning"),
    ("after the session", "the pain after the session was high"),
)


_PREFIX = re.compile(r"^(held|stepped up|stepped back|paused|progress|hold|regress|pause): ")


def reason_detail(reason: str) -> str:
    """The engine's reason as a reader's detail: without its "held:" label, capitalised."""
    text = _PREFIX.sub("", reason.strip())
    return text[:1].upper() + text[1:]


def _first_match(reason: str, table: Iterable[tuple[str, str]], default: str) -> str:
    lowered = reason.lower()
    return next((words for key, words in table if key in lowered), default)


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One exercise's change in one sentence, with the engine's full reason as detail."""

    name: str
    sentence: str
    changed: bool  # the dose or the exercise changed, or it was paused
    colour: str
    detail: str


def _name(dose: Mapping[str, Any] | None, fallback: str, names: Mapping[str, str]) -> str:
    exercise = str((dose or {}).get("exercise") or fallback)
    return names.get(exercise, exercise)


def change_line(decision: Any, names: Mapping[str, str]) -> ChangeLine:
    """``decision``: a stored Decision (decision, colour, reason, before, after, exercise)."""
    before, after = decision.before or {}, decision.after or {}
    name = _name(before, decision.exercise, names)
    new_name = _name(after, decision.exercise, names)
    moved = new_name != name
    changed = before != after
    dose = short_dose(after)
    kind, reason = decision.decision, decision.reason or ""
    if kind == "pause":
        sentence = (
            f"{name} is paused: it hurt in two sessions in a row. Please check with a "
            "clinician before doing it again."
        )
        changed = True
    elif kind == "progress" and changed:
        target = f"{new_name}, {dose}" if moved else dose
        sentence = f"{name} steps up to {target}: it was easy two sessions in a row."
    elif kind == "progress":
        sentence = f"{name} stays at {dose}: it is at the top of its range."
    elif kind == "regress" and changed:
        why = _first_match(reason, _BACK_WHY, "it hurt too much last time")
        target = f"{new_name}, {dose}" if moved else dose
        sentence = f"{name} steps back to {target}: {why}."
    elif kind == "regress":
        why = _first_match(reason, _BACK_WHY, "it hurt too much last time")
        sentence = f"{name} stays at {dose}, its easiest: {why}."
    else:
        default = {
            "amber": "it was a little sore last time",
            "red": "it hurt last time",
        }.get(decision.colour, "it stays the same for now")
        sentence = f"{name} stays at {dose}: {_first_match(reason, _HOLD_WHY, default)}."
    return ChangeLine(
        name=name,
        sentence=sentence,
        changed=changed,
        colour=decision.colour,
        detail=reason_detail(reason),
    )


@dataclass(frozen=True, slots=True)
class Changes:
    changed: tuple[ChangeLine, ...]
    same: tuple[ChangeLine, ...]

    @property
    def same_words(self) -> str:
        """ "4 exercises stay the same"."""
        n = len(self.same)
        if not n:
            return ""
        return f"{n} exercise{'s stay' if n != 1 else ' stays'} the same"

    def __bool__(self) -> bool:
        return bool(self.changed or self.same)


def changes_in_words(decisions: Iterable[Any], names: Mapping[str, str]) -> Changes:
    lines = [change_line(d, names) for d in decisions]
    return Changes(
        changed=tuple(line for line in lines if line.changed),
        same=tuple(line for line in lines if not line.changed),
    )


def program_sentence(program: Any) -> str:
    """The program's decision in one sentence (its reason stays as the detail)."""
    if program is None:
        return ""
    if program.action == "pause":
        return (
            "Your program is paused: the pain log asks for a check. Please answer the safety "
            "questions before going on."
        )
    if program.phase_after > program.phase_before:
        return "You move on to the next stage of the program: new exercises join your routine."
    if program.phase_after < program.phase_before:
        return "You go back to the gentler stage of the program for now."
    if program.trend == "regress":
        return "Your morning pain has been higher this week, so some exercises step back."
    if program.trend == "no-progress":
        return "Your morning pain has been a little higher this week, so nothing steps up."
    return ""


_PHASE = re.compile(r"\b[Pp]hase[ -](\d)\b")
_PHASE_WORDS = {"1": "the first stage", "2": "the second stage", "3": "the third stage"}


def plain_note(note: str) -> str:
    """A planner note without jargon: "phase 1" -> "the first stage"."""
    text = _PHASE.sub(lambda m: _PHASE_WORDS.get(m.group(1), "this stage"), note)
    return text[:1].upper() + text[1:]
