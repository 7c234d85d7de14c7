"""``supple exercises``, ``show``, ``routines``, ``tips`` and ``library load``.

The listing commands read the shipped library files, so they work without a database and
print the same thing on every machine; ``library load`` copies those files into the
database that the web app (and its admin) uses.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError

if TYPE_CHECKING:
    from supple.domain.catalog import Catalog, Exercise

# Kept here (not imported from the domain) so that `supple --help` imports nothing heavy;
# a test checks they equal the domain's vocabularies.
POSITIONS = ("supine", "prone", "side-lying", "seated", "standing", "quadruped", "kneeling")
SURFACES = ("floor", "bed", "chair", "standing")
KINDS = ("breathing", "mobility", "stretch", "control", "strength", "functional")


def register(subparsers: Any) -> None:
    exercises = subparsers.add_parser(
        "exercises", help="list the exercise library", description="List the exercise library."
    )
    exercises.add_argument("--position", choices=POSITIONS)
    exercises.add_argument("--surface", choices=SURFACES, help="where it can be done")
    exercises.add_argument("--kind", choices=KINDS)
    exercises.add_argument("--phase", type=int, choices=(1, 2, 3))
    exercises.add_argument("--search", metavar="WORDS", help="search names, aliases, summaries")
    exercises.add_argument("--json", action="store_true", help="print JSON")
    exercises.set_defaults(handler=list_exercises)

    show = subparsers.add_parser("show", help="show one exercise", description="Show one exercise.")
    show.add_argument("id", help="the exercise's id, e.g. knee-to-chest")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument(
        "--figure",
        metavar="PNG",
        help="also write the exercise's start and end positions as a PNG image (- for stdout)",
    )
    show.set_defaults(handler=show_exercise)

    routines = subparsers.add_parser(
        "routines", help="list the routines", description="List the named routines and phases."
    )
    routines.add_argument("--json", action="store_true", help="print JSON")
    routines.set_defaults(handler=list_routines)

    tips = subparsers.add_parser(
        "tips", help="advice for everyday life", description="Education: sitting, lifting..."
    )
    tips.add_argument("--json", action="store_true", help="print JSON")
    tips.set_defaults(handler=list_tips)

    library = subparsers.add_parser(
        "library", help="manage the library in the database", description="Library tasks."
    )
    library_commands = library.add_subparsers(title="library commands", metavar="TASK")
    load = library_commands.add_parser(
        "load",
        help="copy the shipped library into the database",
        description=(
            "Copy the shipped library files into the database. Safe to run again: only "
            "changes are written, and entries edited in the admin are kept."
        ),
    )
    load.set_defaults(handler=load_command)


def shipped_catalog() -> Catalog:
    from supple.content import ContentError, load_catalog

    try:
        return load_catalog()
    except ContentError as error:
        raise CommandError(f"the library files are broken: {error}") from None


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def list_exercises(args: argparse.Namespace) -> int:
    catalog = shipped_catalog()
    found = catalog.find(
        position=args.position,
        surface=args.surface,
        kind=args.kind,
        phase=args.phase,
        text=args.search,
    )
    if args.json:
        print_json([exercise.as_dict() for exercise in found])
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(found)} of {len(catalog.exercises)} exercises", expand=False)
    table.add_column("exercise (id)", no_wrap=True)
    table.add_column("kind · position · where", overflow="fold")
    table.add_column("dose", overflow="fold")
    for exercise in found:
        table.add_row(
            f"{exercise.name}\n[dim]{exercise.id}[/dim]",
            f"{exercise.kind} · {exercise.position} · {', '.join(exercise.surfaces)}",
            exercise.dosage_text,
        )
    Console().print(table)
    return 0


def find_exercise_id(catalog: Any, text: str) -> str:
    """An exercise's id from its id or its name, in any case ("Bridge", "KNEE-TO-CHEST")."""
    word = text.strip().lower()
    for exercise in catalog.exercises:
        if word in (exercise.id, exercise.name.lower()):
            return str(exercise.id)
    return word


def exercise_hint(catalog: Any, text: str) -> str:
    """ " (did you mean bridge?)", from the ids and the names, for a near miss."""
    import difflib

    by_name = {e.name.lower(): e.id for e in catalog.exercises}
    by_name.update({e.id: e.id for e in catalog.exercises})
    close = difflib.get_close_matches(text.strip().lower(), list(by_name), n=5, cutoff=0.6)
    ids = list(dict.fromkeys(by_name[c] for c in close))[:3]
    return f" (did you mean {' or '.join(ids)}?)" if ids else ""


