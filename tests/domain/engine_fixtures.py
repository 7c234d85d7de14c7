"""A small hand-built library for the engine's tests, shaped like the seeds' exercises.

The engine is tested against this fixed catalog (so a change in the real content cannot move
the rule tables), and its invariants also against the real library (see test_planner.py).
"""

from __future__ import annotations

from supple.domain.catalog import Catalog, Direction, Exercise, Kind, Position, Routine, Surface
from supple.domain.dosage import Dosage, Range

BED: tuple[Surface, ...] = ("floor", "bed")


def exercise(
    id: str,
    kind: Kind,
    position: Position,
    *,
    surfaces: tuple[Surface, ...] = BED,
    direction: Direction = "neutral",
    end_range: bool = False,
    phases: tuple[int, ...] = (1,),
    hold_s: tuple[int, int] | None = None,
    reps: tuple[int, int] | None = None,
    sets: tuple[int, int] | None = None,
    per_side: bool = False,
    equipment: tuple[str, ...] = (),
    easier: tuple[str, ...] = (),
    harder: tuple[str, ...] = (),
) -> Exercise:
    return Exercise(
        id=id,
        name=id.replace("-", " ").capitalize(),
        aliases=(),
        summary="",
        kind=kind,
        position=position,
        surfaces=surfaces,
        equipment=equipment,
        direction=direction,
        end_range=end_range,
        phases=phases,
        dosage=Dosage(
            hold_s=Range(*hold_s) if hold_s else None,
            reps=Range(*reps) if reps else None,
            sets=Range(*sets) if sets else None,
            per_side=per_side,
            frequency=None,
        ),
        steps=("Do it.",),
        cautions=(),
        tips=(),
        easier=easier,
        harder=harder,
        sources=(),
    )


EXERCISES: tuple[Exercise, ...] = (
    exercise("deep-breathing", "breathing", "supine", reps=(10, 10)),
    exercise(
        "single-knee-to-chest",
        "stretch",
        "supine",
        direction="flexion",
        hold_s=(20, 30),
        reps=(2, 4),
        per_side=True,
        harder=("double-knee-to-chest",),
    ),
    exercise(
        "double-knee-to-chest",
        "stretch",
        "supine",
        direction="flexion",
        end_range=True,
        phases=(1, 2),
        hold_s=(20, 30),
        reps=(2, 4),
        easier=("single-knee-to-chest",),
    ),
    exercise("lying-twist", "stretch", "supine", hold_s=(30, 120), per_side=True),
    exercise("pelvic-tilt", "control", "supine", hold_s=(5, 5), reps=(10, 15)),
    exercise(
        "draw-in",
        "control",
        "supine",
        surfaces=("floor",),
        hold_s=(5, 5),
        reps=(5, 10),
        equipment=("towel",),
    ),
    exercise(
        "bridge",
        "strength",
        "supine",
        phases=(1, 2),
        hold_s=(15, 15),
        reps=(3, 5),
        harder=("single-leg-bridge",),
    ),
    exercise(
        "single-leg-bridge",
        "strength",
        "supine",
        phases=(3,),
        hold_s=(5, 10),
        reps=(5, 10),
        sets=(1, 3),
        per_side=True,
        easier=("bridge",),
    ),
    exercise(
        "lateral-leg-lift",
        "strength",
        "side-lying",
        phases=(2,),
        reps=(10, 10),
        sets=(3, 3),
        per_side=True,
    ),
    exercise(
        "prone-press-up",
        "mobility",
        "prone",
        direction="extension",
        end_range=True,
        hold_s=(30, 30),
        reps=(3, 5),
    ),
    exercise(
        "superman",
        "strength",
        "prone",
        direction="extension",
        end_range=True,
        phases=(2, 3),
        hold_s=(2, 2),
        reps=(10, 15),
        sets=(1, 3),
    ),
    exercise(
        "partial-curl",
        "strength",
        "supine",
        surfaces=("floor",),
        direction="flexion",
        end_range=True,
        phases=(2, 3),
        hold_s=(5, 5),
        reps=(8, 12),
        sets=(1, 3),
    ),
    exercise("cat-camel", "mobility", "quadruped", phases=(1, 2), reps=(5, 10)),
    exercise(
        "seated-twist",
        "mobility",
        "seated",
        surfaces=("chair", "floor"),
        phases=(1, 2, 3),
        hold_s=(60, 60),
        per_side=True,
    ),
    exercise(
        "standing-back-bend",
        "mobility",
        "standing",
        surfaces=("standing",),
        direction="extension",
        reps=(5, 10),
    ),
    exercise(
        "mini-push-up",
        "strength",
        "standing",
        surfaces=("standing",),
        phases=(3,),
        reps=(8, 12),
        sets=(1, 3),
        equipment=("wall",),
    ),
    exercise(
        "walking",
        "functional",
        "standing",
        surfaces=("standing",),
        phases=(1, 2, 3),
        hold_s=(300, 600),
    ),
)

ROUTINES: tuple[Routine, ...] = (
    Routine(
        id="in-bed-morning",
        name="Early-phase morning routine in bed",
        summary="",
        members=("deep-breathing", "single-knee-to-chest", "bridge", "lying-twist"),
        phase=1,
        sources=(),
        surfaces=("bed",),
    ),
)


def make_catalog() -> Catalog:
    return Catalog(exercises=EXERCISES, routines=ROUTINES)
