"""Staff curate the library here. A saved entry is marked edited, so that loading the
shipped files again (``supple library load``, run by ``make run``) does not undo the change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from supple.library.models import Exercise, ImportedExercise, Routine, RoutineMember, Topic


class EditedOnSave(admin.ModelAdmin):  # type: ignore[type-arg]
    readonly_fields = ("edited", "updated_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.edited = True
        super().save_model(request, obj, form, change)


@admin.register(Exercise)
class ExerciseAdmin(EditedOnSave):
    list_display = ("name", "id", "kind", "position", "direction", "per_side", "edited")
    list_filter = ("kind", "position", "direction", "end_range", "from_seeds", "edited")
    search_fields = ("id", "name", "summary")
    filter_horizontal = ("harder",)
    ordering = ("order", "id")


class RoutineMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoutineMember
    extra = 0
    ordering = ("position",)
    autocomplete_fields = ("exercise",)


@admin.register(Routine)
class RoutineAdmin(EditedOnSave):
    list_display = ("name", "id", "phase", "edited")
    list_filter = ("phase", "edited")
    search_fields = ("id", "name")
    inlines = (RoutineMemberInline,)


@admin.register(Topic)
class TopicAdmin(EditedOnSave):
    list_display = ("title", "id", "edited")
    search_fields = ("id", "title", "summary")


@admin.register(ImportedExercise)
class ImportedExerciseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Where an editor marks a draft accepted from an article as reviewed. Curators see the
    library's imports only; a clinic's own exercises stay with the clinic."""

    list_display = ("name", "adds_to", "clinic", "reviewed", "created_at")
    list_filter = ("reviewed",)
    search_fields = ("name", "address")
    readonly_fields = ("clinic", "adds_to", "address", "quotes", "created_by", "created_at")

    def get_queryset(self, request: HttpRequest) -> Any:
        rows = super().get_queryset(request)
        user = request.user
        return rows if getattr(user, "is_superuser", False) else rows.filter(clinic__isnull=True)
