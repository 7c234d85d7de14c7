from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from supple.domain.catalog import Catalog
from supple.library import services
from supple.library.admin import ExerciseAdmin
from supple.library.models import Exercise, Routine, RoutineMember, Topic


def as_data(catalog: Catalog) -> dict[str, Any]:
    return {
        "exercises": [e.as_dict() for e in catalog.exercises],
        "routines": [r.as_dict() for r in catalog.routines],
        "topics": [t.as_dict() for t in catalog.topics],
    }


def test_loading_copies_every_field_faithfully(loaded: Catalog) -> None:
    assert as_data(services.current_catalog()) == as_data(loaded)


def test_the_easier_direction_is_derived_from_harder(loaded: Catalog) -> None:
    catalog = services.current_catalog()
    assert catalog.exercise("double-knee-hug").easier == ("knee-hug",)
    assert catalog.exercise("knee-hug").harder == ("double-knee-hug",)


def test_loading_again_changes_nothing(loaded: Catalog, small_catalog: Catalog) -> None:
    report = services.load_library(small_catalog)
    assert report.created == []
    assert report.updated == []
    assert report.summary() == "0 added, 0 updated, 6 unchanged"
    assert Exercise.objects.count() == 4
    assert RoutineMember.objects.count() == 2


def test_a_changed_file_updates_its_row(loaded: Catalog, small_catalog: Catalog) -> None:
    changed = replace(small_catalog.exercises[0], summary="New words.")
    catalog = replace(small_catalog, exercises=(changed, *small_catalog.exercises[1:]))
    report = services.load_library(catalog)
    assert report.updated == ["knee-hug"]
    assert services.current_catalog().exercise("knee-hug").summary == "New words."


def test_changed_routine_members_are_replaced_in_order(
    loaded: Catalog, small_catalog: Catalog
) -> None:
    routine = replace(small_catalog.routines[0], members=("double-knee-hug", "bridge"))
    services.load_library(replace(small_catalog, routines=(routine,)))
    assert services.current_catalog().routine("morning").members == ("double-knee-hug", "bridge")


def test_entries_edited_in_the_admin_are_kept(loaded: Catalog, small_catalog: Catalog) -> None:
    Exercise.objects.filter(pk="knee-hug").update(summary="Staff words.", edited=True)
    changed = replace(small_catalog.exercises[0], summary="Shipped words.")
    report = services.load_library(
        replace(small_catalog, exercises=(changed, *small_catalog.exercises[1:]))
    )
    assert report.kept_edited == ["knee-hug"]
    assert Exercise.objects.get(pk="knee-hug").summary == "Staff words."


def test_saving_in_the_admin_marks_the_entry_edited(loaded: Catalog, rf: Any) -> None:
    from django.contrib.admin.sites import site

    row = Exercise.objects.get(pk="bridge")
    row.summary = "Edited"
    ExerciseAdmin(Exercise, site).save_model(rf.post("/"), row, None, True)
    assert Exercise.objects.get(pk="bridge").edited


def test_the_cached_catalog_costs_one_query(
    loaded: Catalog, django_assert_num_queries: Any
) -> None:
    services.current_catalog()
    with django_assert_num_queries(1):
        services.current_catalog()


def test_a_change_anywhere_refreshes_the_catalog(loaded: Catalog) -> None:
    before = services.current_catalog()
    Topic.objects.filter(pk="sitting").update(title="Breaks")  # no signal on update()
    assert services.current_catalog() is before
    topic = Topic.objects.get(pk="sitting")
    topic.save()  # a save, as in the admin, refreshes it
    assert services.current_catalog().topic("sitting").title == "Breaks"


def test_deleting_a_routine_refreshes_the_catalog(loaded: Catalog) -> None:
    services.current_catalog()
    Routine.objects.get(pk="morning").delete()
    assert services.current_catalog().routines == ()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("surfaces", ["floor", "trampoline"], "A list drawn from"),
        ("surfaces", [], "at least one surface"),
        ("phases", [4], "A list drawn from"),
        ("equipment", ["dumbbell"], "A list drawn from"),
        ("steps", "Lie down.", "A list of texts"),
        ("reps_max", 1, "below its bottom"),
        ("reps_max", None, "both ends"),
    ],
)
def test_admin_edits_are_checked(loaded: Catalog, field: str, value: object, message: str) -> None:
    row = Exercise.objects.get(pk="bridge")
    setattr(row, field, value)
    with pytest.raises(ValidationError, match=message):
        row.clean()
