"""Forms of the article review page: the article to read, and one draft to edit."""

from __future__ import annotations

from typing import Any

from django import forms

from supple.domain import catalog as domain
from supple.interop.article import MAX_BYTES

DOSES = (("hold_s", "Hold (seconds)"), ("reps", "Repetitions"), ("sets", "Sets"))
DOSES_ALL = (*DOSES, ("rest_s", "Rest (seconds)"))
_SIDES = (("", "Not stated"), ("yes", "Yes, each side"), ("no", "No"))


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="Paste the article's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BYTES,
    )
    page = forms.FileField(
        label="Or upload a saved page (HTML or text, up to 5 MB)", required=False
    )
    address = forms.URLField(
        label="The article's address (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        page = data.get("page")
        if page is not None and page.size > MAX_BYTES:
            self.add_error("page", "The file is over 5 MB, the most an article may be.")
        elif not data.get("text", "").strip() and page is None:
            raise forms.ValidationError("Paste the article's text or choose a saved page.")
        return data

    def article_bytes(self) -> bytes:
        page = self.cleaned_data.get("page")
        if page is not None:
            return bytes(page.read(MAX_BYTES + 1))
        return str(self.cleaned_data["text"]).encode("utf-8")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DraftForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    position = forms.ChoiceField(
        label="Position",
        required=False,
        choices=[("", "Not stated"), *((p, p.replace("-", " ")) for p in domain.POSITIONS)],
    )
    steps = forms.CharField(
        label="Steps (one a line)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    per_side = forms.ChoiceField(label="Each side", required=False, choices=_SIDES)
    frequency = forms.CharField(label="How often", required=False, max_length=200)
    cautions = forms.CharField(
        label="Cautions (one a line)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in DOSES_ALL:
            for end, word in (("min", "from"), ("max", "to")):
                self.fields[f"{name}_{end}"] = forms.IntegerField(
                    label=f"{label} {word}", required=False, min_value=0, max_value=3600
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, _ in DOSES_ALL:
            low, high = data.get(f"{name}_min"), data.get(f"{name}_max")
            if (low is None) != (high is None):
                self.add_error(f"{name}_max", "Give both ends of the range, or neither.")
            elif low is not None and high is not None and low > high:
                self.add_error(f"{name}_max", "The top of the range is below its bottom.")
        data["steps"] = _lines(data.get("steps", ""))
        data["cautions"] = _lines(data.get("cautions", ""))
        data["per_side"] = {"yes": True, "no": False}.get(data.get("per_side") or "")
        return data

    def dose_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(label, self[f"{n}_min"], self[f"{n}_max"]) for n, label in DOSES_ALL]


def initial_from_draft(draft: dict[str, Any]) -> dict[str, Any]:
    """The form's starting values: what the importer read."""
    initial: dict[str, Any] = {
        "name": draft["name"],
        "position": draft.get("position") or "",
        "steps": "\n".join(draft.get("steps", [])),
        "per_side": {True: "yes", False: "no"}.get(bool(draft["per_side"]))
        if draft.get("per_side") is not None
        else "",
        "frequency": (draft.get("frequency") or {}).get("text", ""),
        "cautions": "\n".join(draft.get("cautions", [])),
    }
    for name, _ in DOSES_ALL:
        value = draft.get(name)
        initial[f"{name}_min"], initial[f"{name}_max"] = value if value else (None, None)
    return initial
