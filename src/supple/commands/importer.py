"""``supple import FILE|-``: an exercise article as draft library entries (nothing is stored)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError

if TYPE_CHECKING:
    from supple.interop.article import Draft

_LIMIT = 5 * 1024 * 1024


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="read an exercise article into draft library entries",
        description="Read an exercise article (plain text or saved HTML) and print one draft "
        "per exercise it describes, with the sentences each dose came from. Stores nothing.",
    )
    parser.add_argument("file", metavar="FILE", help="the article's file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=import_article_command)


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(_LIMIT + 1)
    path = Path(name)
    try:
        if path.stat().st_size > _LIMIT:
            raise CommandError(f"{name}: the file is over 5 MB, the most an article may be")
        with path.open("rb") as handle:
            return handle.read(_LIMIT + 1)
    except IsADirectoryError:
        raise CommandError(f"{name}: is a directory, not an article") from None
    except OSError as error:
        raise CommandError(f"{name}: {error.strerror or error}") from None


def import_article_command(args: argparse.Namespace) -> int:
    from supple.content.loader import load_catalog
    from supple.interop.article import ArticleError, import_article

    data = _read(args.file)
    try:
        result = import_article(data, load_catalog().exercises)
    except ArticleError as error:
        raise CommandError(f"{args.file}: {error}") from None
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return 0
    for note in result.notes:
        print(note)
    for number, draft in enumerate(result.drafts, 1):
        print(_human(number, draft))
    return 0


def _span(value: Any, unit: str = "") -> str:
    if value is None:
        return "not stated"
    low, high = value.as_list()
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def _human(number: int, draft: Draft) -> str:
    name = draft.name if draft.name_given else f"{draft.name} (name made up: the text gives none)"
    side = {True: "yes", False: "no", None: "not stated"}[draft.per_side]
    often = draft.frequency["text"] if draft.frequency else "not stated"
    lines = [
        f"{number}. {name}",
        f"   library match: {draft.match or 'none (new exercise)'}",
        f"   position: {draft.position or 'not stated'}",
        f"   hold: {_span(draft.hold_s, ' s')} · reps: {_span(draft.reps)} · sets: "
        f"{_span(draft.sets)} · rest: {_span(draft.rest_s, ' s')}",
        f"   each side: {side} · how often: {often}",
    ]
    lines += [f"   note: {note}" for note in draft.notes]
    for field, quotes in draft.sources.items():
        for quote in quotes:
            lines.append(f"   [{field}] “{quote}”")
    return "\n".join(lines)
