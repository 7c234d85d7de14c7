"""Exercise drafts from an article's sections: name, position, steps, doses and sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from supple.domain.dosage import Range
from supple.interop.article.doses import Found, normalise_frequency, read_doses
from supple.interop.article.sections import (
    INSTRUCTION,
    Line,
    Section,
    clean_lines,
    heading_name,
    is_subheading,
    is_title,
    is_variant_heading,
    lead_in_name,
    names_a_movement,
)

_POSITIONS: tuple[tuple[str, str], ...] = (
    ("quadruped", r"\ball\s+fours\b|\bhands\s+and\s+knees\b|\bquadruped\b|\btable\s*top\b"),
    ("side-lying", r"\b(?:on|onto)\s+(?:your|one|the)\s+side\b|\bside[\s-]lying\b"),
    (
        "supine",
        r"\bon\s+(?:your\s+|the\s+)?back\b|\bface\s+up\b|\bsupine\b|\blie\s+back\b|"
        r"\blying\s+flat\s+on\s+your\s+back\b|"
        r"\b(?:lie|lay|lying|laying)\s+with\s+(?:your\s+)?back\s+flat\s+on\s+the\s+(?:floor|ground|bed)\b",
    ),
    (
        "prone",
        r"\bon\s+(?:your\s+|the\s+)?(?:stomach|front|belly|tummy|abdomen)\b|\bface\s+down\b|\bprone\b",
    ),
    ("kneeling", r"\bkneel(?:ing)?\b"),
    ("seated", r"\bsit\b|\bsitting\b|\bseated\b|\bsit\s+(?:on|in)\b"),
    ("standing", r"\bstand\b|\bstanding\b"),
)
_ONE_SIDED = re.compile(
    r"\b(?:one|your\s+right|your\s+left|the\s+right|the\s+left|right|left|"
    r"(?:your\s+|the\s+)?(?:affected|injured|painful|sore))\s+"
    r"(?:knee|leg|arm|foot|hip|thigh)\b(?!\s+at\s+a\s+time)"
    r"|\b(?:on|onto)\s+(?:your|one)\s+side\b|\bside[\s-]lying\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_GLOBAL = re.compile(
    r"\b(?:these|the\s+following|following|all\s+(?:of\s+)?(?:the|these)?|each\s+of\s+the|the\s+above|"
    r"above|below|each)\s*(?:\w+\s+){0,3}(?:exercises|stretches|exercise|stretch|movements)\b|"
    r"\b(?:exercises|stretches)\s+(?:below|above)\b|^this\s+exercise\b",
    re.IGNORECASE,
)
_CAUTION = re.compile(
    r"\b(?:do\s+not|don[’']t|avoid|never|stop|careful|caution|if\s+(?:you\s+)?(?:feel|experience|"
    r"it\s+hurts)|pain\s+(?:gets|is)\s+worse|without\s+making\s+the\s+pain\s+worse|should\s+not|"
    r"discontinue)\b",
    re.IGNORECASE,
)
_TO_PERFORM = re.compile(
    r"^to\s+(?:perform|do)\s+(?:an?\s+|the\s+)?(?P<name>[\w’'&\- ]{3,40}?),", re.IGNORECASE
)
_USE_THIS = re.compile(
    r"^(?:use|try|do)\s+this\s+(?P<name>[\w’'\- ]{3,40}?)\s+(?:exercise|stretch|movement)\b",
    re.IGNORECASE,
)
_IS_EXERCISE = re.compile(
    r"^(?:the\s+)?(?P<name>[A-Z][\w’'&\- ]{2,40}?)\s+(?:is|are)\s+(?:a|an|one|another)\b.*\b"
    r"(?:exercise|stretch|movement|pose)\b"
)


# Under an exercise's own heading, "Hold each stretch for a few seconds" and "This exercise
# is for the low back" speak of that exercise, not of the whole list.
_THIS_ONE = re.compile(
    r"^this\s+exercise\b|\beach\s+(?:stretch|exercise|movement)\b(?!\s+(?:below|above|in))",
    re.IGNORECASE,
)


def is_shared(section: Section, sentence: str) -> bool:
    """A statement about the whole list ("Perform the following exercises twice a day")."""
    if not _GLOBAL.search(sentence):
        return False
    own_heading = section.name is not None and section.variant_of is None
    if own_heading and _THIS_ONE.search(sentence):
        return bool(_GLOBAL.search(_THIS_ONE.sub("", sentence)))
    return True


@dataclass
class Draft:
    """One exercise as the article describes it, in the library's own shape."""

    name: str
    name_given: bool
    position: str | None
    steps: list[str]
    hold_s: Range | None
    reps: Range | None
    sets: Range | None
    rest_s: Range | None
    per_side: bool | None
    frequency: dict[str, object] | None
    cautions: list[str]
    sources: dict[str, list[str]]
    truncated: bool = False
    match: str | None = None
    notes: list[str] = field(default_factory=list)
    # A variation the article adds to the exercise before it ("Optional Addition:").
    variant: bool = False
    # Every sentence of the exercise (instructions or not), for matching by content.
    text: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, object]:
        def pair(r: Range | None) -> list[int] | None:
            return r.as_list() if r else None

        return {
            "name": self.name,
            "name_given": self.name_given,
            "position": self.position,
            "steps": self.steps,
            "hold_s": pair(self.hold_s),
            "reps": pair(self.reps),
            "sets": pair(self.sets),
            "rest_s": pair(self.rest_s),
            "per_side": self.per_side,
            "frequency": self.frequency,
            "cautions": self.cautions,
            "sources": self.sources,
            "truncated": self.truncated,
            "match": self.match,
            "notes": self.notes,
            "variant": self.variant,
        }


