"""The library is faithful to the seeds.

- Every quoted sentence appears in its seed file (``tests/fixtures/seeds/<seed>``) exactly: no
  normalisation at all, not even of whitespace (the seeds' no-break spaces are written in the
  YAML as ``\\u00a0``; a quote may leave out leading bullets, numbers and mojibake).
- Every quoted sentence that states a dose, read with ``parse_dosage_phrase``, agrees with the
  exercise's structured dosage, or a note of the exercise quotes the words that disagree.
- Every dose the sources do not state (a convention, an inherited dose) is explained in a note.
- The project's own words never say "safe", "cure", "treat" or "guaranteed" (docs/clinical-rules.md
  section 10), and nothing quoted is marketing, a testimonial or a link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from supple.content import load_catalog
from supple.domain.catalog import Exercise, Routine, Source, Topic
from supple.domain.dosage import Range, parse_dosage_phrase

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
CATALOG = load_catalog()
ENTRIES: list[Exercise | Routine | Topic] = [
    *CATALOG.exercises,
    *CATALOG.routines,
    *CATALOG.topics,
]


def entry_id(entry: Exercise | Routine | Topic) -> str:
    return f"{type(entry).__name__.lower()}:{entry.id}"


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def plain(text: str) -> str:
    """For comparing a note with a fragment: case, dashes and runs of whitespace ignored."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").lower().split())


def explained(exercise: Exercise, fragments: tuple[str, ...]) -> bool:
    """True when a note of the exercise quotes one of the fragments of a source sentence."""
    notes = plain(" ".join(exercise.notes))
    return any(plain(f) in notes for f in fragments)


def within(stated: Range, structured: Range | None) -> bool:
    return structured is not None and structured.low <= stated.low <= stated.high <= structured.high


# -- quotes ----------------------------------------------------------------------------------


def test_the_seed_fixtures_are_the_five_articles() -> None:
    assert len(list(SEEDS.glob("*.txt"))) == 5


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_every_quote_appears_verbatim_in_its_seed(entry: Exercise | Routine | Topic) -> None:
    for source in entry.sources:
        assert (SEEDS / source.seed).is_file(), f"{source.seed} is not a seed file"
        assert source.quote == source.quote.strip(), f"untrimmed quote {source.quote!r}"
        assert "\n" not in source.quote, f"a quote is one line of the seed: {source.quote!r}"
        assert source.quote in seed_text(source.seed), (
            f"{entry_id(entry)}: not verbatim in {source.seed}: {source.quote!r}"
        )


def test_every_seed_is_quoted() -> None:
    quoted = {s.seed for entry in ENTRIES for s in entry.sources}
    assert quoted == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_no_quote_is_marketing_a_testimonial_or_a_link(entry: Exercise | Routine | Topic) -> None:
    banned = ("ebook", "download", "http", "www.", "massage chair", "learn more", "thanks so much")
    for source in entry.sources:
        quote = source.quote.lower()
        assert not any(word in quote for word in banned), source.quote
        assert not source.quote.startswith("\u201c"), f"a testimonial: {source.quote!r}"


# -- doses -----------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.id)
def test_every_dose_sentence_agrees_with_the_dosage_or_is_explained(exercise: Exercise) -> None:
    d = exercise.dosage
    for source in exercise.sources:
        said = parse_dosage_phrase(source.quote)
        hold = said.hold_or_breaths_s()
        where = f"{exercise.id}: {source.quote!r}"
        if hold is not None and not within(hold, d.hold_s):
            assert explained(exercise, said.fragments("hold_s") + said.fragments("breaths")), (
                f"{where} states a hold of {hold.as_list()} s, the dosage has "
                f"{d.hold_s.as_list() if d.hold_s else None}, and no note quotes it"
            )
        for name, stated, structured in (
            ("reps", said.reps, d.reps),
            ("sets", said.sets, d.sets),
        ):
            if stated is not None and not within(stated, structured):
                assert explained(exercise, said.fragments(name)), (
                    f"{where} states {name} {stated.as_list()}, the dosage has "
                    f"{structured.as_list() if structured else None}, and no note quotes it"
                )
        if said.per_side and not d.per_side:
            assert explained(exercise, said.fragments("per_side")), f"{where} says per side"
        if said.frequency is not None and (
            d.frequency is None or plain(said.frequency) not in plain(d.frequency)
        ):
            assert explained(exercise, said.fragments("frequency")), (
                f"{where} says {said.frequency!r}, the dosage {d.frequency!r}: no note quotes it"
            )
        if said.ambiguities:
            fields = {a.split()[0] for a in said.ambiguities}
            fragments = tuple(f for name in fields for f in said.fragments(name))
            assert explained(exercise, fragments), f"{where}: {said.ambiguities} not explained"


