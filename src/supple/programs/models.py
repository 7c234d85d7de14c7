"""A person's program: intake, safety screens, doses, sessions, pain logs, decisions.

Thin models: the rules live in ``supple.domain``; the use cases in ``services.py``. Rows that
make up the safety history (screens) are only ever added, never edited away.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from supple.accounts.models import Clinic

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


def working_week() -> list[int]:
    return [0, 1, 2, 3, 4]


class Direction(models.TextChoices):
    FLEXION = "flexion", "Bending forward or sitting eases it"
    EXTENSION = "extension", "Bending backward, standing or walking eases it"
    NEITHER = "neither", "Neither, or I am not sure"


class Consent(models.Model):
    """The disclaimer (R-10-notice), accepted once, with its time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent"
    )
    accepted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"accepted at {self.accepted_at:%Y-%m-%d %H:%M}"


class Profile(models.Model):
    """The intake and the program's state for one person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    pain_now = models.PositiveSmallIntegerField(validators=PAIN)
    # The pain given at the first intake: the baseline when no session came before.
    intake_pain = models.PositiveSmallIntegerField(validators=PAIN)
    weeks_since_onset = models.FloatField(validators=[MinValueValidator(0)])
    age = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(16), MaxValueValidator(120)]
    )
    can_get_on_floor = models.BooleanField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    equipment = models.JSONField(default=list, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    exclude = models.JSONField(default=list, blank=True)
    phase = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    phase_started_on = models.DateField()
    # Reminders: the routine at these weekdays (0 = Monday) and time, an alarm before it.
    routine_days = models.JSONField(default=list, blank=True)
    routine_time = models.TimeField(null=True, blank=True)
    alarm_minutes = models.PositiveSmallIntegerField(default=10)
    sitting_breaks = models.BooleanField(default=False)
    sitting_interval_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    # Sitting-break reminders in the calendar feed: every interval between two times of day,
    # on these weekdays (the working week unless changed).
    sitting_days = models.JSONField(default=working_week, blank=True)
    sitting_from = models.TimeField(default=datetime.time(9, 0))
    sitting_until = models.TimeField(default=datetime.time(17, 0))
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.user}"


class ScreenRecord(models.Model):
    """One answered safety screen and its outcome (kept forever: the safety history)."""

    class Trigger(models.TextChoices):
        INTAKE = "intake"
        WEEKLY = "weekly"
        PAIN = "pain", "Pain of 8 or more"
        SPREAD = "spread", "Symptoms spreading"
        PAUSE = "pause", "Program pause"
        USER = "user", "Asked by the user"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screens"
    )
    taken_at = models.DateTimeField()
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    answers = models.JSONField()
    checked = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=12)
    flags = models.JSONField(default=list)
    message = models.TextField()
    # When the person confirmed a clinician assessed (urgent) or cleared (clearance) them.
    clinician_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["user", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.outcome} at {self.taken_at:%Y-%m-%d %H:%M}"


class DoseLevel(models.Model):
    """Where a person is on one exercise ladder: the current variant and its dose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dose_levels"
    )
    # The first rung of the ladder: stable while the variant changes.
    ladder = models.SlugField(max_length=80)
    exercise = models.SlugField(max_length=80)
    hold_s = models.PositiveIntegerField(null=True, blank=True)
    reps = models.PositiveIntegerField(null=True, blank=True)
    sets = models.PositiveIntegerField(default=1)
    last_progressed = models.DateField(null=True, blank=True)
    paused = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "ladder"], name="one_level_per_ladder")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} for {self.user}"


class Session(models.Model):
    """One guided session. ``client_id`` is made in the browser (or the CLI) so that a
    retried request finds the session it already created instead of making another."""

    class Status(models.TextChoices):
        ACTIVE = "active"
        DONE = "done"
        STOPPED = "stopped", "Stopped early"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    client_id = models.UUIDField(default=uuid.uuid4)
    date = models.DateField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    flare = models.BooleanField(default=False)
    phase = models.PositiveSmallIntegerField(default=1)
    p_pre = models.PositiveSmallIntegerField(validators=PAIN)
    p_post = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    p_next = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    p_next_at = models.DateTimeField(null=True, blank=True)
    spread = models.BooleanField(default=False)
    # The plan as it was when the session started: exercises and doses, in order.
    plan = models.JSONField(default=list)
    # Where the player is, so that a reload resumes there.
    position = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-date", "-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="session_client_id")
        ]
        indexes = [models.Index(fields=["user", "-date"])]

    def __str__(self) -> str:
        return f"session {self.date} of {self.user}"


