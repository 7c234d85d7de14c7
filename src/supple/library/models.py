"""The exercise library in the database, so staff can curate it in the admin.

The shipped data files (``supple.content``) are the source; ``services.load_library`` copies
them in. Lists are JSON; everything the admin filters on is a column. ``to_domain`` turns a
row back into the framework-free dataclass the engine and the pages use.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from supple.domain import catalog as domain
from supple.domain.dosage import Dosage, Range
from supple.figures.model import Figure, FigureError, figure_from_dict


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v.replace("-", " ").capitalize()) for v in values]


def _range(low: int | None, high: int | None) -> Range | None:
    return None if low is None or high is None else Range(low, high)


def _sources(data: list[dict[str, str]]) -> tuple[domain.Source, ...]:
    return tuple(domain.Source(seed=s["seed"], quote=s["quote"]) for s in data)


def _figure(data: object) -> Figure | None:
    """The stored figure block; None when there is none or it cannot be drawn (an admin edit
    that broke it loses the picture, never the page)."""
    if not isinstance(data, dict) or not data:
        return None
    try:
        return figure_from_dict(data)
    except FigureError:
        return None


class Exercise(models.Model):
    id = models.SlugField(primary_key=True, max_length=80)
    name = models.CharField(max_length=120)
    aliases = models.JSONField(default=list, blank=True)
    summary = models.TextField()
    kind = models.CharField(max_length=20, choices=_choices(domain.KINDS))
    position = models.CharField(max_length=20, choices=_choices(domain.POSITIONS))
    surfaces = models.JSONField(default=list)
    equipment = models.JSONField(default=list, blank=True)
    equipment_alternatives = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=20, choices=_choices(domain.DIRECTIONS))
    end_range = models.BooleanField(default=False)
    phases = models.JSONField(default=list)
    hold_s_min = models.PositiveIntegerField(null=True, blank=True)
    hold_s_max = models.PositiveIntegerField(null=True, blank=True)
    reps_min = models.PositiveIntegerField(null=True, blank=True)
    reps_max = models.PositiveIntegerField(null=True, blank=True)
    sets_min = models.PositiveIntegerField(null=True, blank=True)
    sets_max = models.PositiveIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False)
    frequency = models.CharField(max_length=200, blank=True)
    steps = models.JSONField(default=list)
    cautions = models.JSONField(default=list, blank=True)
    tips = models.JSONField(default=list, blank=True)
    harder = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="easier")
    sources = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    from_seeds = models.BooleanField(default=True)
    # The animated picture's key poses (the content file's figure block); {} for none.
    figure = models.JSONField(default=dict, blank=True)
    order = models.PositiveIntegerField(default=0)
    # Set when staff change the entry in the admin: loading the shipped files keeps it.
    edited = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """What the shipped files' schema checks, for entries edited in the admin."""
        errors: dict[str, str] = {}
        vocabularies: dict[str, tuple[object, ...]] = {
            "surfaces": domain.SURFACES,
            "phases": domain.PHASES,
            "equipment": domain.EQUIPMENT,
            "equipment_alternatives": domain.EQUIPMENT,
        }
        for name, allowed in vocabularies.items():
            value = getattr(self, name)
            if not isinstance(value, list) or any(item not in allowed for item in value):
                errors[name] = f"A list drawn from: {', '.join(map(str, allowed))}."
        if not self.surfaces:
            errors["surfaces"] = "Name at least one surface."
        for name in ("aliases", "steps", "cautions", "tips", "notes"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
                errors[name] = "A list of texts."
        for name in ("hold_s", "reps", "sets"):
            low, high = getattr(self, f"{name}_min"), getattr(self, f"{name}_max")
            if (low is None) != (high is None):
                errors[f"{name}_max"] = "Give both ends of the range, or neither."
            elif low is not None and high is not None and low > high:
                errors[f"{name}_max"] = "The top of the range is below its bottom."
        if not isinstance(self.figure, dict):
            errors["figure"] = "A figure block (a mapping), or {} for none."
        elif self.figure:
            try:
                figure_from_dict(self.figure)
            except FigureError as error:
                errors["figure"] = str(error)
        if errors:
            raise ValidationError(errors)

    def to_domain(self, harder: list[str], easier: list[str]) -> domain.Exercise:
        return domain.Exercise(
            id=self.id,
            name=self.name,
            aliases=tuple(self.aliases),
            summary=self.summary,
            kind=self.kind,  # type: ignore[arg-type]
            position=self.position,  # type: ignore[arg-type]
            surfaces=tuple(self.surfaces),
            equipment=tuple(self.equipment),
            direction=self.direction,  # type: ignore[arg-type]
            end_range=self.end_range,
            phases=tuple(self.phases),
            dosage=Dosage(
                hold_s=_range(self.hold_s_min, self.hold_s_max),
                reps=_range(self.reps_min, self.reps_max),
                sets=_range(self.sets_min, self.sets_max),
                per_side=self.per_side,
                frequency=self.frequency or None,
            ),
            steps=tuple(self.steps),
            cautions=tuple(self.cautions),
            tips=tuple(self.tips),
            easier=tuple(easier),
            harder=tuple(harder),
            sources=_sources(self.sources),
            notes=tuple(self.notes),
            from_seeds=self.from_seeds,
            equipment_alternatives=tuple(self.equipment_alternatives),
            figure=_figure(self.figure),
        )


class Routine(models.Model):
    id = models.SlugField(primary_key=True, max_length=80)
    name = models.CharField(max_length=120)
    summary = models.TextField()
    phase = models.PositiveSmallIntegerField(null=True, blank=True)
    surfaces = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=200, blank=True)
    sources = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    edited = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def to_domain(self, members: list[str]) -> domain.Routine:
        return domain.Routine(
            id=self.id,
            name=self.name,
            summary=self.summary,
            members=tuple(members),
            phase=self.phase,
            sources=_sources(self.sources),
            notes=tuple(self.notes),
            surfaces=tuple(self.surfaces),
            frequency=self.frequency or None,
        )


class RoutineMember(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="memberships")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="memberships")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["routine", "position"]
        constraints = [
            models.UniqueConstraint(fields=["routine", "position"], name="routine_member_slot")
        ]

    def __str__(self) -> str:
        return f"{self.routine_id} #{self.position}: {self.exercise_id}"


class Topic(models.Model):
    id = models.SlugField(primary_key=True, max_length=80)
    title = models.CharField(max_length=160)
    summary = models.TextField()
    points = models.JSONField(default=list)
    steps = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)
    edited = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def to_domain(self) -> domain.Topic:
        return domain.Topic(
            id=self.id,
            title=self.title,
            summary=self.summary,
            points=tuple(self.points),
            sources=_sources(self.sources),
            steps=tuple(self.steps),
        )


class LibraryVersion(models.Model):
    """One row whose token changes whenever the library does (cache invalidation)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def bump(cls) -> None:
        """Mark the library changed, so every process rebuilds its cached catalog."""
        cls.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