def sentences(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.text:
            out.extend(s.strip() for s in _SENTENCE.split(line.text) if s.strip())
    return out


def split_sections(text: str) -> list[Section]:
    """The article cut at its headings; title sections have ``name`` None and lead_in False."""
    sections: list[Section] = [Section(name=None)]
    titles: set[int] = {0}
    numbers: list[int] = []  # the list numbers of the headings so far ("1. Cat stretch")
    for line in clean_lines(text):
        current = sections[-1]
        if not line.text:
            current.lines.append(line)
            continue
        name = _heading(line) or _next_numbered_heading(line, numbers)
        if name is not None and line.number is not None:
            numbers.append(line.number)
        dashed = _DASHED.match(line.text) if name is None else None
        if dashed and not is_title(dashed["name"]) and not is_subheading(dashed["name"]):
            sections.append(Section(name=dashed["name"].strip()))
            sections[-1].lines.append(Line(dashed["rest"]))
            continue
        if name is not None and is_subheading(name):
            continue
        if name is not None:
            _open_heading(sections, titles, name)
            continue
        if (
            line.number is not None
            and not INSTRUCTION.match(line.text)
            and not any(x.number for x in current.lines)
        ):
            first, rest = _first_clause(line.text)
            if first:
                sections.append(Section(name=first, numbered=True))
                if rest:
                    sections[-1].lines.append(Line(rest))
                continue
        lead = lead_in_name(line.text)
        if lead:
            if current.name is None or (
                _norm(lead) not in _norm(current.name) and _norm(current.name) not in _norm(lead)
            ):
                sections.append(Section(name=lead, lead_in=True))
            continue
        if (
            line.number == 1
            and any(x.number and x.number > 1 for x in current.lines)
            and (current.instructions)
        ):
            sections.append(Section(name=None, lead_in=True))
        sections[-1].lines.append(line)
    for index in titles:
        sections[index].variant_of = "title"
    return sections


# "Knee to Chest- Lay with back flat on the floor.": a short name, a dash, the steps.
_DASHED = re.compile(r"^(?P<name>[A-Z][\w’' ]{2,40}?)\s*[-–—]\s+(?P<rest>[A-Z].*[.!])$")


def _next_numbered_heading(line: Line, numbers: list[int]) -> str | None:
    """ "2. Bend knee to chest" after the heading "1. Cat stretch": the next heading of the
    same list, though it reads like an instruction."""
    if line.number is None or not numbers or line.number != numbers[-1] + 1:
        return None
    text = line.text.strip()
    if len(text.split()) > 6 or re.search(r"[.!?:,;]$", text):
        return None
    return text


def _heading(line: Line) -> str | None:
    name = heading_name(line)
    if line.bullet and name is not None and INSTRUCTION.match(name) and len(name.split()) > 3:
        return None  # a short step in a list: "Relax your back and butt"
    return name


def _open_heading(sections: list[Section], titles: set[int], name: str) -> None:
    current = sections[-1]
    if current.name and _norm(re.sub(r"\(.*?\)", "", name)) == _norm(current.name):
        return  # a caption repeating the exercise's name: "Seated Twist (A)"
    body = [x for x in current.lines if x.text]
    if is_variant_heading(name) and current.name:
        sections.append(
            Section(name=f"{current.name} ({name.rstrip(':').lower()})", variant_of=current.name)
        )
        return
    if is_title(name):
        if current.name and current.variant_of != "title" and not body:
            return  # a title between an exercise's heading and its steps
        titles.add(len(sections))
        sections.append(Section(name=name))
        return
    if current.name and not body and len(sections) - 1 not in titles:
        current.name = name  # two headings in a row: the nearer one names the exercise
        return
    sections.append(Section(name=name))


def _first_clause(text: str) -> tuple[str | None, str]:
    first, _, rest = text.partition(". ")
    first = first.rstrip(".")
    if len(first.split()) > 10 or len(first) < 3 or re.search(r"\d", first):
        return None, text
    return first, rest


def _norm(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower().replace("&", " and ")).split()
    drop = {"the", "exercise", "exercises", "a", "an"}
    return " ".join(w.rstrip("s") if len(w) > 3 else w for w in words if w not in drop)


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = [[]]
    for line in lines:
        if not line.text:
            if out[-1]:
                out.append([])
            continue
        out[-1].append(line)
    return [p for p in out if p]


def split_unnamed(section: Section) -> list[Section]:
    """Unnamed exercises inside a section: a prose paragraph of instructions with its own dose
    after one with a dose, or (under an article's title) each long list item."""
    parts = [Section(section.name, [], section.variant_of, section.lead_in, section.numbered)]
    dosed = False
    for para in _blocks(section.lines):
        text = sentences(para)
        long_item = _is_item(para[0]) and len(text) >= 3 and len(para) == 1
        if long_item and section.variant_of == "title":
            starts_new = bool(parts[-1].lines)
        else:
            starts_new = (
                dosed
                and not _is_item(para[0])
                and len(text) >= 3
                and INSTRUCTION.match(text[0]) is not None
                and not re.match(r"^(?:repeat|hold|rest|continue|return)\b", text[0], re.I)
                and _has_amount(text)
            )
        if starts_new:
            # A list item under a title is held to a title's test: its own stated amount.
            item = "item" if long_item and section.variant_of == "title" else None
            parts.append(Section(None, [], item, True))
        parts[-1].lines.extend([*para, Line("")])
        dosed = dosed or (_has_amount(text) and mentions_position(text))
    return parts


def _is_item(line: Line) -> bool:
    return line.bullet or line.number is not None


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Paragraphs, with each long bullet (three sentences or more) a block of its own."""
    out: list[list[Line]] = []
    for para in paragraphs(lines):
        run: list[Line] = []
        for line in para:
            if _is_item(line) and len(sentences([line])) >= 3:
                if run:
                    out.append(run)
                out.append([line])
                run = []
            else:
                run.append(line)
        if run:
            out.append(run)
    return out


def _has_amount(text: list[str]) -> bool:
    found = read_doses(text)
    return any(x is not None for x in (found.hold_s, found.reps, found.sets))


def position_of(text: list[str]) -> str | None:
    """The starting position when the first instruction naming one names only one."""
    steps = [s for s in text if INSTRUCTION.match(s)]
    found = _position_in(steps)
    if found is None and not mentions_position(steps):
        found = _position_in([s for s in text if s not in steps])
    return found


def _position_in(text: list[str]) -> str | None:
    """The position of the first sentence naming any; None when it names two."""
    for sentence in text:
        named = [pos for pos, pattern in _POSITIONS if re.search(pattern, sentence, re.IGNORECASE)]
        if "quadruped" in named and "kneeling" in named:
            named.remove("kneeling")
        if named:
            return named[0] if len(set(named)) == 1 else None
    return None


_LYING_DOWN = r"\b(?:lie|lying|lay|laying)\b"


def mentions_position(text: list[str]) -> bool:
    """True when the sentences name a starting position, if only "lie on the floor"."""
    patterns = [p for _, p in _POSITIONS] + [_LYING_DOWN]
    return any(re.search(p, s, re.IGNORECASE) for s in text for p in patterns)


def is_exercise(section: Section, text: list[str], found: Found) -> bool:
    has_amount = any(x is not None for x in (found.hold_s, found.reps, found.sets))
    steps = [s for s in text if INSTRUCTION.match(s)]
    instructions = len(steps)
    if section.variant_of in ("title", "item"):
        # Under an article's title: only instructions that state their own amount.
        said = read_doses(steps)
        stated = any(x is not None for x in (said.hold_s, said.reps, said.sets))
        return stated and mentions_position(steps[:3])
    if has_amount or (instructions >= 2 and mentions_position(steps[:3])):
        return True
    # "Modified Piriformis Stretch": one step from a stated position under a movement's name.
    named = section.name is not None and names_a_movement(section.name)
    return named and instructions == 1 and _position_in(steps) is not None


def build_draft(
    section: Section, text: list[str], found: Found, truncated: bool, number: int
) -> Draft:
    name, given = _name(section, text, number)
    own = [s for s in text if not is_shared(section, s)]
    if truncated:
        found = Found()
    per_side: bool | None = found.per_side
    if not found.per_side and any(_ONE_SIDED.search(s) for s in own):
        per_side = None
    sources = dict(found.sources)
    position = position_of(own)
    if position:
        sources["position"] = [next(s for s in own if _mentions(s, position))]
    frequency = _frequency(found)
    cautions = [s for s in own if _CAUTION.search(s)]
    notes = ["cut off mid-text: doses left empty"] if truncated else []
    steps = [s for s in own if INSTRUCTION.match(s) and s not in cautions]
    return Draft(
        name,
        given,
        position,
        steps,
        found.hold_s,
        found.reps,
        found.sets,
        found.rest_s,
        per_side,
        frequency,
        cautions,
        sources,
        truncated,
        None,
        notes,
        variant=section.variant_of not in (None, "title", "item"),
        text=own,
    )


def _mentions(sentence: str, position: str) -> bool:
    pattern = dict(_POSITIONS)[position]
    return re.search(pattern, sentence, re.IGNORECASE) is not None


def _frequency(found: Found) -> dict[str, object] | None:
    if not found.frequency:
        return None
    label = found.frequency_labels[0]
    low, high, per = normalise_frequency(label)
    return {
        "text": "; ".join(dict.fromkeys(found.frequency)),
        "times_min": low,
        "times_max": high,
        "per": per,
    }


def _name(section: Section, text: list[str], number: int) -> tuple[str, bool]:
    heading = section.name if section.variant_of != "title" else None
    if heading and len(heading.split()) <= 5:
        return heading, True
    for sentence in text[:5]:
        match = (
            _IS_EXERCISE.match(sentence) or _TO_PERFORM.match(sentence) or _USE_THIS.match(sentence)
        )
        if match:
            return match.group("name").strip(), True
    if heading:
        return heading, True
    first = next(
        (s for s in text if INSTRUCTION.match(s) and len(s.split()) >= 3),
        text[0] if text else "exercise",
    )
    words = first.rstrip(".").split()
    return f"Unnamed exercise {number}: {' '.join(words[:7])}{'…' if len(words) > 7 else ''}", False
