from __future__ import annotations

from django import forms

from supple.domain import catalog as domain
from supple.domain.words import position_words, stage_words


def _options(values: tuple[str, ...], anything: str) -> list[tuple[str, str]]:
    return [("", anything), *((v, v.replace("-", " ").capitalize()) for v in values)]


class ExerciseFilterForm(forms.Form):
    search = forms.CharField(required=False, max_length=100, label="Search")
    position = forms.ChoiceField(
        required=False,
        choices=[("", "Any position")]
        + [(p, position_words(p).capitalize()) for p in domain.POSITIONS],
        label="Position",
    )
    surface = forms.ChoiceField(
        required=False, choices=_options(domain.SURFACES, "Anywhere"), label="Where"
    )
    kind = forms.ChoiceField(
        required=False, choices=_options(domain.KINDS, "Any kind"), label="Kind"
    )
    phase = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Any part of the program"),
            *((str(p), stage_words(p)) for p in domain.PHASES),
        ],
        label="Phase",
    )
