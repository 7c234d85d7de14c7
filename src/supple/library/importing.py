"""Article import in the web app: read an article into drafts, show where each field came
from, accept an edited draft into the library or a clinic's own exercises.

Nothing here reads or writes ``Exercise``: accepted drafts live in ``ImportedExercise``,
which the engine and the catalog never read (see that model for why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from supple.accounts.models import User
from supple.interop.article import ArticleError, import_article
from supple.interop.article.decode import article_text
from supple.library import services
from supple.library.models import ArticleImport, Exercise, ImportedExercise

__all__ = ["ArticleError", "Segment", "accept", "article_paragraphs", "start_import"]

FIELD_NAMES = {
    "name": "name",
    "position": "position",
    "steps": "steps",
    "hold_s": "hold",
    "reps": "repetitions",
    "sets": "sets",
    "rest_s": "rest",
    "per_side": "each side",
    "frequency": "how often",
    "cautions": "cautions",
}


class NoExercises(ArticleError):
    """An article the importer read but in which it found no exercise."""


class AlreadyAccepted(Exception):
    """The draft was accepted before (another tab, a second press)."""


def start_import(user: User, data: bytes, address: str, now: datetime) -> ArticleImport:
    """The article read and kept for review; ArticleError for input that is no article,
    NoExercises when nothing in it is an exercise (nothing is kept then)."""
    result = import_article(data, services.current_catalog().exercises)
    if not result.drafts:
        raise NoExercises("; ".join(result.notes) or "no exercises found in this article")
    drafts = [dict(d.as_dict(), accepted=None) for d in result.drafts]
    return ArticleImport.objects.create(
        created_by=user, created_at=now, address=address, text=article_text(data), drafts=drafts
    )


@dataclass(frozen=True)
class Segment:
    text: str
    # The drafts (numbered from 1) and fields whose source this sentence is, if any.
    sources: tuple[tuple[int, str], ...] = ()

    @property
    def label(self) -> str:
        return "; ".join(f"draft {n}: {field}" for n, field in self.sources)


def _quotes(drafts: list[dict[str, Any]]) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for number, draft in enumerate(drafts, 1):
        for field, quotes in draft.get("sources", {}).items():
            for quote in quotes:
                found.setdefault(quote, []).append((number, FIELD_NAMES.get(field, field)))
    return found


def article_paragraphs(text: str, drafts: list[dict[str, Any]]) -> list[list[Segment]]:
    """The article's lines, each cut into plain text and the source sentences in it."""
    quotes = _quotes(drafts)
    pattern = (
        re.compile("|".join(re.escape(q) for q in sorted(quotes, key=len, reverse=True)))
        if quotes
        else None
    )
    paragraphs = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        segments, at = [], 0
        for match in pattern.finditer(line) if pattern else ():
            if match.start() > at:
                segments.append(Segment(line[at : match.start()]))
            segments.append(Segment(match.group(), tuple(quotes[match.group()])))
            at = match.end()
        if at < len(line):
            segments.append(Segment(line[at:]))
        paragraphs.append(segments)
    return paragraphs


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {
        name: data[name]
        for name in ("name", "position", "steps", "cautions", "per_side", "frequency")
    }
    for name in ("hold_s", "reps", "sets", "rest_s"):
        fields[f"{name}_min"], fields[f"{name}_max"] = data[f"{name}_min"], data[f"{name}_max"]
    return fields


def accept(
    user: User,
    article: ArticleImport,
    number: int,
    data: dict[str, Any],
    clinic_id: int | None,
    now: datetime,
) -> ImportedExercise:
    """Draft ``number`` as edited (``data``) into the library (``clinic_id`` None) or that
    clinic's own exercises. A library draft matched to a known exercise adds its article and
    quotes to that exercise instead of a second entry. Both writes or neither."""
    with transaction.atomic():
        locked = ArticleImport.objects.select_for_update().get(pk=article.pk)
        draft = locked.drafts[number - 1]
        if draft.get("accepted"):
            raise AlreadyAccepted
        match = draft.get("match") if clinic_id is None else None
        adds_to = Exercise.objects.filter(pk=match).first() if match else None
        entry = ImportedExercise.objects.create(
            clinic_id=clinic_id,
            adds_to=adds_to,
            address=locked.address,
            quotes=draft.get("sources", {}),
            created_by=user,
            created_at=now,
            **_fields(data),
        )
        draft["accepted"] = "clinic" if clinic_id else ("sources" if adds_to else "library")
        locked.save(update_fields=["drafts"])
    article.drafts = locked.drafts
    return entry
