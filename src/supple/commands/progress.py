"""``supple log`` and ``supple progress``: the session log and the progress summary, as
tables or JSON."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from supple.commands import CommandError, user_database
from supple.commands.terminal import (
    NARROW,
    console,
    dose_text,
    hanging,
    local_today,
    parse_day,
    styled_text,
)
from supple.commands.today import decision_json
from supple.commands.user_database import (
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.domain.catalog import Catalog
    from supple.programs.services import Progress


LOG_DAYS = 30


def log_command(args: argparse.Namespace) -> int:
    from rich.table import Table

    open_database(args)
    from supple.programs.services.counts import exercise_counts
    from supple.programs.services.history import sessions_between

    with database_errors():
        user = pick_user(args)
        day = local_today(user_database.current_time())
        until = parse_day(args.until, "--until") if args.until else day
        since = (
            parse_day(args.since, "--since") if args.since else until - timedelta(days=LOG_DAYS - 1)
        )
        if since > until:
            raise CommandError(f"--since {since} is after --until {until}")
        sessions = sessions_between(user, since, until)
        if args.json:
            print(json.dumps([session_json(s) for s in sessions], indent=2, ensure_ascii=False))
            return 0
        out = console()
        if not sessions:
            out.print(f"No sessions from {since:%d %B %Y} to {until:%d %B %Y}.")
            return 0
        table = Table(
            title=f"Sessions from {since:%d %b %Y} to {until:%d %b %Y}",
            title_justify="left",
            title_style="bold",
        )
        for column in ("Date", "Started", "Status", "Before", "After", "Next morning", "Done"):
            table.add_column(column)
        table.add_column("Worst during", justify="right")
        for s in sessions:
            entries = list(s.entries.all())
            counts = exercise_counts(s, entries)  # an exercise cut short is not "done"
            done = f"{counts.done} of {len(s.plan)}" + (
                f" (+{counts.partly} partly)" if counts.partly else ""
            )
            worst = max((e.p_during for e in entries if e.p_during is not None), default=None)
            status = s.get_status_display() + (" (flare)" if s.flare else "")
            table.add_row(
                f"{s.date:%a %d %b}",
                f"{_local(s.started_at):%H:%M}",
                status,
                _pain(s.p_pre),
                _pain(s.p_post),
                _pain(s.p_next),
                done,
                _pain(worst) + (" spread" if s.spread or any(e.spread for e in entries) else ""),
            )
        out.print(table)
        out.print(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''}.")
    return 0


def _local(moment: datetime) -> datetime:
    from django.utils import timezone

    return timezone.localtime(moment)


def _pain(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def session_json(s: Any) -> dict[str, Any]:
    return {
        "id": str(s.client_id),
        "date": s.date.isoformat(),
        "started_at": s.started_at.isoformat(),
        "ended_at": s.ended_at.isoformat() if s.ended_at else None,
        "status": s.status,
        "flare": s.flare,
        "phase": s.phase,
        "source": s.source,
        "p_pre": s.p_pre,
        "p_post": s.p_post,
        "p_next": s.p_next,
        "spread": s.spread,
        "exercises": [
            {
                "position": e.position,
                "exercise": e.exercise,
                "hold_s": e.hold_s,
                "reps": e.reps,
                "sets": e.sets,
                "p_during": e.p_during,
                "spread": e.spread,
                "completed": e.completed,
                "skipped": e.skipped,
                "swapped_from": e.swapped_from or None,
            }
            for e in s.entries.all()
        ],
    }


def progress_json(progress: Progress) -> dict[str, Any]:
    def adherence(a: Any) -> dict[str, int]:
        return {"days": a.days, "done": a.done, "planned": a.planned, "percent": a.percent}

    return {
        "adherence_7": adherence(progress.adherence_7),
        "adherence_28": adherence(progress.adherence_28),
        "streak": progress.streak,
        "pain": [
            {
                "date": p.date.isoformat(),
                "label": p.label,
                "p_pre": p.p_pre,
                "p_post": p.p_post,
                "p_next": p.p_next,
            }
            for p in progress.pain
        ],
        "decisions": [decision_json(d) for d in progress.decisions],
    }


def progress_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    with database_errors():
        user = pick_user(args)
        day = local_today(user_database.current_time())
        progress = services.progress_for(user, day)
        if args.json:
            print(json.dumps(progress_json(progress), indent=2, ensure_ascii=False))
            return 0
        from supple.library.services import current_catalog

        show_progress(console(), progress, day, current_catalog())
    return 0


def show_progress(out: Any, progress: Progress, day: date, catalog: Catalog) -> None:
    from supple.commands import terminal_chart as chart

    a7, a28 = progress.adherence_7, progress.adherence_28
    out.print("[bold]Adherence[/bold]")
    out.print(
        f"  Last 7 days: {a7.done} of {a7.planned} planned days ({a7.percent}%)\n"
        f"  Last 28 days: {a28.done} of {a28.planned} planned days ({a28.percent}%)\n"
        f"  Streak: {progress.streak} day{'s' if progress.streak != 1 else ''} in a row",
        markup=False,
    )
    out.print("\n[bold]Pain (0-10), one column a day, · = not logged[/bold]")
    out.print(f"  {progress.summary}", markup=False)
    if not progress.pain:
        out.print("  No sessions in the last 90 days yet.")
    else:
        width = max(14, min(90, (out.width or 80) - 16))
        series = {
            "Before": chart.daily([(p.date, p.p_pre) for p in progress.pain]),
            "After": chart.daily([(p.date, p.p_post) for p in progress.pain]),
            "Next morning": chart.daily([(p.date, p.p_next) for p in progress.pain]),
        }
        for line in chart.chart(series, day, width):
            out.print(line, markup=False, highlight=False)
        out.print("  Weekly average:", markup=False)
        for name, points in series.items():
            this = chart.mean(points, day - timedelta(days=6), day)
            last = chart.mean(points, day - timedelta(days=13), day - timedelta(days=7))
            out.print(
                f"    {name:<13} last 7 days {_mean(this)}, the 7 days before {_mean(last)}",
                markup=False,
            )
    out.print("\n[bold]Exercises: level and decisions[/bold]")
    if not progress.decisions:
        out.print("  No decisions yet: they come the day after your sessions.")
        return

    names = {e.id: e.name for e in catalog.exercises}
    by_ladder: dict[str, list[Any]] = {}
    for decision in progress.decisions:
        by_ladder.setdefault(decision.ladder, []).append(decision)
    narrow = (out.width or 80) < NARROW
    for decisions in by_ladder.values():
        latest = decisions[-1]
        after = latest.after
        name = _exercise_name(catalog, after.get("exercise", latest.exercise))
        out.print(hanging("  ", f"{name}: now {dose_text(after, catalog)}", "bold"))
        if narrow:
            show_decisions_stacked(out, decisions[-6:], names)
        else:
            show_decisions_table(out, decisions[-6:], names)
        if len(decisions) > 6:
            out.print(f"    ... and {len(decisions) - 6} earlier (`supple progress --json`)")


def show_decisions_stacked(out: Any, decisions: list[Any], names: dict[str, str]) -> None:
    """Each decision over two lines: the date and its light, then what changed."""
    from supple.programs.services.words import change_line

    for d in decisions:
        out.print(hanging("    ", f"{d.made_on:%d %b}: {d.colour}", _COLOUR.get(d.colour, "")))
        out.print(hanging("      ", change_line(d, names).sentence))


def show_decisions_table(out: Any, decisions: list[Any], names: dict[str, str]) -> None:
    from rich.table import Table

    from supple.programs.services.words import change_line

    table = Table(show_header=True, box=None, padding=(0, 1), pad_edge=False)
    table.add_column("    Date")
    table.add_column("Light")
    table.add_column("What changed")
    for d in decisions:
        words = change_line(d, names)
        table.add_row(
            f"    {d.made_on:%d %b}",
            styled_text(d.colour, _COLOUR.get(d.colour, "")),
            styled_text(words.sentence),
        )
    out.print(table)


_COLOUR = {"green": "green", "amber": "yellow", "red": "bold red"}


def _mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _exercise_name(catalog: Catalog, exercise_id: str) -> str:
    return catalog.exercise(exercise_id).name if exercise_id in catalog else exercise_id