def show_exercise(args: argparse.Namespace) -> int:
    from supple.domain.catalog import UnknownId

    catalog = shipped_catalog()
    try:
        exercise = catalog.exercise(find_exercise_id(catalog, args.id))
    except UnknownId:
        raise CommandError(
            f"no exercise has the id {args.id!r}{exercise_hint(catalog, args.id)} "
            "(see `supple exercises` for the ids)"
        ) from None
    if args.figure == "-":
        # The image alone on stdout (piped to a viewer); nothing else may be printed.
        return write_figure(exercise, "-")
    if args.json:
        print_json(exercise.as_dict())
    else:
        print_exercise(catalog, exercise)
    if args.figure:
        return write_figure(exercise, args.figure, quiet=args.json)
    return 0


def print_exercise(catalog: Catalog, exercise: Exercise) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    console.print(f"[bold]{exercise.name}[/bold]  ({exercise.id})")
    if exercise.aliases:
        console.print("Also called " + ", ".join(exercise.aliases))
    console.print(exercise.summary)
    console.print(f"\n[bold]{exercise.dosage_text}[/bold]")
    console.print(
        f"{exercise.kind} · {exercise.position} · {', '.join(exercise.surfaces)} · "
        f"{exercise.direction} · phases {', '.join(map(str, exercise.phases))}"
    )
    if exercise.equipment:
        console.print("Equipment: " + ", ".join(exercise.equipment))
    sections = (
        ("Steps", exercise.steps, True),
        ("Take care", exercise.cautions, False),
        ("Tips", exercise.tips, False),
        ("Notes on the sources", exercise.notes, False),
    )
    for title, items, numbered in sections:
        if items:
            console.print(f"\n[bold]{title}[/bold]")
            for number, item in enumerate(items, 1):
                console.print(f"  {number}. {item}" if numbered else f"  - {item}")
    ladder = catalog.ladder(exercise.id)
    if len(ladder) > 1:
        console.print("\n[bold]Ladder[/bold] (easier → harder)")
        console.print(
            "  "
            + " → ".join(
                f"[bold]{e.name}[/bold]" if e.id == exercise.id else e.name for e in ladder
            )
        )
    if exercise.sources:
        console.print("\n[bold]Sources[/bold]")
        for source in exercise.sources:
            console.print(f"  {source.seed}: “{source.display_quote}”")


def write_figure(exercise: Exercise, target: str, quiet: bool = False) -> int:
    """Write the still start/end strip as PNG to ``target`` (a path, or - for stdout)."""
    import sys
    from pathlib import Path

    from supple.figures.render import still_strip_png

    if exercise.figure is None:
        raise CommandError(f"{exercise.id} has no figure")
    if not target.lower().endswith(".png") and target != "-":
        raise CommandError(f"--figure {target}: give a file name ending in .png (or - for stdout)")
    data = still_strip_png(exercise)
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(target)
    # Written whole to a temporary name first, so a failure leaves nothing half-written.
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from None
    if not quiet:
        print(f"Wrote {target}: {exercise.name}, start and end positions ({len(data)} bytes).")
    return 0


def list_routines(args: argparse.Namespace) -> int:
    catalog = shipped_catalog()
    if args.json:
        print_json([routine.as_dict() for routine in catalog.routines])
        return 0
    from rich.console import Console

    console = Console(highlight=False)
    for routine in catalog.routines:
        console.print(f"\n[bold]{routine.name}[/bold]  ({routine.id})")
        console.print(routine.summary)
        for number, exercise in enumerate(catalog.select(routine.members), 1):
            console.print(f"  {number}. {exercise.name}")
    return 0


def list_tips(args: argparse.Namespace) -> int:
    catalog = shipped_catalog()
    if args.json:
        print_json([topic.as_dict() for topic in catalog.topics])
        return 0
    from rich.console import Console

    console = Console(highlight=False)
    for topic in catalog.topics:
        console.print(f"\n[bold]{topic.title}[/bold]")
        console.print(topic.summary)
        for number, step in enumerate(topic.steps, 1):
            console.print(f"  {number}. {step}")
        for point in topic.points:
            console.print(f"  - {point}")
    return 0


def load_command(args: argparse.Namespace) -> int:
    from supple.commands.server import init_database, load_into_database, setup_django

    setup_django()
    init_database(verbose=False)
    report = load_into_database()
    print(f"Library loaded: {report}.")
    return 0
