"""Write a contact sheet of every exercise's key poses to a PNG, for reviewing the figures.

    .venv/bin/python scripts/figures.py [--out build/figures.png] [--only ID[,ID...]]

Each row is one exercise: its key poses in order (and the other side's last pose when the
dose is per side), drawn by the same renderer as the web and terminal pictures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from supple.content import ContentError, load_catalog  # noqa: E402
from supple.domain.catalog import Catalog  # noqa: E402
from supple.figures.render import contact_sheet  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "figures.png")
    parser.add_argument("--only", help="comma-separated exercise ids")
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog()
    except ContentError as error:
        print(f"figures: the library files are broken: {error}", file=sys.stderr)
        return 1
    exercises = catalog.exercises
    if args.only:
        wanted = args.only.split(",")
        unknown = [i for i in wanted if i not in catalog]
        if unknown:
            print(f"figures: unknown exercise ids: {', '.join(unknown)}", file=sys.stderr)
            return 2
        exercises = tuple(catalog.exercise(i) for i in wanted)
    missing = [e.id for e in exercises if e.figure is None]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(contact_sheet(Catalog(exercises=exercises)))
    drawn = len(exercises) - len(missing)
    print(f"Wrote {args.out} ({drawn} exercises)")
    if missing:
        print(f"figures: no figure for: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
