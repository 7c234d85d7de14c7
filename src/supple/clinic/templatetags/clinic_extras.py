"""Small filters for the clinic's pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pain_mean(value: float | None) -> str:
    """A weekly mean pain to one decimal, or a dash when there was no score."""
    return "–" if value is None else f"{value:.1f}"
