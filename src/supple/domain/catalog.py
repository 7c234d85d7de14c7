"""The exercise library as plain data: exercises, routines and education topics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

from supple.domain.dosage import Dosage

Kind = Literal["breathing", "mobility", "stretch", "control", "strength", "functional"]
Position = Literal["supine", "prone", "side-lying", "seated", "standing", "quadruped", "kneeling"]
Surface = Literal["floor", "bed", "chair", "standing"]
Direction = Literal["flexion", "extension", "neutral"]

KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)
SURFACES: tuple[str, ...] = get_args(Surface)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
PHASES: tuple[int, ...] = (1, 2, 3)


class UnknownId(KeyError):
    """An exercise, routine or topic id that is not in the library."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


@dataclass(frozen=True, slots=True)
class Source:
    """Where an entry came from: a seed file's name and the exact sentence quoted from it."""

    seed: str
    quote: str


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
    # knee-to-chest): CLINICAL_RULES.md section 6 leaves these out against a preference.
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

    @property
    def floor_only(self) -> bool:
        """True when the exercise needs a floor: no bed, chair or standing alternative."""
        return "floor" in self.surfaces and len(self.surfaces) == 1


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


@dataclass(frozen=True, slots=True)
class Topic:
    """Education content drawn from the seeds' non-exercise advice."""

    id: str
    title: str
    summary: str
    points: tuple[str, ...]
    sources: tuple[Source, ...]
    steps: tuple[str, ...] = ()


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
