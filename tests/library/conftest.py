"""A small hand-made library, so these tests do not depend on the shipped content."""

from __future__ import annotations

from dataclasses import replace

import pytest

from supple.domain.catalog import Catalog, Exercise, Routine, Source, Topic
from supple.domain.dosage import Dosage, Range
from supple.library import services


def make_exercise(exercise_id: str, **changes: object) -> Exercise:
    base = Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        aliases=(),
        summary=f"What {exercise_id} is for.",
        kind="stretch",
        position="supine",
        surfaces=("floor", "bed"),
        equipment=(),
        direction="flexion",
        end_range=False,
        phases=(1,),
        dosage=Dosage(
            hold_s=Range(20, 30),
            reps=Range(2, 4),
            sets=None,
            per_side=True,
            frequency="every morning",
        ),
        steps=("Lie on your back.", "Bring one knee to your chest."),
        cautions=("Stop if the pain spreads down a leg.",),
        tips=("Breathe out as you pull.",),
        easier=(),
        harder=(),
        sources=(Source(seed="003_seed.txt", quote="Hold for 30 seconds."),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def small_catalog() -> Catalog:
    return Catalog(
        exercises=(
            make_exercise("knee-hug", harder=("double-knee-hug",), aliases=("knee to chest",)),
            make_exercise("double-knee-hug", easier=("knee-hug",), end_range=True),
            make_exercise(
                "bridge",
                kind="strength",
                direction="neutral",
                phases=(2,),
                surfaces=("floor",),
                dosage=Dosage(None, Range(8, 12), Range(1, 3), False, None),
            ),
            make_exercise(
                "wall-push",
                kind="strength",
                position="standing",
                surfaces=("standing",),
                equipment=("wall",),
                phases=(3,),
                direction="neutral",
                from_seeds=False,
                sources=(),
                notes=("A conventional step.",),
            ),
        ),
        routines=(
            Routine(
                id="morning",
                name="Morning in bed",
                summary="Before getting up.",
                members=("knee-hug", "double-knee-hug"),
                phase=1,
                sources=(Source(seed="003_seed.txt", quote="Every morning."),),
            ),
        ),
        topics=(
            Topic(
                id="sitting",
                title="Sitting breaks",
                summary="Get up every 25-30 minutes.",
                points=("Stand for 1-2 minutes.",),
                sources=(Source(seed="000_seed.txt", quote="Take a break."),),
            ),
        ),
    )


@pytest.fixture
def loaded(db: None, small_catalog: Catalog) -> Catalog:
    services.load_library(small_catalog)
    return small_catalog