class ExerciseLog(models.Model):
    """One exercise in one session: worst pain during it, spread, all sets done."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="entries")
    client_id = models.UUIDField(default=uuid.uuid4)
    position = models.PositiveSmallIntegerField()
    exercise = models.SlugField(max_length=80)
    hold_s = models.PositiveIntegerField(null=True, blank=True)
    reps = models.PositiveIntegerField(null=True, blank=True)
    sets = models.PositiveIntegerField(default=1)
    p_during = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    spread = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    skipped = models.BooleanField(default=False)
    # How much was done, for an exercise cut short (and the whole of it otherwise): seconds of
    # holds and repetitions, and the holds or repetitions finished. Null when not recorded.
    seconds_done = models.PositiveIntegerField(null=True, blank=True)
    reps_done = models.PositiveIntegerField(null=True, blank=True)
    swapped_from = models.SlugField(max_length=80, blank=True)
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "client_id"], name="entry_client_id")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} in {self.session}"


class Decision(models.Model):
    """A progression decision for one exercise, with its reason in plain words."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decisions"
    )
    made_on = models.DateField()
    made_at = models.DateTimeField()
    ladder = models.SlugField(max_length=80)
    exercise = models.SlugField(max_length=80)
    colour = models.CharField(max_length=6)
    decision = models.CharField(max_length=10)
    reason = models.TextField()
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["made_at", "id"]
        indexes = [models.Index(fields=["user", "made_at"])]

    def __str__(self) -> str:
        return f"{self.decision} {self.exercise} on {self.made_on}"


class ProgramDecision(models.Model):
    """The program-level result after a session: continue or pause, and the weekly trend."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_decisions"
    )
    made_on = models.DateField()
    made_at = models.DateTimeField()
    action = models.CharField(max_length=10)
    trend = models.CharField(max_length=12)
    reason = models.TextField()
    phase_before = models.PositiveSmallIntegerField()
    phase_after = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on {self.made_on}"


class PsfsActivity(models.Model):
    """An activity the person finds hard (Patient-Specific Functional Scale)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="psfs_activities"
    )
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class PsfsRating(models.Model):
    activity = models.ForeignKey(PsfsActivity, on_delete=models.CASCADE, related_name="ratings")
    rated_on = models.DateField()
    score = models.PositiveSmallIntegerField(validators=PAIN)

    class Meta:
        ordering = ["rated_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "rated_on"], name="one_rating_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.score} on {self.rated_on}"


class SittingBreak(models.Model):
    """A break from sitting, taken when the timer called for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sitting_breaks"
    )
    client_id = models.UUIDField(default=uuid.uuid4)
    taken_at = models.DateTimeField()
    exercise = models.SlugField(max_length=80, blank=True)

    class Meta:
        ordering = ["-taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="break_client_id")
        ]

    def __str__(self) -> str:
        return f"break at {self.taken_at:%H:%M}"


class FlareDay(models.Model):
    """A day the person said their pain is 7 or more (R-3-flare-day): that day's plan is the
    gentle flare routine wherever it is asked for (web or terminal), until they say it eased."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flare_days"
    )
    date = models.DateField()
    marked_at = models.DateTimeField()
    eased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="one_flare_a_day")]

    def __str__(self) -> str:
        return f"flare day {self.date} of {self.user}"


# --------------------------------------------------------------------------------------------
# Prescriptions (docs/clinical-rules.md section 11)


class VersionIsImmutable(Exception):
    """A prescription's version is never changed: a change is a new version."""


class Prescription(models.Model):
    """A patient's prescribed program: its versions are ``versions``, the newest one rules.

    The patient's side of the banner ("Your physiotherapist changed your program") is kept
    here: the newest version the patient has dismissed, and the one shown on which day.
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prescription"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="prescriptions")
    created_at = models.DateTimeField()
    seen_number = models.PositiveIntegerField(default=0)
    shown_number = models.PositiveIntegerField(default=0)
    shown_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"prescription of patient {self.patient_id}"


class PrescriptionVersion(models.Model):
    """One version, never changed. ``items`` is a list of exercise entries (see
    ``supple.programs.services.prescriptions.Item``); ``flare_routine`` a list of exercise ids."""

    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prescriptions_written",
    )
    # The author's name at the time: who prescribed stays known.
    author_name = models.CharField(max_length=150)
    created_at = models.DateTimeField()
    note = models.TextField()
    phase = models.PositiveSmallIntegerField()
    flare_routine = models.JSONField(default=list)
    items = models.JSONField()

    class Meta:
        ordering = ["prescription", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["prescription", "number"], name="prescription_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(phase__gte=1, phase__lte=3), name="prescription_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"version {self.number} of {self.prescription_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise VersionIsImmutable
        super().save(*args, **kwargs)


class ProgramTemplate(models.Model):
    """A clinic's named program, the same shape as a version; saving again replaces it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=100)
    created_by_name = models.CharField(max_length=150)
    updated_at = models.DateTimeField()
    phase = models.PositiveSmallIntegerField()
    flare_routine = models.JSONField(default=list)
    items = models.JSONField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="template_name_unique"),
            models.CheckConstraint(
                condition=models.Q(phase__gte=1, phase__lte=3), name="template_phase_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
