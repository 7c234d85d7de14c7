"""Library use cases: load the shipped content, read the current catalog, find exercises."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from supple.domain import catalog as domain
from supple.library.models import Exercise, LibraryVersion, Routine, RoutineMember, Topic

__all__ = ["LoadReport", "current_catalog", "load_library"]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.created)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.kept_edited:
            parts.append(f"{len(self.kept_edited)} kept as edited in the admin")
        return ", ".join(parts)

    def mark_updated(self, key: str) -> None:
        if key in self.unchanged:
            self.unchanged.remove(key)
            self.updated.append(key)


def _exercise_fields(entry: domain.Exercise, order: int) -> dict[str, Any]:
    d = entry.dosage
    return {
        "name": entry.name,
        "aliases": list(entry.aliases),
        "summary": entry.summary,
        "kind": entry.kind,
        "position": entry.position,
        "surfaces": list(entry.surfaces),
        "equipment": list(entry.equipment),
        "equipment_alternatives": list(entry.equipment_alternatives),
        "direction": entry.direction,
        "end_range": entry.end_range,
        "phases": list(entry.phases),
        "hold_s_min": d.hold_s.low if d.hold_s else None,
        "hold_s_max": d.hold_s.high if d.hold_s else None,
        "reps_min": d.reps.low if d.reps else None,
        "reps_max": d.reps.high if d.reps else None,
        "sets_min": d.sets.low if d.sets else None,
        "sets_max": d.sets.high if d.sets else None,
        "per_side": d.per_side,
        "frequency": d.frequency or "",
        "steps": list(entry.steps),
        "cautions": list(entry.cautions),
        "tips": list(entry.tips),
        "sources": [s.as_dict() for s in entry.sources],
        "notes": list(entry.notes),
        "from_seeds": entry.from_seeds,
        "order": order,
    }


def _routine_fields(entry: domain.Routine, order: int) -> dict[str, Any]:
    return {
        "name": entry.name,
        "summary": entry.summary,
        "phase": entry.phase,
        "surfaces": list(entry.surfaces),
        "frequency": entry.frequency or "",
        "sources": [s.as_dict() for s in entry.sources],
        "notes": list(entry.notes),
        "order": order,
    }


def _topic_fields(entry: domain.Topic, order: int) -> dict[str, Any]:
    return {
        "title": entry.title,
        "summary": entry.summary,
        "points": list(entry.points),
        "steps": list(entry.steps),
        "sources": [s.as_dict() for s in entry.sources],
        "order": order,
    }


def _upsert(model: Any, key: str, fields: dict[str, Any], report: LoadReport) -> bool:
    """Create or update one row; False when staff edited it (it is then left alone)."""
    row = model.objects.filter(pk=key).first()
    if row is None:
        model.objects.create(pk=key, **fields)
        report.created.append(key)
        return True
    if row.edited:
        report.kept_edited.append(key)
        return False
    changed = {name: value for name, value in fields.items() if getattr(row, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(row, name, value)
        row.save(update_fields=[*changed, "updated_at"])
        report.updated.append(key)
    else:
        report.unchanged.append(key)
    return True


def load_library(source: domain.Catalog | None = None) -> LoadReport:
    """Copy the shipped library into the database. Safe to run again: it changes only what
    changed, and keeps entries that staff edited in the admin."""
    if source is None:
        from supple.content import load_catalog

        source = load_catalog()
    report = LoadReport()
    with transaction.atomic():
        for order, exercise in enumerate(source.exercises):
            _upsert(Exercise, exercise.id, _exercise_fields(exercise, order), report)
        rows = Exercise.objects.in_bulk([e.id for e in source.exercises])
        for exercise in source.exercises:
            row = rows[exercise.id]
            wanted = set(exercise.harder)
            if not row.edited and set(row.harder.values_list("id", flat=True)) != wanted:
                row.harder.set(Exercise.objects.filter(pk__in=wanted))
                report.mark_updated(exercise.id)
        for order, routine in enumerate(source.routines):
            if not _upsert(Routine, routine.id, _routine_fields(routine, order), report):
                continue
            row_routine = Routine.objects.get(pk=routine.id)
            members = list(row_routine.memberships.values_list("exercise_id", flat=True))
            if members != list(routine.members):
                row_routine.memberships.all().delete()
                RoutineMember.objects.bulk_create(
                    RoutineMember(routine=row_routine, exercise_id=member, position=position)
                    for position, member in enumerate(routine.members)
                )
                report.mark_updated(routine.id)
        for order, topic in enumerate(source.topics):
            _upsert(Topic, topic.id, _topic_fields(topic, order), report)
        if report.created or report.updated:
            bump_version()
    return report


def bump_version() -> None:
    """Mark the library changed, so every process rebuilds its cached catalog."""
    LibraryVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


_cache_lock = threading.Lock()
_cache: dict[str, domain.Catalog] = {}


def current_catalog() -> domain.Catalog:
    """The library as in the database, as a domain catalog.

    One query when nothing changed since the last call in this process; the whole library
    (five queries) when it did.
    """
    token = LibraryVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    cached = _cache.get(token)
    if cached is not None:
        return cached
    built = _build_catalog()
    with _cache_lock:
        _cache.clear()
        _cache[token] = built
    return built


def _build_catalog() -> domain.Catalog:
    harder: dict[str, list[str]] = {}
    easier: dict[str, list[str]] = {}
    for from_id, to_id in Exercise.harder.through.objects.values_list(
        "from_exercise_id", "to_exercise_id"
    ).order_by("from_exercise__order", "to_exercise__order"):
        harder.setdefault(from_id, []).append(to_id)
        easier.setdefault(to_id, []).append(from_id)
    exercises = tuple(
        row.to_domain(harder.get(row.id, []), easier.get(row.id, []))
        for row in Exercise.objects.all()
    )
    members: dict[str, list[str]] = {}
    for routine_id, exercise_id in RoutineMember.objects.values_list("routine_id", "exercise_id"):
        members.setdefault(routine_id, []).append(exercise_id)
    routines = tuple(r.to_domain(members.get(r.id, [])) for r in Routine.objects.all())
    topics = tuple(t.to_domain() for t in Topic.objects.all())
    return domain.Catalog(exercises=exercises, routines=routines, topics=topics)
