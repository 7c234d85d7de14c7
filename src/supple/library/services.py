"""Library use cases: load the shipped content, read the current catalog, find exercises."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from supple.domain import catalog as domain
from supple.library import signals
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
        "figure": entry.figure.as_dict() if entry.figure else {},
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


def _sync(model: Any, rows: list[tuple[str, dict[str, Any]]], report: LoadReport) -> set[str]:
    """Create or update one table's rows in bulk; returns the ids the load may change
    (every shipped id except those staff edited in the admin, which are left alone)."""
    existing = model.objects.in_bulk([key for key, _ in rows])
    created, changed_rows, changed_fields = [], [], set()
    editable: set[str] = set()
    for key, fields in rows:
        row = existing.get(key)
        if row is None:
            created.append(model(pk=key, **fields))
            report.created.append(key)
            editable.add(key)
            continue
        if row.edited:
            report.kept_edited.append(key)
            continue
        editable.add(key)
        changed = {name for name, value in fields.items() if getattr(row, name) != value}
        if changed:
            for name in changed:
                setattr(row, name, fields[name])
            row.updated_at = timezone.now()  # bulk_update skips auto_now
            changed_rows.append(row)
            changed_fields |= changed
            report.updated.append(key)
        else:
            report.unchanged.append(key)
    model.objects.bulk_create(created)
    if changed_rows:
        model.objects.bulk_update(changed_rows, [*sorted(changed_fields), "updated_at"])
    return editable


def _sync_links(
    through: Any, owner: str, wanted: dict[str, list[str]], report: LoadReport, **build: Any
) -> None:
    """Make the link rows of every editable owner match ``wanted`` (owner id -> targets)."""
    owner_field, target_field = f"{owner}_id", build["target"]
    current: dict[str, list[str]] = {key: [] for key in wanted}
    order = build.get("order_by", ("id",))
    for key, target in (
        through.objects.filter(**{f"{owner_field}__in": list(wanted)})
        .order_by(*order)
        .values_list(owner_field, target_field)
    ):
        current[key].append(target)
    stale = [key for key, targets in wanted.items() if current[key] != targets]
    if not stale:
        return
    through.objects.filter(**{f"{owner_field}__in": stale}).delete()
    through.objects.bulk_create(
        build["make"](key, target, position)
        for key in stale
        for position, target in enumerate(wanted[key])
    )
    for key in stale:
        report.mark_updated(key)


def load_library(source: domain.Catalog | None = None) -> LoadReport:
    """Copy the shipped library into the database. Safe to run again: it changes only what
    changed, and keeps entries that staff edited in the admin. A few queries per table."""
    if source is None:
        from supple.content import load_catalog

        source = load_catalog()
    report = LoadReport()
    harder_through = Exercise.harder.through
    with transaction.atomic(), signals.muted():
        exercises = _sync(
            Exercise,
            [(e.id, _exercise_fields(e, n)) for n, e in enumerate(source.exercises)],
            report,
        )
        _sync_links(
            harder_through,
            "from_exercise",
            {e.id: list(e.harder) for e in source.exercises if e.id in exercises},
            report,
            target="to_exercise_id",
            order_by=("from_exercise_id", "to_exercise__order"),
            make=lambda key, target, _: harder_through(from_exercise_id=key, to_exercise_id=target),
        )
        routines = _sync(
            Routine,
            [(r.id, _routine_fields(r, n)) for n, r in enumerate(source.routines)],
            report,
        )
        _sync_links(
            RoutineMember,
            "routine",
            {r.id: list(r.members) for r in source.routines if r.id in routines},
            report,
            target="exercise_id",
            order_by=("routine_id", "position"),
            make=lambda key, target, position: RoutineMember(
                routine_id=key, exercise_id=target, position=position
            ),
        )
        _sync(Topic, [(t.id, _topic_fields(t, n)) for n, t in enumerate(source.topics)], report)
        if report.created or report.updated:
            bump_version()
    return report


def bump_version() -> None:
    """Mark the library changed, so every process rebuilds its cached catalog."""
    LibraryVersion.bump()


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
