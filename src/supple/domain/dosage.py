"""Dosage: how much of an exercise, as ranges (docs/clinical-rules.md section 4)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from supple.domain.timeline import TIMED_KINDS, UNTIMED_S


class DosageError(ValueError):
    """A dosage that cannot exist (a negative count, a range upside down)."""


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive range of whole numbers, as sources give doses ("5 to 10 times")."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low < 0 or self.high < self.low:
            raise DosageError(f"invalid range [{self.low}, {self.high}]")

    @classmethod
    def exactly(cls, value: int) -> Range:
        return cls(value, value)

    def as_list(self) -> list[int]:
        return [self.low, self.high]

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class Dosage:
    """The dose of one exercise as its sources give it.

    ``hold_s``, ``reps`` and ``sets`` are each a range or None (not given / not applicable);
    ``per_side`` means every hold or repetition is done on both sides; ``frequency`` is the
    sources' "how often" in words ("every morning", "3 times a day") or None.
    """

    hold_s: Range | None
    reps: Range | None
    sets: Range | None
    per_side: bool
    frequency: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "hold_s": self.hold_s.as_list() if self.hold_s else None,
            "reps": self.reps.as_list() if self.reps else None,
            "sets": self.sets.as_list() if self.sets else None,
            "per_side": self.per_side,
            "frequency": self.frequency,
        }


# --------------------------------------------------------------------------------------------
# Building dosages from plain data (the content files, the database, JSON)


def range_from_list(value: object) -> Range | None:
    """``[low, high]`` (or None) as a Range; raises DosageError for anything else."""
    if value is None:
        return None
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise DosageError(f"{value!r} is not a [low, high] pair of whole numbers")
    return Range(value[0], value[1])


def dosage_from_dict(data: Mapping[str, object]) -> Dosage:
    """The inverse of ``Dosage.as_dict()``; raises DosageError naming the bad field."""
    fields: dict[str, Range | None] = {}
    for name in ("hold_s", "reps", "sets"):
        try:
            fields[name] = range_from_list(data.get(name))
        except DosageError as error:
            raise DosageError(f"{name}: {error}") from None
    per_side = data.get("per_side", False)
    if not isinstance(per_side, bool):
        raise DosageError(f"per_side: {per_side!r} is not true or false")
    frequency = data.get("frequency")
    if frequency is not None and not isinstance(frequency, str):
        raise DosageError(f"frequency: {frequency!r} is not text")
    return Dosage(
        hold_s=fields["hold_s"],
        reps=fields["reps"],
        sets=fields["sets"],
        per_side=per_side,
        frequency=frequency or None,
    )


# --------------------------------------------------------------------------------------------
# Formatting for people: "Hold 30 s–2 min · each side · repeat often"

SEPARATOR = " · "
DASH = "\u2013"  # en dash, as in "5–10 reps"


def format_seconds(seconds: int) -> str:
    """``45`` -> "45 s", ``120`` -> "2 min", ``90`` -> "1 min 30 s", ``3900`` -> "1 h 5 min"."""
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs:
        parts.append(f"{secs} s")
    return " ".join(parts)


def format_time_range(r: Range) -> str:
    """``[5, 10]`` -> "5–10 s", ``[60, 120]`` -> "1–2 min", ``[30, 120]`` -> "30 s–2 min"."""
    if r.low == r.high:
        return format_seconds(r.low)
    if r.high < 60:
        return f"{r.low}{DASH}{r.high} s"
    if r.low % 60 == 0 and r.high % 60 == 0 and r.high < 3600:
        return f"{r.low // 60}{DASH}{r.high // 60} min"
    return f"{format_seconds(r.low)}{DASH}{format_seconds(r.high)}"


def format_count_range(r: Range) -> str:
    """``[5, 10]`` -> "5–10", ``[3, 3]`` -> "3"."""
    return str(r.low) if r.low == r.high else f"{r.low}{DASH}{r.high}"


def _counted(r: Range, singular: str, plural: str) -> str:
    return f"{format_count_range(r)} {singular if r.low == r.high == 1 else plural}"


def format_dosage(d: Dosage, kind: str | None = None) -> str:
    """The dose in a few words, parts joined by " · ".

    ``kind`` (an exercise's kind) words the time of a breathing or functional exercise as a
    duration ("For 1–2 min") rather than a hold. ``parse_dosage_phrase`` reads the result back.

    >>> format_dosage(Dosage(Range(30, 120), None, None, True, "repeat often"))
    'Hold 30 s–2 min · each side · repeat often'
    >>> format_dosage(Dosage(None, Range(10, 10), Range(3, 3), True, None))
    '10 reps · 3 sets · each side'
    >>> format_dosage(Dosage(Range(60, 120), None, None, False, None), kind="functional")
    'For 1–2 min'
    """
    parts = []
    if d.hold_s is not None:
        verb = "For" if kind in TIMED_KINDS else "Hold"
        parts.append(f"{verb} {format_time_range(d.hold_s)}")
    if d.reps is not None:
        parts.append(_counted(d.reps, "rep", "reps"))
    if d.sets is not None:
        parts.append(_counted(d.sets, "set", "sets"))
    if d.per_side:
        parts.append("each side")
    if d.frequency:
        parts.append(d.frequency)
    if not parts:
        return "No set dose"
    text = SEPARATOR.join(parts)
    return text[0].upper() + text[1:]


def dose_words(
    hold_s: int | None,
    reps: int | None,
    sets: int | None,
    per_side: bool,
    kind: str | None = None,
) -> str:
    """One prescribed dose in words, the one wording of a dose on every page and in the
    terminal: "Hold 20 s · 3 reps · 2 sets · each side"; one set goes unsaid; a breathing
    exercise or a walk is "For 1 min" (``TIMED_KINDS``); an exercise with neither a time nor
    repetitions is the fixed time its timeline gives it ("About 2 min").

    >>> dose_words(60, None, 1, False, kind="functional")
    'For 1 min'
    >>> dose_words(15, 5, 2, True)
    'Hold 15 s · 5 reps · 2 sets · each side'
    >>> dose_words(None, None, 1, False)
    'About 2 min'
    """
    if hold_s is None and reps is None:
        text = f"About {format_seconds(UNTIMED_S)}"
        return text + (f"{SEPARATOR}each side" if per_side else "")
    return format_dosage(
        Dosage(
            hold_s=Range.exactly(hold_s) if hold_s is not None else None,
            reps=Range.exactly(reps) if reps is not None else None,
            sets=Range.exactly(sets) if sets is not None and sets > 1 else None,
            per_side=per_side,
            frequency=None,
        ),
        kind,
    )


# --------------------------------------------------------------------------------------------
# Parsing dosage phrases as the seeds write them

# A slow, deep breath in through the nose and out through the lips takes about 6 seconds
# (10 breaths a minute): "repeat for 10 deep breaths" is held for about a minute. A project
# convention, stated in the notes of every exercise that uses it.
SECONDS_PER_DEEP_BREATH = 6

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
# A number is a whole run of at most 7 digits (longer runs are not doses), matched possessively
# from the start of the run so that a long run of digits is scanned once, not backtracked.
# "a couple of seconds" is 2 and "a few seconds" 3; "a"/"an" counts as 1 only before a unit of
# time ("a minute").
_NUM = (
    r"(?:(?<!\d)(?<!\d\.)\d{1,7}+(?:\.\d++)?(?!\.?\d)|\ba\s+couple\s+of\b|\ba\s+few\b|\ban?(?=\s+(?:second|minute|hour)s?\b)|"
    + r"\b(?:"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")\b)"
)
_TO = r"\s*(?:-|\u2013|\u2014|to|or)\s*"
_RANGE = rf"{_NUM}(?:{_TO}{_NUM})?"
_UNIT = r"(?:seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h)\b"
_AMOUNT = rf"{_NUM}\s*{_UNIT}(?:\s*(?:and\s+)?{_NUM}\s*{_UNIT}){{0,2}}"
_TIME = rf"(?:(?P<lo>{_AMOUNT})|(?P<lonum>{_NUM})){_TO}(?P<hi>{_AMOUNT})|(?P<one>{_AMOUNT})"

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}

_FLAGS = re.IGNORECASE


def _number(text: str) -> float:
    word = " ".join(text.lower().split())
    if word == "a couple of":
        return 2
    if word == "a few":
        return 3
    if word in ("a", "an"):
        return 1
    if word in _WORD_NUMBERS:
        return _WORD_NUMBERS[word]
    return float(word)


def _count_range(text: str) -> Range:
    # "a"/"an" is a number only before a unit, which ``text`` no longer has ("every a hour").
    numbers = re.findall(_NUM, text, _FLAGS) or [text]
    values = [int(_number(n) + 0.5) for n in numbers]
    return Range(min(values), max(values))


def _amount_seconds(text: str, default_unit: str | None = None) -> int:
    total = 0.0
    found = False
    for match in re.finditer(rf"(?P<n>{_NUM})\s*(?P<u>{_UNIT})", text, _FLAGS):
        total += _number(match["n"]) * _UNIT_SECONDS[match["u"][0].lower()]
        found = True
    if not found:
        if default_unit is None:  # pragma: no cover - the regexes guarantee a unit
            raise DosageError(f"no unit of time in {text!r}")
        total = _number(text) * _UNIT_SECONDS[default_unit]
    return int(total + 0.5)  # half up: 12.5 s is 13 s


def _time_range(match: re.Match[str]) -> Range:
    if match["one"]:
        seconds = _amount_seconds(match["one"])
        return Range(seconds, seconds)
    high = _amount_seconds(match["hi"])
    if match["lo"]:
        low = _amount_seconds(match["lo"])
    else:
        unit = re.search(_UNIT, match["hi"], _FLAGS)
        low = _amount_seconds(match["lonum"], unit[0][0].lower() if unit else "s")
    return Range(min(low, high), max(low, high))


_FREQUENCIES: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:in\s+the\s+)?morning,?\s+afternoon,?\s+and\s+(?:in\s+the\s+)?evening",
        "morning, afternoon and evening",
    ),
    (
        r"\b(?:once\s+)?(?:in\s+the\s+)?morning\s+and\s+(?:once\s+)?(?:at\s+)?night",
        "morning and night",
    ),
    (r"\b(?:at\s+least\s+)?once\s+(?:a|per|each)\s+day", "once a day"),
    (r"\btwice\s+(?:a|per|each)\s+day", "twice a day"),
    (r"\btwice\s+daily\b", "twice a day"),
    (r"\bonce\s+daily\b", "once a day"),
    (r"\bevery\s+(?:morning|evening|night|day)", ""),
    (r"\brepeat\s+often\b", "repeat often"),
    (r"\bseveral\s+times\s+(?:a|per|each)\s+day\b", "several times a day"),
)
# "daily" on its own, read after the counted phrases ("3 times daily", "twice daily").
_DAILY = (r"\bdaily\b", "once a day")
_TIMES_PER = rf"(?P<n>{_RANGE})\s*times\s+(?:(?:a|per|each)\s+(?P<per>day|week)|(?P<daily>daily))"
_DAYS_A_WEEK = rf"\b(?:on\s+)?(?P<n>{_RANGE})\s*days\s+(?:a|per|each)\s+week"
_EVERY = rf"\bevery\s+(?P<n>{_RANGE})\s*(?P<u>minutes?|mins?|hours?)\b"
_SECOND_OR_TWO = r"\ba\s+second\s+or\s+two\b"
# "hold for a count of 5", "count to 10": a count of seconds.
_COUNT = rf"\b(?:(?:for\s+|to\s+)?(?:a|the)\s+count\s+of|count\s+to)\s+(?P<n>{_RANGE})"
_SETS_OF = rf"(?P<s>{_RANGE})\s*sets?\s+of\s+(?P<r>{_RANGE})(?:\s*(?:reps?|repetitions?|times)\b)?"
_SETS = rf"(?P<s>{_RANGE})\s*sets?\b"
_BREATHS = rf"(?P<n>{_RANGE})\s+(?:(?:deep|slow|relaxing|full)\s+)*breaths?\b"
_REST = rf"\brest(?:ing)?\s+(?:for\s+)?(?:about\s+)?(?:{_TIME})"
_REPS = rf"(?P<n>{_RANGE})\s*(?:times|x|reps?|repetitions?)\b"
_PER_SIDE = (
    r"\beach\s+(?:side|leg|direction)\b|\bboth\s+(?:the\s+)?(?:left\s+and\s+right|sides|directions)\b"
    r"|\b(?:the\s+)?other\s+(?:side|leg|knee|direction)\b"
    r"|\bopposite\s+(?:side|leg|knee|direction)\b"
    r"|\b(?:right|left)\s+side\s+and\s+(?:the\s+)?(?:left|right)\s+side\b"
    r"|\bswitch\s+(?:legs|sides)\b|\bper\s+side\b"
)
# Where a limb is put, not a switch of sides: "the ankle over the opposite knee".
# "Repeat on the other leg" does switch: only a knee is a place to put a leg on.
_PLACED = (
    r"\b(?:over|across|against|under|behind|toward|towards)\s+(?:the|your)\s+"
    r"(?:other|opposite)\s+(?:knee|leg)\b|\bon(?:to)?\s+(?:the|your)\s+(?:other|opposite)\s+knee\b"
)
_OPEN = r"\bat\s+least\b|\bor\s+(?:more|longer)\b|\bas\s+long\s+as\s+you\s+can\b"


@dataclass(frozen=True, slots=True)
class ParsedDose:
    """What a dosage phrase states. Fields it does not mention are None (or False).

    ``breaths`` is a count of deep breaths ("10 deep breaths"), kept apart from ``hold_s``;
    ``hold_or_breaths_s()`` converts it at ``SECONDS_PER_DEEP_BREATH``. ``rest_s`` is a rest
    between bouts ("then rest for 30 seconds"). ``open_ended`` is set by "at least", "or
    more", "as long as you can": the stated number is a floor, not a ceiling. ``ambiguities``
    lists quantities stated twice with different values ("3 sets of 10 with 15 reps": reps
    10 and 15, returned as the range 10-15). ``evidence`` pairs each field with the words of
    the phrase it was read from, so that a disagreement can be traced to the text.
    """

    hold_s: Range | None = None
    reps: Range | None = None
    sets: Range | None = None
    per_side: bool = False
    frequency: str | None = None
    breaths: Range | None = None
    rest_s: Range | None = None
    open_ended: bool = False
    ambiguities: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the phrase states no dose at all."""
        return not self.evidence

    @property
    def states_amount(self) -> bool:
        """True when the phrase states a hold, breaths, repetitions or sets."""
        return any(x is not None for x in (self.hold_s, self.breaths, self.reps, self.sets))

    def hold_or_breaths_s(self) -> Range | None:
        """The hold in seconds, from a stated time or else from a count of deep breaths."""
        if self.hold_s is not None:
            return self.hold_s
        if self.breaths is not None:
            return Range(
                self.breaths.low * SECONDS_PER_DEEP_BREATH,
                self.breaths.high * SECONDS_PER_DEEP_BREATH,
            )
        return None

    def fragments(self, field: str) -> tuple[str, ...]:
        """The words of the phrase that stated ``field`` ("hold_s", "reps", ...)."""
        return tuple(text for name, text in self.evidence if name == field)

    def to_dosage(self) -> Dosage:
        """The phrase as a Dosage (breaths converted to seconds)."""
        return Dosage(
            hold_s=self.hold_or_breaths_s(),
            reps=self.reps,
            sets=self.sets,
            per_side=self.per_side,
            frequency=self.frequency,
        )


class _Scanner:
    """Finds quantities in a phrase; each match is masked so it is read only once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.masked = text
        self.values: dict[str, list[Range]] = {}
        self.frequencies: list[str] = []
        self.evidence: list[tuple[str, str]] = []

    def scan(self, pattern: str) -> list[re.Match[str]]:
        matches = list(re.finditer(pattern, self.masked, _FLAGS))
        for m in matches:
            start, end = m.span()
            self.masked = self.masked[:start] + "\0" * (end - start) + self.masked[end:]
        return matches

    def add(self, field: str, value: Range, match: re.Match[str]) -> None:
        self.values.setdefault(field, []).append(value)
        self.evidence.append((field, " ".join(self.text[match.start() : match.end()].split())))

    def merged(self, field: str) -> tuple[Range | None, str | None]:
        found = self.values.get(field)
        if not found:
            return None, None
        low = min(r.low for r in found)
        high = max(r.high for r in found)
        distinct = sorted({(r.low, r.high) for r in found})
        note = None
        if len(distinct) > 1:
            stated = ", ".join(format_count_range(Range(lo, hi)) for lo, hi in distinct)
            note = f"{field} stated more than once ({stated}): read as {low}-{high}"
        return Range(low, high), note


def parse_dosage_phrase(text: str) -> ParsedDose:
    """Read the dose a phrase states, as the seeds write it.

    Understands holds ("Hold for 30 seconds to 2 minutes", "a couple of seconds", "1 minute",
    "5-10 seconds", "30 sec", "1 min 30 s"), repetitions ("Repeat 5 to 10 times", "10x",
    "three times", "15 reps"), sets ("3 sets of 10", "Do 3 sets"), breaths ("10 deep
    breaths"), rests ("then rest for 30 seconds"), sides ("each side", "the other leg", "both
    the left and right", "switch legs") and how often ("in the morning and at night", "every
    30 minutes", "once a day", "Repeat often"), numbers in digits or words. Also reads back
    what ``format_dosage`` writes. Never raises for ordinary text: a phrase with no dose gives
    an empty ParsedDose.
    """
    s = _Scanner(text)
    _scan_frequencies(s)
    _scan_amounts(s)
    per_side = _scan_sides(s)
    open_ended = re.search(_OPEN, text, _FLAGS) is not None
    ambiguities = []
    merged: dict[str, Range | None] = {}
    for field in ("hold_s", "reps", "sets", "breaths", "rest_s"):
        merged[field], note = s.merged(field)
        if note:
            ambiguities.append(note)
    frequency = None
    if s.frequencies:
        frequency = "; ".join(dict.fromkeys(s.frequencies))
    return ParsedDose(
        hold_s=merged["hold_s"],
        reps=merged["reps"],
        sets=merged["sets"],
        per_side=per_side,
        frequency=frequency,
        breaths=merged["breaths"],
        rest_s=merged["rest_s"],
        open_ended=open_ended,
        ambiguities=tuple(ambiguities),
        evidence=tuple(s.evidence),
    )


def _scan_frequencies(s: _Scanner) -> None:
    """How often: the seeds' set phrases, "3 times a day", "2-3 days a week", "every 30
    minutes"; read first, so their numbers are not taken for repetitions."""
    for pattern, label in _FREQUENCIES:
        for m in s.scan(pattern):
            phrase = label or " ".join(m[0].lower().split())
            s.frequencies.append(phrase)
            s.evidence.append(("frequency", " ".join(m[0].split())))
    for m in s.scan(_TIMES_PER):
        per = "day" if m["daily"] else m["per"].lower()
        s.frequencies.append(f"{format_count_range(_count_range(m['n']))} times a {per}")
        s.evidence.append(("frequency", " ".join(m[0].split())))
    for m in s.scan(_DAILY[0]):
        s.frequencies.append(_DAILY[1])
        s.evidence.append(("frequency", " ".join(m[0].split())))
    for m in s.scan(_DAYS_A_WEEK):
        s.frequencies.append(f"{format_count_range(_count_range(m['n']))} days a week")
        s.evidence.append(("frequency", " ".join(m[0].split())))
    for m in s.scan(_EVERY):
        unit = "hours" if m["u"].lower().startswith("h") else "minutes"
        s.frequencies.append(f"every {format_count_range(_count_range(m['n']))} {unit}")
        s.evidence.append(("frequency", " ".join(m[0].split())))


def _scan_amounts(s: _Scanner) -> None:
    """Holds, sets, repetitions, breaths and rests, the most specific pattern first ("3 sets
    of 10" before "3 sets", a rest's time before a hold's)."""
    for m in s.scan(_SECOND_OR_TWO):
        s.add("hold_s", Range(1, 2), m)
    for m in s.scan(_COUNT):
        s.add("hold_s", _count_range(m["n"]), m)
    for m in s.scan(_SETS_OF):
        s.add("sets", _count_range(m["s"]), m)
        s.add("reps", _count_range(m["r"]), m)
    for m in s.scan(_SETS):
        s.add("sets", _count_range(m["s"]), m)
    for m in s.scan(_BREATHS):
        s.add("breaths", _count_range(m["n"]), m)
    for m in s.scan(_REST):
        s.add("rest_s", _time_range(m), m)
    for m in s.scan(_TIME):
        s.add("hold_s", _time_range(m), m)
    for m in s.scan(_REPS):
        s.add("reps", _count_range(m["n"]), m)


def _scan_sides(s: _Scanner) -> bool:
    """True when the phrase says each side ("each side", "switch legs", ...)."""
    per_side = False
    unplaced = re.sub(_PLACED, lambda m: " " * len(m[0]), s.masked, flags=_FLAGS)
    for m in re.finditer(_PER_SIDE, unplaced, _FLAGS):
        per_side = True
        s.evidence.append(("per_side", " ".join(m[0].split())))
    return per_side
