"""Forms of the patient's pages: the notice, the intake, the safety screen, one-tap pain,
the functional scale's activities, the reminder settings and deleting the account."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from supple.domain import planner, safety
from supple.domain.catalog import EQUIPMENT_LABELS
from supple.library.services import current_catalog
from supple.programs.models import Direction, Profile
from supple.programs.services import IntakeData, psfs
from supple.programs.services import calendar as reminders

PAIN_CHOICES = [(str(n), str(n)) for n in range(11)]
YES_NO = [("yes", "Yes"), ("no", "No")]
# How long the back pain has lasted, in plain words, stored as a representative number of
# weeks (the planner takes weeks; nobody knows theirs to the day).
DURATIONS: list[tuple[str, str, float]] = [
    ("days", "Less than a week", 0.5),
    ("weeks", "1 to 6 weeks", 3),
    ("months", "6 to 12 weeks", 9),
    ("quarter", "3 to 12 months", 26),
    ("years", "More than a year", 52),
]
_WEEKS = {key: weeks for key, _, weeks in DURATIONS}
# Most homes have a wall and a chair: ticked unless the person says otherwise.
DEFAULT_EQUIPMENT = ["wall", "chair"]


def duration_key(weeks: float) -> str:
    """The answer closest to a stored number of weeks (for answering the intake again)."""
    return min(DURATIONS, key=lambda d: abs(d[2] - weeks))[0]


class NoticeForm(forms.Form):
    accept = forms.BooleanField(
        label="I have read this notice and I will stop and seek advice as it says",
        error_messages={"required": "Please tick the box to go on."},
    )


class PainField(forms.TypedChoiceField):
    """A 0-10 pain scale as eleven one-tap choices."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", PAIN_CHOICES)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("widget", forms.RadioSelect)
        kwargs.setdefault("error_messages", {"required": "Please choose a number from 0 to 10."})
        super().__init__(**kwargs)