# The words a note uses when it explains a dose the sources do not state.
FIELD_WORDS = {
    "hold_s": ("hold", "held"),
    "reps": ("repetition",),
    "sets": ("sets",),
    "per_side": ("side",),
    "frequency": ("frequency", "often"),
}


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.id)
def test_every_dose_the_sources_do_not_state_is_explained(exercise: Exercise) -> None:
    """A convention (docs/clinical-rules.md section 4), a cap or an inherited dose has a note."""
    d = exercise.dosage
    said = [parse_dosage_phrase(s.quote) for s in exercise.sources]
    stated: dict[str, list[Range]] = {
        "hold_s": [r for p in said if (r := p.hold_or_breaths_s()) is not None],
        "reps": [p.reps for p in said if p.reps is not None],
        "sets": [p.sets for p in said if p.sets is not None],
    }
    notes = plain(" ".join(exercise.notes))
    for name, structured in (("hold_s", d.hold_s), ("reps", d.reps), ("sets", d.sets)):
        if structured is None:
            continue
        lows = {r.low for r in stated[name]}
        highs = {r.high for r in stated[name]}
        if structured.low not in lows or structured.high not in highs:
            assert any(w in notes for w in FIELD_WORDS[name]), (
                f"{exercise.id}: {name} {structured.as_list()} is not what the sources state "
                f"({[r.as_list() for r in stated[name]]}) and no note explains it"
            )
    if d.per_side and not any(p.per_side for p in said):
        assert any(w in notes for w in FIELD_WORDS["per_side"]), f"{exercise.id}: per side?"
    if d.frequency and not any(p.frequency for p in said):
        assert any(w in notes for w in FIELD_WORDS["frequency"]), f"{exercise.id}: how often?"


def test_conventional_doses_follow_clinical_rules_section_4() -> None:
    """Where a note says a convention was used, the dose is that convention."""
    for e in CATALOG.exercises:
        notes = " ".join(e.notes)
        if "strength convention" in notes:
            assert e.dosage.reps == Range(8, 12), e.id
            assert e.dosage.sets == Range(1, 3), e.id
        if "stretching convention" in notes and "2-4" in notes:
            assert e.dosage.reps == Range(2, 4), e.id


# -- wording ---------------------------------------------------------------------------------

BANNED = re.compile(r"\b(safe\w*|cure\w*|treat\w*|guarantee\w*)\b", re.IGNORECASE)


def own_words(entry: Exercise | Routine | Topic) -> list[str]:
    """Everything the project wrote itself (quotes excluded)."""
    if isinstance(entry, Exercise):
        return [
            entry.name,
            *entry.aliases,
            entry.summary,
            *entry.steps,
            *entry.cautions,
            *entry.tips,
            *entry.notes,
            entry.dosage.frequency or "",
        ]
    if isinstance(entry, Routine):
        return [entry.name, entry.summary, *entry.notes, entry.frequency or ""]
    return [entry.title, entry.summary, *entry.points, *entry.steps, *entry.notes]


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_the_projects_own_words_make_no_claims(entry: Exercise | Routine | Topic) -> None:
    for text in own_words(entry):
        assert not BANNED.search(text), f"{entry_id(entry)}: {text!r}"
        assert "http" not in text


def test_sources_are_plain_data() -> None:
    # A guard for the fixtures: a Source compares by value, so a quote repeated by two entries
    # (the sitting sentence in the walk and the sitting-breaks topic) is the same source.
    walk = CATALOG.exercise("walk").sources[0]
    topic = CATALOG.topic("sitting-breaks").sources[0]
    assert walk == topic == Source(walk.seed, walk.quote)
    assert "\u00a0" in walk.quote
    assert "\u00a0" not in walk.display_quote
