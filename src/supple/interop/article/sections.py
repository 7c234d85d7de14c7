"""Finding the exercises of an article: lines, furniture, headings and sections."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

# Lines that belong to the page, not the article.
_FURNITURE = re.compile(
    r"^(?:read also|you may like|don[’']t miss|recommended reading|related reading|learn more|"
    r"share on|reviewed by|review date|last updated|updated\b|image credit|advertisement|"
    r"video of the day|most popular|summary$|home\w*|©|figure \d|part of the document|"
    r"related:|see also|click here|subscribe|sign up|search this site)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(?:a|the|an)\s+(?:lady|man|woman|person|girl|boy)\b|^there (?:is|are) actually\b|"
    r"\bimages?\b.*\b(?:shows?|top|bottom)\b|^(?:man|woman|lady)\s+\w+ing\b|\(side view\)|"
    r"\b(?:a|the)\s+(?:lady|man|woman|person)\s+(?:is\s+|lays|laying|lies|sits|stands|performs|"
    r"demonstrates)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^[“\"].*[”\"]$")
_BULLET = re.compile(r"^(?:[•·▪●◦*\-–—]\s*)+")
_STEP = re.compile(r"^step\s*\d+\s*[:.)-]?\s*", re.IGNORECASE)
_NUMBERED = re.compile(r"^#?(\d{1,2})(?:\s*of\s*\d+)?\s*(?:[.):]+\s*|(?=[A-Z]))")

# First words of an instruction ("Lie on your back", "Hold for 5 seconds").
INSTRUCTION = re.compile(
    r"^(?:(?:now|then|next|slowly|gently|first|while|once|and|to),?\s+(?:\w+\s+)?)?"
    r"(?:lie|lay|laying|lying|sit|sitting|stand|standing|kneel|kneeling|start|begin|bend|pull|"
    r"hold|repeat|raise|lift|place|keep|bring|get|roll|draw|extend|cross|tighten|position|grasp|"
    r"turn|slide|push|breathe|do|return|squeeze|contract|rest|relax|reach|rotate|straighten|"
    r"lower|tuck|press|exhale|inhale|walk|move|shift|arch|round|drop|let|engage|maintain|"
    r"continue|wrap|use|flatten|take|prop|lean|stretch|clasp|transition|perform|go|aim|"
    r"complete|try|make|point|look|cough|reverse|hug|sink|hinge|focus|tilt|swing|alternate|"
    r"release|allow|avoid|remember|don[’']t|imagine|brace|hinge|pause|switch|change|stay|count|"
    r"tense|flex|kick|grab|align|exert|swap|starting|simultaneously|alternately|alternatively)\b",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(?:exercises|stretches\s+(?:for|to|that)|pain|relie\w*|ways?|tips?|benefits?|how|why|"
    r"what|when|rules?|posture|sciatica|lumbago\b.*\?|causes?|guide|roadmap|summary|program|"
    r"workout|routine|frequency|disclaimer|caution|conclusion|modifications?|important|help|getting|"
    r"spasms?)\b|\?$|"
    r"^\d+\s+(?:\w+\s+){0,2}(?:best|simple|easy|exercises|stretches|ways|moves|tips)\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:to\s+(?:perform|do)\s+(?:an?\s+|the\s+)?)(?P<name>.+?)(?:,.*)?:$", re.IGNORECASE
)
# Sub-headings inside one exercise: "How to:", "Starting Position (Figure 1)".
_SUBHEADING = re.compile(
    r"^(?:how\s+to|steps?|instructions?|directions?|method|technique|execution|"
    r"step[\s-]by[\s-]step(?:\s+execution)?|starting\s+position|lifting\s+phase|hold|"
    r"tips?|cues?|do|don[’']t|follow\s+these\s+steps)\b[^.]{0,20}$",
    re.IGNORECASE,
)
_VARIANT = re.compile(
    r"^(?:optional addition|variation|progression|advanced version)s?:?$", re.IGNORECASE
)


@dataclass
class Line:
    text: str
    bullet: bool = False
    number: int | None = None


@dataclass
class Section:
    """The lines under one heading (or an unnamed run of instructions)."""

    name: str | None
    lines: list[Line] = field(default_factory=list)
    variant_of: str | None = None
    lead_in: bool = False
    # Named by the first words of a numbered line ("1: trunk rotation. This can be...").
    numbered: bool = False

    @property
    def instructions(self) -> int:
        return sum(1 for line in self.lines if INSTRUCTION.match(line.text))


def undouble(text: str) -> str:
    """Text printed with each character twice ("PPrroonnee") read once."""
    letters = [c for c in text if not c.isspace()]
    pairs = sum(1 for a, b in itertools.pairwise(letters) if a == b)
    if len(letters) < 8 or pairs < len(letters) * 0.4:
        return text
    return re.sub(r"(\S)\1", r"\1", text)


def clean_lines(text: str) -> list[Line]:
    """The article's lines without page furniture, bullets and numbers noted."""
    lines: list[Line] = []
    for raw in text.splitlines():
        line = undouble(" ".join(raw.split()))
        if not line:
            lines.append(Line(""))
            continue
        bullet = bool(_BULLET.match(line))
        line = _BULLET.sub("", line).strip()
        if is_furniture(line):
            continue
        number = None
        numbered = _NUMBERED.match(line)
        if numbered and not re.match(
            r"^\d+\s*(?:[-–]|to|x|sets?|reps?|times|seconds?|sec|min)", line, re.IGNORECASE
        ):
            number = int(numbered.group(1))
            line = line[numbered.end() :].strip()
        if line:
            lines.append(Line(line, bullet, number))
    return lines


