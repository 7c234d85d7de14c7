"""Score the article importer against the hand-labelled articles in tests/fixtures/articles.

Each ``NAME.txt`` there is a public exercise article's text as fetched; ``NAME.json`` holds
its address, its split and the exercises it describes, labelled by hand. Splits: ``dev``,
looked at while building the importer; ``heldout``, labelled before the importer was run on
them (their failures were then seen, and some general fixes followed); ``unseen``, ``final``
and ``fresh``, each labelled and added after the importer was finished and scored once before
any fix (docs/article-import.md records those first scores).

Prints, per split, exercise-level precision, recall and F1 and, for each field, exact-match
accuracy over the exercises found. Run as ``python tests/importer/score.py``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from supple.content.loader import load_catalog
from supple.interop.article import import_article

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
FIELDS = ("position", "hold_s", "reps", "sets", "rest_s", "per_side", "frequency")
_FILLER = {"stretch", "stretches", "pose", "exercise", "the", "a", "and", "to"}


def tokens(name: str) -> set[str]:
    words = re.sub(r"[^a-z0-9 ]", " ", name.lower()).split()
    return {w.rstrip("s") for w in words if w not in _FILLER}


def same_exercise(gold: dict[str, object], draft: dict[str, object]) -> bool:
    if gold["name"] is None:
        return not draft["name_given"]
    if not draft["name_given"]:
        return False
    a, b = tokens(str(gold["name"])), tokens(str(draft["name"]))
    return bool(a and b) and (a <= b or b <= a or len(a & b) / len(a | b) >= 0.5)


def frequency_key(value: object) -> tuple[object, ...]:
    if not isinstance(value, dict):
        return (None, None, None)
    return (value.get("times_min"), value.get("times_max"), value.get("per"))


def field_value(exercise: dict[str, object], name: str) -> object:
    return frequency_key(exercise.get(name)) if name == "frequency" else exercise.get(name)


def score_article(stem: str, library: list) -> dict[str, object]:  # type: ignore[type-arg]
    gold = json.loads((ARTICLES / f"{stem}.json").read_text(encoding="utf-8"))
    drafts = [
        d.as_dict() for d in import_article((ARTICLES / f"{stem}.txt").read_bytes(), library).drafts
    ]
    unused = list(drafts)
    pairs = []
    for expected in gold["exercises"]:
        found = next((d for d in unused if same_exercise(expected, d)), None)
        if found is not None:
            unused.remove(found)
            pairs.append((expected, found))
    return {
        "split": gold["split"],
        "gold": len(gold["exercises"]),
        "found": len(drafts),
        "pairs": pairs,
    }


def table(results: list[dict[str, object]]) -> tuple[str, dict[str, dict[str, float]]]:
    lines = []
    figures: dict[str, dict[str, float]] = {}
    for split in ("dev", "heldout", "unseen", "final", "fresh", "all"):
        chosen = [r for r in results if split in ("all", r["split"])]
        pairs = [p for r in chosen for p in r["pairs"]]  # type: ignore[attr-defined]
        gold = sum(int(r["gold"]) for r in chosen)  # type: ignore[call-overload]
        found = sum(int(r["found"]) for r in chosen)  # type: ignore[call-overload]
        precision = len(pairs) / found if found else 0.0
        recall = len(pairs) / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        row = {"articles": float(len(chosen)), "precision": precision, "recall": recall, "f1": f1}
        for name in FIELDS:
            right = sum(1 for g, d in pairs if field_value(g, name) == field_value(d, name))
            row[name] = right / len(pairs) if pairs else 0.0
        figures[split] = row
    header = ["split", "art", "gold", "P", "R", "F1", *FIELDS]
    lines.append(" | ".join(f"{h:>9}" for h in header))
    for split, row in figures.items():
        chosen = [r for r in results if split in ("all", r["split"])]
        gold = sum(int(r["gold"]) for r in chosen)  # type: ignore[call-overload]
        cells = [split, f"{int(row['articles'])}", str(gold)]
        cells += [f"{row[k]:.2f}" for k in ("precision", "recall", "f1", *FIELDS)]
        lines.append(" | ".join(f"{c:>9}" for c in cells))
    return "\n".join(lines), figures


def run() -> dict[str, dict[str, float]]:
    library = list(load_catalog().exercises)
    stems = sorted(p.stem for p in ARTICLES.glob("*.json"))
    text, figures = table([score_article(stem, library) for stem in stems])
    print(text)
    return figures


def details() -> None:
    library = list(load_catalog().exercises)
    for stem in sorted(p.stem for p in ARTICLES.glob("*.json")):
        result = score_article(stem, library)
        print(f"{stem} ({result['split']}): gold {result['gold']}, found {result['found']}")
        for g, d in result["pairs"]:  # type: ignore[attr-defined]
            wrong = [
                f"{n}: {field_value(g, n)} != {field_value(d, n)}"
                for n in FIELDS
                if field_value(g, n) != field_value(d, n)
            ]
            print(f"  {g['name']!r} ~ {d['name']!r} {'; '.join(wrong)}")


if __name__ == "__main__":
    if "--details" in sys.argv:
        details()
    run()
