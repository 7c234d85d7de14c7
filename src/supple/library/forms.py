from __future__ import annotations

from django import forms

from supple.domain import catalog as domain


def _options(values: tuple[str, ...], anything: str) -> list[tuple[str, str]]:
    return [("", anything), *((v, v.replace("-", " ").capitalize()) for v in values)]


class ExerciseFilterForm(forms.Form):
    search = forms.CharField(required=False, max_length=100, label="Search")
    position = forms.ChoiceField(
        required=False, choices=_options(domain.POSITIONS, "Any position"), label="Position"
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
        choices=[("", "Any phase"), *((str(p), f"Phase {p}") for p in domain.PHASES)],
        label="Phase",
    )
