"""Article import: an exercise article's text (or saved HTML) as draft library entries.

Pure Python, no web framework and no database: ``import_article`` reads the article and
returns one ``Draft`` per exercise it describes, in the library's own shape, each field with
the exact sentences it came from. Nothing is invented: a dose the text does not state is
None. Drafts are matched to the library's exercises by name, aliases and position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from supple.domain.catalog import Exercise
from supple.interop.article.decode import MAX_BYTES, ArticleError, article_text
from supple.interop.article.doses import Found, read_doses
from supple.interop.article.drafts import (
    Draft,
    _frequency,
    _norm,
    build_draft,
    is_exercise,
    is_shared,
    mentions_position,
    sentences,
    split_sections,
    split_unnamed,
)
from supple.interop.article.sections import INSTRUCTION, Section, is_title

__all__ = ["MAX_BYTES", "ArticleError", "Draft", "ImportResult", "import_article"]


@dataclass
class ImportResult:
    drafts: list[Draft]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"drafts": [d.as_dict() for d in self.drafts], "notes": self.notes}


def import_article(data: bytes | str, library: Iterable[Exercise] = ()) -> ImportResult:
    """The exercises ``data`` describes, as drafts; ArticleError for input that is no article."""
    text = article_text(data)
    sections = [part for s in split_sections(text) for part in split_unnamed(s)]
    drafts = _drafts(sections, _last_line(text))
    exercises = list(library)
    previous: Draft | None = None
    for draft in drafts:
        if draft.variant and previous is not None:
            _match_variant(draft, previous, exercises)
        else:
            _match(draft, exercises)
        previous = draft
    notes = [] if drafts else ["no exercises found in this article"]
    return ImportResult(drafts, notes)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _drafts(sections: list[Section], last_line: str) -> list[Draft]:
    runs: list[tuple[Found, list[Draft]]] = [(Found(), [])]
    for index, section in enumerate(sections):
        text = sentences(section.lines)
        if section.numbered and section.name:
            text = [section.name, *text]  # "1: trunk rotation to the right side and left side."
        if section.variant_of == "title" and index:
            runs.append((Found(), []))
        shared = [s for s in text if is_shared(section, s)]
        if shared:
            _merge(runs[-1][0], read_doses(shared))
        own = [s for s in text if s not in shared]
        found = read_doses(own)
        truncated = _cut_off(section, last_line)
        if not _counts(section, own, found, truncated):
            continue
        number = sum(len(d) for _, d in runs) + 1
        runs[-1][1].append(build_draft(section, text, found, truncated, number))
    drafts: list[Draft] = []
    for shared_found, run in runs:
        for draft in run:
            if not draft.truncated:
                _apply_shared(draft, shared_found)
        drafts.extend(run)
    return drafts


def _counts(section: Section, own: list[str], found: Found, truncated: bool) -> bool:
    """An exercise: doses or steps from a position; cut off, a step from a position will do."""
    if section.numbered:
        said = [section.name or "", *own]
        return mentions_position(said) or any(re.search(r"\bl[yia]+ing\b", s) for s in said)
    if truncated:
        named = section.name is not None and section.variant_of != "title"
        return named or (any(INSTRUCTION.match(s) for s in own) and mentions_position(own))
    return bool(own) and is_exercise(section, own, found)


def _cut_off(section: Section, last_line: str) -> bool:
    lines = [x.text for x in section.lines if x.text]
    if not lines or not last_line.endswith(lines[-1][-20:]):
        return False
    last = lines[-1]
    words = len(last.split())
    return (
        (words >= 4 or len(lines) == 1)
        and not is_title(last)
        and re.search(r"[.!?:)”\"’]$", last) is None
        and _cut_word(last, " ".join(lines[:-1]) + " " + last.rsplit(" ", 1)[0])
    )


_DANGLING = frozenset(
    "a an and the to of your with for on in at or by from into as".split()  # noqa: SIM905
)


def _cut_word(last: str, before: str) -> bool:
    """The line stops mid-word ("for at least 10 se") or mid-phrase ("with your"): its last
    word is a dangling little word, or a fragment found nowhere else in the article. A last
    word the article uses elsewhere ("repeat on the opposite side") ended a sentence."""
    word = re.sub(r"\W", "", last.split()[-1].lower())
    if word in _DANGLING:
        return True
    return re.search(rf"\b{re.escape(word)}\b", before, re.IGNORECASE) is None


def _merge(into: Found, new: Found) -> None:
    for name in ("hold_s", "reps", "sets", "rest_s"):
        if getattr(into, name) is None and getattr(new, name) is not None:
            setattr(into, name, getattr(new, name))
            into.sources[name] = new.sources.get(name, [])
    if not into.frequency and new.frequency:
        into.frequency, into.frequency_labels = new.frequency, new.frequency_labels
        into.sources["frequency"] = new.sources.get("frequency", [])


def _apply_shared(draft: Draft, shared: Found) -> None:
    """A statement about the whole list fills what the exercise does not state itself."""
    for name in ("hold_s", "reps", "sets", "rest_s"):
        if getattr(draft, name) is None and getattr(shared, name) is not None:
            setattr(draft, name, getattr(shared, name))
            draft.sources[name] = shared.sources.get(name, [])
    if draft.frequency is None and shared.frequency:
        draft.frequency = _frequency(shared)
        draft.sources["frequency"] = shared.sources.get("frequency", [])


_LYING = {"supine", "prone", "side-lying"}


def _fuzzy(name: str) -> set[str]:
    return set(_norm(name).split()) - {"stretch", "pose", "exercise", "the", "and", "with", "for"}


_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an and the to of your you on in with for at as or is it this that then from by up "
        "down into toward towards over under while keep be can so are both one other each if "
        "not do",
    )
)


def _words(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in re.findall(r"[a-z]+", text.lower()):
        if word not in _STOP and len(word) > 2:
            stem = word[:5]
            counts[stem] = counts.get(stem, 0) + 1
    return counts


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def _match_variant(draft: Draft, parent: Draft, library: list[Exercise]) -> None:
    """A variation ("Optional Addition:") matched by its parent's steps and its own, to an
    exercise other than the parent's."""
    others = [e for e in library if e.id != parent.match]
    # The variation's own words count twice: they say what it adds.
    _match_by_steps(draft, others, [*parent.steps, *draft.text, *draft.text])


