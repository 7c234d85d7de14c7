"""Template filters for plain words on patient pages (see supple.domain.words)."""

from __future__ import annotations

from django import template

from supple.domain.words import position_words as _position_words
from supple.domain.words import stage_words as _stage_words

register = template.Library()


@register.filter
def position_words(value: str) -> str:
    """``{{ exercise.position|position_words }}`` -> "on your back"."""
    return _position_words(str(value))


@register.filter
def stage_words(phases: object) -> str:
    """``{{ exercise.phases|stage_words }}`` -> "Gentle start, Building up"."""
    values = phases if isinstance(phases, list | tuple) else [phases]
    return ", ".join(_stage_words(int(str(p))) for p in values)
