"""The catalog as plain data: ladders, consistency checks, queries. No files, no database."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supple.domain.catalog import (
    EQUIPMENT,
    EQUIPMENT_LABELS,
    Catalog,
    CatalogError,
    Exercise,
    Problem,
    Routine,
    Source,
    Topic,
    UnknownId,
    find_problems,
    ladder_problems,
)
from supple.domain.dosage import Dosage, Range

SOURCE = (
    Source("003_d708f9b81c2ea589.txt", "Eventually you’ll be doing it as a regular push up."),
)


def exercise(
    exercise_id: str, easier: tuple[str, ...] = (), harder: tuple[str, ...] = ()
) -> Exercise:
    return Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        aliases=(),
        summary=f"What {exercise_id} is for.",
        kind="strength",
        position="standing",
        surfaces=("standing",),
        equipment=(),
        direction="neutral",
        end_range=False,
        phases=(1,),
        dosage=Dosage(None, Range(8, 12), Range(1, 3), False, None),
        steps=("Do it.",),
        cautions=(),
        tips=(),
        easier=easier,
        harder=harder,
        sources=SOURCE,
    )


def chain(*ids: str) -> list[Exercise]:
    """Exercises linked easiest to hardest, both directions agreeing."""
    return [
        exercise(
            i,
            easier=(ids[n - 1],) if n > 0 else (),
            harder=(ids[n + 1],) if n + 1 < len(ids) else (),
        )
        for n, i in enumerate(ids)
    ]


PUSH_UPS = chain("mini-push-up", "mini-push-up-further", "knee-push-up", "push-up")


def fields(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.id, p.field) for p in problems}


# -- ladders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("member", [e.id for e in PUSH_UPS])
def test_ladder_is_the_whole_chain_from_any_member(member: str) -> None:
    catalog = Catalog(exercises=(exercise("walk"), *PUSH_UPS))
    assert catalog.ladder_ids(member) == (
        "mini-push-up",
        "mini-push-up-further",
        "knee-push-up",
        "push-up",
    )
    assert [e.id for e in catalog.ladder(member)] == list(catalog.ladder_ids(member))


def test_an_exercise_without_variants_is_its_own_ladder() -> None:
    catalog = Catalog(exercises=(exercise("walk"), *PUSH_UPS))
    assert catalog.ladder_ids("walk") == ("walk",)
    assert catalog.next_harder("walk") is None
    assert catalog.next_easier("walk") is None


def test_next_harder_and_easier_step_one_rung() -> None:
    catalog = Catalog(exercises=tuple(PUSH_UPS))
    harder = catalog.next_harder("mini-push-up-further")
    easier = catalog.next_easier("mini-push-up-further")
    assert harder is not None
    assert harder.id == "knee-push-up"
    assert easier is not None
    assert easier.id == "mini-push-up"
    assert catalog.next_harder("push-up") is None


def test_ladders_lists_each_chain_once() -> None:
    catalog = Catalog(exercises=(exercise("walk"), *PUSH_UPS, *chain("superman", "superman-alt")))
    assert [tuple(e.id for e in ladder) for ladder in catalog.ladders()] == [
        ("mini-push-up", "mini-push-up-further", "knee-push-up", "push-up"),
        ("superman", "superman-alt"),
    ]


def test_ladder_of_an_unknown_id_raises_unknown_id() -> None:
    with pytest.raises(UnknownId, match="nope"):
        Catalog(exercises=tuple(PUSH_UPS)).ladder("nope")


def test_ladder_stops_at_a_cycle_instead_of_looping() -> None:
    a = exercise("a", easier=("b",), harder=("b",))
    b = exercise("b", easier=("a",), harder=("a",))
    with pytest.raises(CatalogError, match="cycle"):
        Catalog(exercises=(a, b)).ladder("a")


def test_ladder_ignores_ids_missing_from_a_partial_catalog() -> None:
    # The program engine builds small catalogs in its tests: a dangling id is not an error here.
    catalog = Catalog(exercises=(exercise("a", harder=("not-here",)),))
    assert catalog.ladder_ids("a") == ("a",)


# -- ladder checks ---------------------------------------------------------------------------


def test_agreeing_ladders_have_no_problems() -> None:
    assert ladder_problems(PUSH_UPS) == []


def test_harder_without_the_matching_easier_is_reported() -> None:
    lopsided = [exercise("a", harder=("b",)), exercise("b")]
    assert fields(ladder_problems(lopsided)) == {("a", "harder")}
    assert "does not list 'a' as easier" in ladder_problems(lopsided)[0].message


def test_easier_without_the_matching_harder_is_reported() -> None:
    lopsided = [exercise("a"), exercise("b", easier=("a",))]
    assert fields(ladder_problems(lopsided)) == {("b", "easier")}


def test_unknown_and_self_references_are_reported() -> None:
    problems = ladder_problems([exercise("a", harder=("ghost",)), exercise("b", easier=("b",))])
    messages = {(p.id, p.field): p.message for p in problems}
    assert "unknown exercise id 'ghost'" in messages[("a", "harder")]
    assert "itself" in messages[("b", "easier")]


def test_a_branching_ladder_is_reported() -> None:
    problems = ladder_problems(
        [
            exercise("a", harder=("b", "c")),
            exercise("b", easier=("a",)),
            exercise("c", easier=("a",)),
        ]
    )
    assert ("a", "harder") in fields(problems)
    assert any("one next step" in p.message for p in problems)


def test_a_cycle_is_reported_once() -> None:
    cycle = [
        exercise("a", easier=("c",), harder=("b",)),
        exercise("b", easier=("a",), harder=("c",)),
        exercise("c", easier=("b",), harder=("a",)),
    ]
    problems = [p for p in ladder_problems(cycle) if "cycle" in p.message]
    assert len(problems) == 1
    assert "a -> b -> c -> a" in problems[0].message or "b -> c -> a -> b" in problems[0].message


@given(st.integers(2, 8), st.data())
def test_breaking_one_link_of_a_chain_is_always_caught(length: int, data: st.DataObject) -> None:
    ids = [f"step-{n}" for n in range(length)]
    exercises = chain(*ids)
    n = data.draw(st.integers(0, length - 2), label="link")
    side = data.draw(st.sampled_from(["easier", "harder"]), label="side")
    if side == "harder":
        exercises[n] = replace(exercises[n], harder=())
    else:
        exercises[n + 1] = replace(exercises[n + 1], easier=())
    assert ladder_problems(exercises) != []
    assert ladder_problems(chain(*ids)) == []


# -- other consistency checks ----------------------------------------------------------------


def test_find_problems_reports_duplicates_and_bad_ids() -> None:
    problems = find_problems([exercise("walk"), exercise("walk"), exercise("Not_Kebab")])
    assert ("walk", "id") in fields(problems)
    assert ("Not_Kebab", "id") in fields(problems)


def test_find_problems_reports_vocabulary_and_empty_quotes() -> None:
    odd = replace(
        exercise("odd"),
        equipment=("trampoline",),
        phases=(4,),
        sources=(Source("003_d708f9b81c2ea589.txt", "  "),),
    )
    assert {("odd", "equipment.0"), ("odd", "phases.0"), ("odd", "sources.0.quote")} <= fields(
        find_problems([odd])
    )


def test_an_added_ladder_step_needs_a_note() -> None:
    added = replace(exercise("knee-push-up"), from_seeds=False)
    assert ("knee-push-up", "notes") in fields(find_problems([added]))
    explained = replace(added, notes=("A conventional intermediate step, not from the seeds.",))
    assert find_problems([explained]) == []


def test_routine_members_must_be_exercises() -> None:
    routine = Routine(
        id="morning",
        name="Morning",
        summary="A morning routine.",
        members=("walk", "nope", "walk"),
        phase=1,
        sources=SOURCE,
    )
    problems = find_problems([exercise("walk")], [routine])
    assert ("morning", "members.1") in fields(problems)
    assert ("morning", "members") in fields(problems)  # walk listed twice


def test_topics_need_sources() -> None:
    topic = Topic(id="weight", title="Weight", summary="...", points=("...",), sources=())
    assert ("weight", "sources") in fields(find_problems([], topics=[topic]))


def test_validate_raises_with_every_problem() -> None:
    catalog = Catalog(exercises=(exercise("a", harder=("ghost",)),))
    with pytest.raises(CatalogError, match="ghost"):
        catalog.validate()
    Catalog(exercises=tuple(PUSH_UPS)).validate()


# -- queries ---------------------------------------------------------------------------------


def test_equipment_vocabulary_is_kebab_case_with_labels() -> None:
    assert set(EQUIPMENT) == set(EQUIPMENT_LABELS)
    assert all(e == e.lower() and " " not in e and "_" not in e for e in EQUIPMENT)


def test_an_alternative_may_stand_in_for_the_equipment() -> None:
    draw_in = replace(
        exercise("draw-in"),
        equipment=("towel",),
        equipment_alternatives=("small-ball", "yoga-block"),
    )
    assert draw_in.usable_with({"towel"})
    assert draw_in.usable_with({"yoga-block"})
    assert not draw_in.usable_with(set())
    assert not draw_in.usable_with({"mat"})
    assert exercise("walk").usable_with(set())


def test_find_filters_combine() -> None:
    bed = replace(exercise("low-back-roll"), surfaces=("bed", "floor"), kind="mobility")
    floor = replace(exercise("plank"), surfaces=("floor",), phases=(2,))
    catalog = Catalog(exercises=(bed, floor, exercise("walk")))
    assert [e.id for e in catalog.find(surface="bed")] == ["low-back-roll"]
    assert [e.id for e in catalog.find(phase=2)] == ["plank"]
    assert [e.id for e in catalog.find(kind="strength", surface="floor")] == ["plank"]
    assert [e.id for e in catalog.find(text="  BACK   roll ")] == ["low-back-roll"]
    assert catalog.find(position="prone") == []


def test_floor_only_and_as_dict() -> None:
    plank = replace(exercise("plank"), surfaces=("floor",))
    assert plank.floor_only
    assert not replace(plank, surfaces=("floor", "bed")).floor_only
    data = plank.as_dict()
    assert data["id"] == "plank"
    assert data["dosage"] == {
        "hold_s": None,
        "reps": [8, 12],
        "sets": [1, 3],
        "per_side": False,
        "frequency": None,
    }
    assert data["sources"] == [{"seed": SOURCE[0].seed, "quote": SOURCE[0].quote}]


def test_display_quote_plains_the_whitespace_only() -> None:
    source = Source("000_a3dd5b62d1fdf83f.txt", "Step 3:\u00a0 Relax.\u00a0 Hold")
    assert source.display_quote == "Step 3: Relax. Hold"
    assert source.as_dict()["quote"] == source.quote