def _match_by_steps(draft: Draft, library: list[Exercise], steps: list[str] | None = None) -> None:
    """An unnamed exercise matched by what its steps say, when one library exercise stands out."""
    said = _words(" ".join(draft.steps if steps is None else steps))
    scored = sorted(
        (
            (_cosine(said, _words(" ".join((*e.steps, e.summary)))), e)
            for e in library
            if draft.position in (None, e.position)
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if len(scored) >= 2 and scored[0][0] >= 0.45 and scored[0][0] - scored[1][0] >= 0.1:
        draft.match = scored[0][1].id
        draft.notes.append(f"matched by its steps to {scored[0][1].name}")


def _match(draft: Draft, library: list[Exercise]) -> None:
    """The library exercise that is the same movement: same name or alias, same position."""
    if not draft.name_given:
        _match_by_steps(draft, library)
        return
    wanted = _norm(draft.name)
    best: tuple[float, Exercise] | None = None
    for exercise in library:
        if draft.position and draft.position != exercise.position:
            continue
        for label in (exercise.name, *exercise.aliases):
            if _norm(label) == wanted:
                score = 2.0
            else:
                a, b = _fuzzy(label), _fuzzy(draft.name)
                score = len(a & b) / len(a | b) if a and b else 0.0
            if score >= 0.75 and (best is None or score > best[0]):
                best = (score, exercise)
    if best is None:
        return
    draft.match = best[1].id
    steps = " ".join(draft.steps).lower()
    if draft.position is None and best[1].position in _LYING and re.search(r"\bl[yi]", steps):
        draft.position = best[1].position
        draft.notes.append(f"position read as {best[1].position} from the matched exercise")