class IntakeForm(forms.Form):
    pain_now = PainField(
        label="How bad is your back pain right now?",
        help_text="0 is no pain, 10 is the worst pain you can imagine.",
    )
    duration = forms.ChoiceField(
        label="How long have you had this back pain?",
        choices=[(key, label) for key, label, _ in DURATIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how long you have had it."},
    )
    age = forms.IntegerField(
        label="How old are you?",
        min_value=planner.MIN_AGE,
        max_value=120,
        help_text=f"Supple is for people aged {planner.MIN_AGE} and over.",
    )
    can_get_on_floor = forms.ChoiceField(
        label="Can you get down to the floor and back up without help?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="If not, you get exercises you can do in bed, on a chair or standing.",
        error_messages={"required": "Please answer yes or no."},
    )
    minutes = forms.IntegerField(
        label="How many minutes a day can you give to your exercises?",
        min_value=planner.MIN_MINUTES,
        max_value=planner.MAX_MINUTES,
        initial=15,
        help_text=f"From {planner.MIN_MINUTES} to {planner.MAX_MINUTES} minutes.",
    )
    equipment = forms.MultipleChoiceField(
        label="What do you have at home?",
        choices=list(EQUIPMENT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=DEFAULT_EQUIPMENT,
        help_text="Tick everything you can use. Nothing here is essential.",
    )
    direction = forms.ChoiceField(
        label="Which eases your usual back pain?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        initial=Direction.NEITHER,
        help_text=(
            "If your legs ache when you walk and ease when you sit or lean forward, "
            "choose bending forward."
        ),
    )
    exclude = forms.MultipleChoiceField(
        label="Exercises to leave out",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave out any exercise you have been told not to do, or that you dislike.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exclude = self.fields["exclude"]
        assert isinstance(exclude, forms.MultipleChoiceField)
        exclude.choices = [(e.id, e.name) for e in current_catalog().exercises]

    @classmethod
    def initial_from(cls, profile: Profile | None) -> dict[str, Any]:
        if profile is None:
            return {}
        return {
            "pain_now": str(profile.pain_now),
            "duration": duration_key(profile.weeks_since_onset),
            "age": profile.age,
            "can_get_on_floor": "yes" if profile.can_get_on_floor else "no",
            "minutes": profile.minutes,
            "equipment": list(profile.equipment),
            "direction": profile.direction,
            "exclude": list(profile.exclude),
        }

    def intake(self) -> IntakeData:
        data = self.cleaned_data
        return IntakeData(
            pain_now=data["pain_now"],
            weeks_since_onset=_WEEKS[data["duration"]],
            age=data["age"],
            can_get_on_floor=data["can_get_on_floor"] == "yes",
            minutes=data["minutes"],
            equipment=tuple(data["equipment"]),
            direction=data["direction"],
            exclude=tuple(data["exclude"]),
        )


class ScreenForm(forms.Form):
    """The safety screen: yes or no to every question asked, and, for a "yes" to a U, C or G
    question, "already checked by a clinician" (R-1-checked; never for E questions)."""

    def __init__(self, *args: Any, checked: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in safety.QUESTIONS:
            if not question.asked:
                continue
            self.fields[question.id] = forms.ChoiceField(
                label=question.text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )
            if question.can_be_checked:
                self.fields[f"{question.id}_checked"] = forms.BooleanField(
                    label="Already checked by a clinician",
                    required=False,
                    initial=question.id in checked,
                )

    def questions(self) -> list[tuple[safety.Question, forms.BoundField, Any]]:
        """Each asked question with its yes/no field and its "checked" box (or None)."""
        rows = []
        for question in safety.QUESTIONS:
            if question.asked:
                box = self[f"{question.id}_checked"] if question.can_be_checked else None
                rows.append((question, self[question.id], box))
        return rows

    def answers(self) -> dict[str, bool | None]:
        return {q.id: self.cleaned_data[q.id] == "yes" for q in safety.QUESTIONS if q.asked}

    def checked(self) -> list[str]:
        """Ids marked "already checked" that were answered yes (a tick beside a "no" means
        nothing and is not stored)."""
        answers = self.answers()
        return [
            q.id
            for q in safety.QUESTIONS
            if q.asked
            and q.can_be_checked
            and answers.get(q.id)
            and self.cleaned_data.get(f"{q.id}_checked")
        ]


class ConfirmClinicianForm(forms.Form):
    confirm = forms.BooleanField(
        label="A clinician has assessed me since these answers",
        error_messages={"required": "Please tick the box to confirm."},
    )


class MorningForm(forms.Form):
    p_next = PainField(label="How is your back pain this morning, on waking?")


class ActivityForm(forms.Form):
    name = forms.CharField(
        label="An activity you find hard because of your back",
        max_length=psfs.MAX_NAME,
        help_text="For example: putting on socks, getting out of a car, lifting a shopping bag.",
    )


WEEKDAY_CHOICES = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
ALARM_CHOICES = [
    (0, "At the start"),
    (5, "5 minutes before"),
    (10, "10 minutes before"),
    (15, "15 minutes before"),
    (30, "30 minutes before"),
    (60, "1 hour before"),
]
INTERVAL_CHOICES = [(m, f"Every {m} minutes") for m in (20, 25, 30, 45, 60, 90)]


class RemindersForm(forms.Form):
    routine_days = forms.TypedMultipleChoiceField(
        label="Days for your routine",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    routine_time = forms.TimeField(
        label="Time of your routine",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    alarm_minutes = forms.TypedChoiceField(
        label="Alarm", choices=ALARM_CHOICES, coerce=int, initial=10
    )
    sitting_breaks = forms.BooleanField(
        label="Add reminders to take a break from sitting", required=False
    )
    sitting_interval_minutes = forms.TypedChoiceField(
        label="How often", choices=INTERVAL_CHOICES, coerce=int, initial=30
    )
    sitting_days = forms.TypedMultipleChoiceField(
        label="Days with sitting-break reminders",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sitting_from = forms.TimeField(
        label="From",
        initial=time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    sitting_until = forms.TimeField(
        label="Until",
        initial=time(17, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keep a value set elsewhere (the CLI, the break timer) selectable.
        current = self.initial.get("sitting_interval_minutes")
        field = self.fields["sitting_interval_minutes"]
        assert isinstance(field, forms.TypedChoiceField)
        if current and current not in dict(INTERVAL_CHOICES):
            field.choices = sorted([*INTERVAL_CHOICES, (current, f"Every {current} minutes")])

    def settings(self) -> reminders.ReminderSettings:
        data = self.cleaned_data
        return reminders.ReminderSettings(
            routine_days=tuple(data["routine_days"]),
            routine_time=data["routine_time"],
            alarm_minutes=data["alarm_minutes"],
            sitting_breaks=data["sitting_breaks"],
            sitting_interval_minutes=data["sitting_interval_minutes"],
            sitting_days=tuple(data["sitting_days"]),
            sitting_from=data["sitting_from"],
            sitting_until=data["sitting_until"],
        )


class DeleteForm(forms.Form):
    confirmation = forms.CharField(
        label="Type your password to confirm",
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