def is_furniture(line: str) -> bool:
    return bool(
        _FURNITURE.match(line) or _DATE.match(line) or _CAPTION.search(line) or _QUOTED.match(line)
    )


def heading_name(line: Line) -> str | None:
    """The line as a heading, or None: short, no closing full stop, not an instruction."""
    text = _STEP.sub("", line.text).strip().rstrip(":").strip()
    text = _MARK.sub("", text)
    text = _after_category(text)
    if not text or len(text) > 70 or len(text.split()) > 9:
        return None
    if re.search(r"[.!]$", text) or (text[0].islower() and line.number is None):
        return None
    if INSTRUCTION.match(text) and not _names_movement(text):
        return None
    if not re.search(r"[A-Za-z]{3}", text) or not text[0].isalpha():
        return None
    return text


_MARK = re.compile(r"^\(?[A-Za-z0-9]\)\s+(?=[A-Z])")


def _after_category(text: str) -> str:
    """ "Back Exercises: Pelvic Tilt" names the pelvic tilt: a category, a colon, a movement."""
    head, colon, tail = text.partition(": ")
    if colon and tail and _MOVEMENT.search(tail) and not _MOVEMENT.search(head):
        return tail.strip()
    return text


def _names_movement(text: str) -> bool:
    """ "Lying Twist", "Pelvic Tilt", "Bridge": words that name a movement, not tell one."""
    words = re.sub(r"\s*\(.*?\)", "", text).split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 5 and capitalised == len(words) and not re.search(r"[,;]", text)


_MOVEMENT = re.compile(
    r"\b(?:stretch|pose|raise|lift|tilt|bridge|twist|curl|crunch|plank|press[\s-]?up|extension|"
    r"rotation|roll|release|glide|floss|squeeze|bend|hug|contraction)\b",
    re.IGNORECASE,
)


def names_a_movement(name: str) -> bool:
    return _MOVEMENT.search(name) is not None


def is_title(name: str) -> bool:
    """A heading of the article or a section, not of an exercise ("(For Back Pain)" aside).

    A heading naming one movement ("Piriformis Stretch To Treat Your Sciatica") is an
    exercise's, whatever else it says.
    """
    plain = re.sub(r"\s*\(.*?\)", "", name)
    if _MOVEMENT.search(plain) and not re.search(r"\bexercises\b|^\d+\s", plain, re.IGNORECASE):
        return False
    return bool(_TITLE.search(plain))


def is_subheading(text: str) -> bool:
    return bool(_SUBHEADING.match(text.rstrip(":")))


def lead_in_name(text: str) -> str | None:
    match = _LEAD_IN.match(text)
    return match.group("name").strip() if match else None


def is_variant_heading(text: str) -> bool:
    return bool(_VARIANT.match(text))
