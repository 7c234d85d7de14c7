"""Reading the doses of one exercise from its sentences, with the library's dosage parser.

Numbers that are not doses are masked before the parser sees them: distances ("3 – 6
inches"), percentages, vertebrae ("L4, L5"), angles, pain scores ("3/10"), dates, spans of
days or weeks ("within two weeks"), the length of a whole session and sitting breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from supple.domain.dosage import ParsedDose, Range, parse_dosage_phrase

_N = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|"
    r"fifty|sixty|a|an)"
)
_SPAN = rf"{_N}(?:\s*(?:-|–|—|to|or)\s*{_N})?"
_NOT_DOSES = (
    rf"{_SPAN}\s*(?:inch(?:es)?|in\.|cm|centimet(?:er|re)s?|feet|foot|ft|metres?|meters?|miles?|km)\b",
    rf"{_SPAN}\s*(?:%|percent\b|per\s+cent\b)",
    r"\b[LST]\d(?:\s*[-–,/]\s*[LST]?\d)*\b",
    rf"{_SPAN}[\s-]*(?:degrees?|°)",
    r"\b\d+\s*/\s*10\b|\b\d+\s+out\s+of\s+10\b",
    rf"\b(?:within|after|over|for|in)\s+(?:the\s+)?(?:first\s+|next\s+|last\s+)?{_SPAN}\s*"
    r"(?:days?|weeks?|months?|years?)\b",
    rf"{_SPAN}\s*(?:days?|weeks?|months?|years?)\s+(?:ago|later|old)\b",
    rf"\b(?:in|during)\s+the\s+(?:first|last|next)\s+{_SPAN}\s*(?:seconds?|minutes?)",
    r"\b(?:19|20)\d\d\b",
    r"\bday\s+\d+\b",
    r"#\s*\d+",
    rf"{_SPAN}[\s-]*years?\b",
    r"\b\d+\s*(?:mg|kg|lbs?|pounds?)\b",
)
_NOT_DOSE = re.compile("|".join(f"(?:{p})" for p in _NOT_DOSES), re.IGNORECASE)
# Sentences whose numbers are about something else than one exercise's dose.
_OTHER_SUBJECT = re.compile(
    r"\b(?:sessions?|workouts?|whole\s+routine|entire\s+routine|in\s+total|all\s+together|"
    r"breaks?\b|recover|hours?\s+(?:of|a\s+day)\s+sitting|studies|research|people|patients|"
    r"americans|adults)\b",
    re.IGNORECASE,
)
_PROGRESSION = re.compile(
    r"^(?:(?:as\s+you\s+(?:get|become)\s+stronger|as\s+you\s+progress|increase|gradually|"
    r"over\s+time|eventually|later)\b)",
    re.IGNORECASE,
)
# "30-second hold" read as "30 second hold".
_HYPHEN_UNIT = re.compile(r"(\d)\s*-\s*(second|sec|minute|min)\b", re.IGNORECASE)
_MOVING_BREATHS = re.compile(
    r"\b(?:transition|move\s+between|alternate|back\s+and\s+forth)\b", re.IGNORECASE
)
MAX_HOLD_S = 30 * 60
_WHOLE_AGAIN = re.compile(
    r"\b(?:perform|do|repeat)\s+(?:this|the\s+(?:whole\s+)?(?:exercise|sequence|routine))\b",
    re.IGNORECASE,
)


@dataclass
class Found:
    """What one exercise's sentences state, each field with the sentences it came from."""

    hold_s: Range | None = None
    reps: Range | None = None
    sets: Range | None = None
    rest_s: Range | None = None
    per_side: bool = False
    frequency: list[str] = field(default_factory=list)
    frequency_labels: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)

    def note(self, name: str, sentence: str) -> None:
        quotes = self.sources.setdefault(name, [])
        if sentence not in quotes:
            quotes.append(sentence)


def masked(sentence: str) -> str:
    """The sentence with the numbers that are not doses blanked out."""
    text = _HYPHEN_UNIT.sub(r"\1 \2", sentence)
    return _NOT_DOSE.sub(lambda m: " " * len(m.group(0)), text)


def parse_sentence(sentence: str) -> ParsedDose | None:
    """The dose a sentence states, or None when it states none or speaks of something else."""
    if _OTHER_SUBJECT.search(sentence) or _PROGRESSION.match(sentence):
        return None
    parsed = parse_dosage_phrase(masked(sentence))
    return None if parsed.is_empty else parsed


def _union(old: Range | None, new: Range | None) -> Range | None:
    if new is None:
        return old
    if old is None:
        return new
    return Range(min(old.low, new.low), max(old.high, new.high))


def read_doses(sentences: list[str]) -> Found:
    """The doses stated by an exercise's sentences, merged (two holds of 5 s stay 5 s)."""
    found = Found()
    for sentence in sentences:
        parsed = parse_sentence(sentence)
        if parsed is None:
            continue
        again = _WHOLE_AGAIN.search(sentence) and not parsed.sets
        if again and found.reps and parsed.reps and parsed.reps != found.reps:
            # "pump 10-15 times ... You may perform this 2-3 times": the rounds are sets.
            parsed = replace(parsed, sets=parsed.reps, reps=None)
        _take(found, parsed, sentence)
    if found.rest_s and found.reps and not found.sets:
        # A timed bout with a rest, "repeated 3 times": the rounds are sets.
        found.sets, found.reps = found.reps, None
        found.sources["sets"] = found.sources.pop("reps", [])
    return found


def _take(found: Found, parsed: ParsedDose, sentence: str) -> None:
    hold = parsed.hold_s
    reps = parsed.reps
    if parsed.breaths is not None:
        if _MOVING_BREATHS.search(sentence) and reps is None:
            reps = parsed.breaths
        elif hold is None:
            hold = parsed.hold_or_breaths_s()
    if hold is not None and hold.high <= MAX_HOLD_S:
        found.hold_s = _union(found.hold_s, hold)
        found.note("hold_s", sentence)
    for name, value in (("reps", reps), ("sets", parsed.sets), ("rest_s", parsed.rest_s)):
        if value is not None:
            setattr(found, name, _union(getattr(found, name), value))
            found.note(name, sentence)
    if parsed.per_side:
        found.per_side = True
        found.note("per_side", sentence)
    if parsed.frequency:
        found.frequency.extend(parsed.fragments("frequency"))
        found.frequency_labels.extend(parsed.frequency.split("; "))
        found.note("frequency", sentence)


_LABELS = {
    "once a day": (1, 1, "day"),
    "twice a day": (2, 2, "day"),
    "morning and night": (2, 2, "day"),
    "morning, afternoon and evening": (3, 3, "day"),
    "every morning": (1, 1, "day"),
    "every evening": (1, 1, "day"),
    "every night": (1, 1, "day"),
    "every day": (1, 1, "day"),
    "several times a day": (None, None, "day"),
}


def normalise_frequency(label: str) -> tuple[int | None, int | None, str | None]:
    """ "3 times a day" -> (3, 3, "day"); "every 30 minutes" -> (1, 1, "30 minutes")."""
    if label in _LABELS:
        return _LABELS[label]
    counted = re.fullmatch(r"(\d+)(?:\u2013(\d+))? (?:times a|days a) (day|week)", label)
    if counted:
        low = int(counted.group(1))
        return low, int(counted.group(2) or low), counted.group(3)
    every = re.fullmatch(r"every (\d+(?:\u2013\d+)?) (minutes|hours)", label)
    if every:
        return 1, 1, f"{every.group(1)} {every.group(2)}"
    return None, None, None
