"""The exercise library as plain data: exercises, routines and education topics."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from supple.domain.dosage import Dosage, format_dosage
from supple.figures.model import Figure

Kind = Literal["breathing", "mobility", "stretch", "control", "strength", "functional"]
Position = Literal["supine", "prone", "side-lying", "seated", "standing", "quadruped", "kneeling"]
Surface = Literal["floor", "bed", "chair", "standing"]
Direction = Literal["flexion", "extension", "neutral"]

KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)
SURFACES: tuple[str, ...] = get_args(Surface)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
PHASES: tuple[int, ...] = (1, 2, 3)

# The fixed vocabulary of equipment ids (kebab-case) the content may name, with labels for
# people. Only what the seeds need: the draw-in's towel, small ball or yoga block; the mat of
# the all-fours hip extension; the wall or kitchen counter of the mini push-up; the wall or
# chair on which the legs rest in the lying static leg raise.
EQUIPMENT_LABELS: dict[str, str] = {
    "towel": "Towel",
    "small-ball": "Small ball",
    "yoga-block": "Yoga block",
    "mat": "Exercise mat",
    "wall": "Wall",
    "counter": "Kitchen counter",
    "chair": "Chair",
}
EQUIPMENT: tuple[str, ...] = tuple(EQUIPMENT_LABELS)

# A stable id: lower-case words of letters and digits joined by single hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogError(ValueError):
    """A catalog whose entries contradict each other (see ``find_problems``)."""


class UnknownId(KeyError):
    """An exercise, routine or topic id that is not in the library."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry came from: a seed file's name and the exact sentence quoted from it."""

    seed: str
    quote: str

    @property
    def display_quote(self) -> str:
        """The quote with its whitespace (no-break spaces, doubled spaces) made plain."""
        return " ".join(self.quote.split())

    def as_dict(self) -> dict[str, object]:
        return {"seed": self.seed, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    kind: Kind
    position: Position
    surfaces: tuple[Surface, ...]
    equipment: tuple[str, ...]
    direction: Direction
    # True for movements taken to the end of their range (a prone press-up, a double
    # knee-to-chest): docs/clinical-rules.md section 6 leaves these out against a preference.
    end_range: bool
    phases: tuple[int, ...]
    dosage: Dosage
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    tips: tuple[str, ...]
    easier: tuple[str, ...]
    harder: tuple[str, ...]
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()
    # False for a conventional intermediate ladder step the seeds do not describe.
    from_seeds: bool = True
    # Items any one of which may stand in for the exercise's single piece of equipment (the
    # draw-in's towel may be a small ball or a yoga block). Empty: no substitute.
    equipment_alternatives: tuple[str, ...] = ()
    # The key poses of the exercise's animated picture (supple.figures.model); None: no picture.
    figure: Figure | None = None

    @property
    def floor_only(self) -> bool:
        """True when the exercise needs a floor: no bed, chair or standing alternative."""
        return "floor" in self.surfaces and len(self.surfaces) == 1

    @property
    def dosage_text(self) -> str:
        """The dose for people: "Hold 30 s–2 min · each side · repeat often"."""
        return format_dosage(self.dosage, self.kind)

    @property
    def one_sided(self) -> bool:
        """True when every hold or repetition is done on both sides (R-7-both-sides)."""
        return self.dosage.per_side

    def usable_with(self, owned: Collection[str]) -> bool:
        """True when the equipment ``owned`` is enough for this exercise.

        Every item of ``equipment`` is needed, except that an item listed in
        ``equipment_alternatives`` may replace the (single) item of ``equipment``.
        """
        missing = [item for item in self.equipment if item not in owned]
        if not missing:
            return True
        return len(missing) == 1 and any(alt in owned for alt in self.equipment_alternatives)

    def can_be_done_on(self, surfaces: Collection[str]) -> bool:
        """True when the exercise can be done on at least one of ``surfaces``."""
        return any(surface in surfaces for surface in self.surfaces)

    def as_dict(self) -> dict[str, object]:
        """Every field as JSON-ready data (the ``supple exercises --json`` object)."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "summary": self.summary,
            "kind": self.kind,
            "position": self.position,
            "surfaces": list(self.surfaces),
            "equipment": list(self.equipment),
            "equipment_alternatives": list(self.equipment_alternatives),
            "direction": self.direction,
            "end_range": self.end_range,
            "phases": list(self.phases),
            "dosage": self.dosage.as_dict(),
            "steps": list(self.steps),
            "cautions": list(self.cautions),
            "tips": list(self.tips),
            "easier": list(self.easier),
            "harder": list(self.harder),
            "sources": [s.as_dict() for s in self.sources],
            "notes": list(self.notes),
            "from_seeds": self.from_seeds,
            "figure": self.figure.as_dict() if self.figure else None,
        }


@dataclass(frozen=True, slots=True)
class Routine:
    """A named sequence of exercises from the seeds (or a phase's members), in order."""

    id: str
    name: str
    summary: str
    members: tuple[str, ...]
    phase: int | None
    sources: tuple[Source, ...]
    notes: tuple[str, ...] = ()
    surfaces: tuple[Surface, ...] = ()
    frequency: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "summary": self.summary,
            "members": list(self.members),
            "phase": self.phase,
            "surfaces": list(self.surfaces),
            "frequency": self.frequency,
            "sources": [s.as_dict() for s in self.sources],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Topic:
    """Education content drawn from the seeds' non-exercise advice."""

    id: str
    title: str
    summary: str
    points: tuple[str, ...]
    sources: tuple[Source, ...]
    # Ordered steps, for advice that is a procedure (getting out of bed by log-rolling).
    steps: tuple[str, ...] = ()
    # Judgements made on the source text, as for exercises.
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "points": list(self.points),
            "steps": list(self.steps),
            "sources": [s.as_dict() for s in self.sources],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Catalog:
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...] = ()
    topics: tuple[Topic, ...] = ()
    _by_id: dict[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise UnknownId(f"unknown exercise id: {exercise_id!r}") from None

    def routine(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise UnknownId(f"unknown routine id: {routine_id!r}")

    def routines_with(self, exercise_id: str) -> list[Routine]:
        return [r for r in self.routines if exercise_id in r.members]

    def select(self, ids: Iterable[str]) -> list[Exercise]:
        return [self.exercise(i) for i in ids]

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise UnknownId(f"unknown topic id: {topic_id!r}")

    def phase_routine(self, phase: int) -> Routine:
        """The routine of a phase of docs/clinical-rules.md section 5 (id ``phase-N``)."""
        return self.routine(f"phase-{phase}")

    # -- ladders (docs/clinical-rules.md section 4: "the next harder variant") ------------------

    def next_harder(self, exercise_id: str) -> Exercise | None:
        """The next harder variant of an exercise, or None at the top of its ladder."""
        harder = [i for i in self.exercise(exercise_id).harder if i in self._by_id]
        return self._by_id[harder[0]] if harder else None

    def next_easier(self, exercise_id: str) -> Exercise | None:
        """The next easier variant of an exercise, or None at the bottom of its ladder."""
        easier = [i for i in self.exercise(exercise_id).easier if i in self._by_id]
        return self._by_id[easier[0]] if easier else None

    def ladder(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The ladder an exercise belongs to, easiest first (the exercise alone if none).

        Follows ``easier`` down to the bottom, then ``harder`` up to the top (the first id
        of each, ids not in the catalog ignored). Raises CatalogError on a cycle and UnknownId
        for an unknown id.
        """
        start = self.exercise(exercise_id)
        bottom = start
        seen = {start.id}
        while (lower := self.next_easier(bottom.id)) is not None:
            if lower.id in seen:
                raise CatalogError(f"{exercise_id}: easier: the ladder has a cycle at {lower.id}")
            seen.add(lower.id)
            bottom = lower
        chain = [bottom]
        seen = {bottom.id}
        while (upper := self.next_harder(chain[-1].id)) is not None:
            if upper.id in seen:
                raise CatalogError(f"{exercise_id}: harder: the ladder has a cycle at {upper.id}")
            seen.add(upper.id)
            chain.append(upper)
        return tuple(chain)

    def ladder_ids(self, exercise_id: str) -> tuple[str, ...]:
        """``ladder`` as ids."""
        return tuple(e.id for e in self.ladder(exercise_id))

    def ladders(self) -> list[tuple[Exercise, ...]]:
        """Every ladder of two or more exercises, once each, in catalog order of their bottoms."""
        result = []
        for exercise in self.exercises:
            if not exercise.easier and exercise.harder:
                chain = self.ladder(exercise.id)
                if len(chain) > 1:
                    result.append(chain)
        return result

    # -- queries for the library pages and the CLI --------------------------------------------

    def find(
        self,
        *,
        position: str | None = None,
        surface: str | None = None,
        kind: str | None = None,
        phase: int | None = None,
        direction: str | None = None,
        equipment: Collection[str] | None = None,
        text: str | None = None,
    ) -> list[Exercise]:
        """Exercises matching every filter given, in catalog order.

        ``equipment`` keeps exercises usable with that equipment; ``text`` is a
        case-insensitive search of the id, name, aliases and summary.
        """
        needle = " ".join(text.lower().split()) if text else ""
        found = []
        for e in self.exercises:
            if position is not None and e.position != position:
                continue
            if surface is not None and surface not in e.surfaces:
                continue
            if kind is not None and e.kind != kind:
                continue
            if phase is not None and phase not in e.phases:
                continue
            if direction is not None and e.direction != direction:
                continue
            if equipment is not None and not e.usable_with(equipment):
                continue
            if needle:
                haystack = " ".join((e.id, e.name, *e.aliases, e.summary)).lower()
                if needle not in " ".join(haystack.split()):
                    continue
            found.append(e)
        return found

    # -- consistency --------------------------------------------------------------------------

    def problems(self) -> list[Problem]:
        """Everything ``find_problems`` reports for this catalog (empty when consistent)."""
        return find_problems(self.exercises, self.routines, self.topics)

    def validate(self) -> None:
        """Raise CatalogError listing the problems, if any."""
        found = self.problems()
        if found:
            raise CatalogError("; ".join(str(p) for p in found))


@dataclass(frozen=True, slots=True)
class Problem:
    """One inconsistency in a catalog: which entry, which field, what is wrong."""

    kind: Literal["exercise", "routine", "topic"]
    id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.field}: {self.message}"


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for i in ids:
        if i in seen and i not in dupes:
            dupes.append(i)
        seen.add(i)
    return dupes


def _source_problems(
    kind: Literal["exercise", "routine", "topic"], entry_id: str, sources: Sequence[Source]
) -> list[Problem]:
    problems = []
    for n, source in enumerate(sources):
        if not source.seed.strip():
            problems.append(Problem(kind, entry_id, f"sources.{n}.seed", "is empty"))
        if not source.quote.strip():
            problems.append(Problem(kind, entry_id, f"sources.{n}.quote", "is empty"))
    return problems


def ladder_problems(exercises: Sequence[Exercise]) -> list[Problem]:
    """The ladder checks: known ids, one step each way, both directions agree, no cycles."""
    by_id = {e.id: e for e in exercises}
    problems: list[Problem] = []
    for e in exercises:
        for direction in ("easier", "harder"):
            ids: tuple[str, ...] = getattr(e, direction)
            if len(ids) > 1:
                problems.append(
                    Problem("exercise", e.id, direction, f"{list(ids)}: a ladder has one next step")
                )
            for other_id in ids:
                if other_id == e.id:
                    problems.append(
                        Problem("exercise", e.id, direction, "names the exercise itself")
                    )
                    continue
                other = by_id.get(other_id)
                if other is None:
                    problems.append(
                        Problem("exercise", e.id, direction, f"unknown exercise id {other_id!r}")
                    )
                    continue
                back = "harder" if direction == "easier" else "easier"
                if e.id not in getattr(other, back):
                    problems.append(
                        Problem(
                            "exercise",
                            e.id,
                            direction,
                            f"{other_id!r} does not list {e.id!r} as {back}",
                        )
                    )
        both = set(e.easier) & set(e.harder)
        if both:
            problems.append(
                Problem("exercise", e.id, "harder", f"{sorted(both)} also listed as easier")
            )
    # A cycle: following "harder" from an exercise comes back to it.
    reported: set[str] = set()
    for e in exercises:
        seen = [e.id]
        current = e
        while current.harder and current.harder[0] in by_id:
            current = by_id[current.harder[0]]
            if current.id in seen:
                cycle = seen[seen.index(current.id) :]
                if not reported & set(cycle):
                    reported.update(cycle)
                    problems.append(
                        Problem(
                            "exercise",
                            current.id,
                            "harder",
                            "the ladder has a cycle: " + " -> ".join([*cycle, current.id]),
                        )
                    )
                break
            seen.append(current.id)
    return problems


def find_problems(
    exercises: Sequence[Exercise],
    routines: Sequence[Routine] = (),
    topics: Sequence[Topic] = (),
) -> list[Problem]:
    """Every inconsistency between the entries of a library (empty when there is none).

    Duplicate or malformed ids; vocabularies (kind, position, surfaces, direction, equipment,
    phases); exercises without sources, empty quotes; an added ladder step (``from_seeds``
    false) without a note; the ladder checks of ``ladder_problems``; routine members that are
    not exercises.
    """
    problems = _id_problems(exercises, routines, topics)
    for e in exercises:
        problems += _exercise_problems(e)
    problems += ladder_problems(exercises)
    known = {e.id for e in exercises}
    for r in routines:
        problems += _routine_problems(r, known)
    for t in topics:
        if not t.sources:
            problems.append(Problem("topic", t.id, "sources", "is empty"))
        problems += _source_problems("topic", t.id, t.sources)
    return problems


def _id_problems(
    exercises: Sequence[Exercise], routines: Sequence[Routine], topics: Sequence[Topic]
) -> list[Problem]:
    """Duplicate ids and ids that are not kebab-case, per kind of entry."""
    problems: list[Problem] = []
    kinds: list[tuple[Literal["exercise", "routine", "topic"], list[str]]] = [
        ("exercise", [e.id for e in exercises]),
        ("routine", [r.id for r in routines]),
        ("topic", [t.id for t in topics]),
    ]
    for kind, ids in kinds:
        for dupe in _duplicates(ids):
            problems.append(Problem(kind, dupe, "id", "duplicate id"))
        for i in ids:
            if not ID_PATTERN.match(i):
                problems.append(Problem(kind, i, "id", "is not a kebab-case id"))
    return problems


def _exercise_problems(e: Exercise) -> list[Problem]:
    """One exercise's vocabularies, empty lists, sources and the note an added step needs."""
    problems: list[Problem] = []
    checks: list[tuple[str, object, Collection[object]]] = [
        ("kind", e.kind, KINDS),
        ("position", e.position, POSITIONS),
        ("direction", e.direction, DIRECTIONS),
    ]
    checks += [(f"surfaces.{n}", s, SURFACES) for n, s in enumerate(e.surfaces)]
    checks += [(f"phases.{n}", p, PHASES) for n, p in enumerate(e.phases)]
    checks += [(f"equipment.{n}", q, EQUIPMENT) for n, q in enumerate(e.equipment)]
    checks += [
        (f"equipment_alternatives.{n}", q, EQUIPMENT)
        for n, q in enumerate(e.equipment_alternatives)
    ]
    for name, value, allowed in checks:
        if value not in allowed:
            problems.append(
                Problem("exercise", e.id, name, f"{value!r} is not one of {list(allowed)}")
            )
    for name, empty in (("surfaces", not e.surfaces), ("phases", not e.phases)):
        if empty:
            problems.append(Problem("exercise", e.id, name, "is empty"))
    if e.equipment_alternatives and len(e.equipment) != 1:
        problems.append(
            Problem(
                "exercise",
                e.id,
                "equipment_alternatives",
                "alternatives need exactly one item of equipment to stand in for",
            )
        )
    if not e.sources:
        problems.append(Problem("exercise", e.id, "sources", "is empty"))
    problems += _source_problems("exercise", e.id, e.sources)
    if not e.from_seeds and not e.notes:
        problems.append(
            Problem("exercise", e.id, "notes", "an added step (from_seeds: false) needs a note")
        )
    return problems


def _routine_problems(r: Routine, known: set[str]) -> list[Problem]:
    """A routine's members (known, not twice, not none), its phase and its sources."""
    problems: list[Problem] = []
    if not r.members:
        problems.append(Problem("routine", r.id, "members", "is empty"))
    for n, member in enumerate(r.members):
        if member not in known:
            problems.append(
                Problem("routine", r.id, f"members.{n}", f"unknown exercise id {member!r}")
            )
    for dupe in _duplicates(r.members):
        problems.append(Problem("routine", r.id, "members", f"{dupe!r} listed twice"))
    if r.phase is not None and r.phase not in PHASES:
        problems.append(
            Problem("routine", r.id, "phase", f"{r.phase!r} is not one of {list(PHASES)}")
        )
    problems += _source_problems("routine", r.id, r.sources)
    return problems
