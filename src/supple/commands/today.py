"""``supple today`` and ``supple why``: today's routine, what stands before it, and the
reason for every change."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from supple.commands import user_database
from supple.commands.terminal import (
    NARROW,
    OUTCOME_STYLE,
    console,
    dose_text,
    hanging,
    join_parts,
    local_today,
    minutes_text,
    styled_text,
)
from supple.commands.user_database import (
    database_errors,
    open_database,
    pick_user,
)

if TYPE_CHECKING:
    from supple.domain.catalog import Catalog
    from supple.programs.services import SafetyStatus, Today


def safety_lines(status: SafetyStatus, program: Any, today: date) -> list[tuple[str, str]]:
    """What stands between the person and today's session, as (text, style) lines."""
    lines: list[tuple[str, str]] = []
    if status.locked_until is not None:
        return [(status.message, OUTCOME_STYLE["emergency"])]
    if status.needs_confirmation:
        lines.append((status.message, OUTCOME_STYLE.get(status.outcome or "", "bold")))
        lines.append(
            (
                "When a clinician has assessed you (or cleared you to start): "
                "`supple confirm-clinician`.",
                "",
            )
        )
    elif status.due:
        lines.append(
            (
                f"The safety questions are due: {status.due_reason}. "
                "Answer them with `supple screen`.",
                "bold yellow",
            )
        )
    elif status.outcome == "gp":
        lines.append((status.message, "yellow"))
    from supple.programs.services.planning import pause_unanswered
    from supple.programs.services.words import program_sentence

    if pause_unanswered(program, status) and program.made_on >= today - timedelta(days=1):
        lines.append((program_sentence(program), "bold red"))
    return lines


def show_notice(out: Any, notice: Any) -> None:
    """A new version of a prescribed program, in the clinician's words (R-11-versions)."""
    out.print(
        styled_text(
            f"Your physiotherapist changed your program: {notice.version.note}", "bold cyan"
        )
    )
    for line in notice.changes:
        out.print(f"- {line}", markup=False)
    out.print()


def show_today(out: Any, today: Today, now: datetime) -> None:
    day = local_today(now)
    if today.notice is not None:
        show_notice(out, today.notice)
    for line, style in safety_lines(today.status, today.program, day):
        out.print(styled_text(line, style))
    if today.status.locked_until is not None:
        return
    if today.morning_session is not None:
        out.print(
            styled_text(
                "How was your pain on waking? Tell Supple with `supple morning`.", "bold cyan"
            )
        )
    plan = today.plan
    if plan is None:
        return
    if plan.blocked is not None or not plan.items:
        out.print(styled_text(f"No exercises today ({plan.blocked or 'nothing fits'}).", "bold"))
        for note in plan.notes:
            out.print(f"- {note}", markup=False)
        return
    from supple.library.services import current_catalog

    catalog = current_catalog()
    from supple.programs.services.words import change_line

    changes = {c.ladder: change_line(c, today.names) for c in today.changes}
    if today.morning_session is not None or safety_lines(today.status, today.program, day):
        out.print()
    title = f"Today, {day:%A %d %B}: phase {plan.phase}, about {minutes_text(plan.seconds)}"
    if plan.flare:
        title += " - flare-day routine"
    if (out.width or 80) < NARROW:
        show_today_stacked(out, today, title, changes, catalog)
    else:
        show_today_table(out, today, title, changes, catalog)
    if today.day.words():
        out.print(today.day.words(), markup=False)
    if today.active_session is not None:
        out.print("A session started today is not finished.")


def show_today_stacked(
    out: Any, today: Today, title: str, changes: dict[str, Any], catalog: Catalog
) -> None:
    """Each exercise over two or three lines: its name, its dose and time, what changed."""

    plan = today.plan
    assert plan is not None
    day, _, rest = title.partition(": ")
    out.print(styled_text(day, "bold"))
    out.print(styled_text(rest[:1].upper() + rest[1:], "bold"))
    for n, item in enumerate(plan.items, start=1):
        change = changes.get(item.ladder)
        lead = f"{n}. "
        out.print(hanging(lead, today.names.get(item.exercise, item.exercise), "bold"))
        indent = " " * len(lead)
        parts = [*dose_text(item, catalog).split(" · "), minutes_text(item.seconds)]
        for line in join_parts(parts, (out.width or 80) - len(indent)):
            out.print(hanging(indent, line))
        if change is not None:
            out.print(hanging(indent, change.sentence, "dim"))


def show_today_table(
    out: Any, today: Today, title: str, changes: dict[str, Any], catalog: Catalog
) -> None:
    from rich.table import Table

    plan = today.plan
    assert plan is not None
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column("#", justify="right")
    table.add_column("Exercise")
    table.add_column("Dose")
    table.add_column("Time", justify="right")
    table.add_column("Since last time")
    for n, item in enumerate(plan.items, start=1):
        change = changes.get(item.ladder)
        table.add_row(
            str(n),
            styled_text(today.names.get(item.exercise, item.exercise)),
            dose_text(item, catalog),
            minutes_text(item.seconds),
            # One plain sentence; `supple why` gives the full reason.
            styled_text(change.sentence if change else "-"),
        )
    out.print(table)


def decision_json(decision: Any) -> dict[str, Any]:
    return {
        "exercise": decision.exercise,
        "ladder": decision.ladder,
        "made_on": decision.made_on.isoformat(),
        "colour": decision.colour,
        "decision": decision.decision,
        "reason": decision.reason,
        "before": decision.before,
        "after": decision.after,
    }


def today_json(today: Today, now: datetime) -> dict[str, Any]:
    from supple.library.services import current_catalog

    catalog = current_catalog()
    status = today.status
    plan = today.plan
    changes = {c.ladder: c for c in today.changes}
    items = []
    for item in plan.items if plan is not None else ():
        change = changes.get(item.ladder)
        items.append(
            {
                **item.as_dict(),
                "name": today.names.get(item.exercise, item.exercise),
                "dose": dose_text(item, catalog),
                "change": None
                if change is None
                else {
                    "decision": change.decision,
                    "colour": change.colour,
                    "reason": change.reason,
                },
            }
        )
    program = today.program
    return {
        "date": local_today(now).isoformat(),
        "phase": plan.phase if plan else None,
        "flare": today.flare,
        "seconds": plan.seconds if plan else 0,
        "blocked": "emergency" if status.locked_until else (plan.blocked if plan else None),
        "items": items,
        "notes": list(plan.notes) if plan else [],
        "changes": [decision_json(c) for c in today.changes],
        "program": None
        if program is None
        else {
            "made_on": program.made_on.isoformat(),
            "action": program.action,
            "trend": program.trend,
            "reason": program.reason,
            "phase_before": program.phase_before,
            "phase_after": program.phase_after,
        },
        "safety": {
            "outcome": status.outcome,
            "may_exercise": status.may_exercise,
            "due": status.due,
            "due_reason": status.due_reason,
            "locked_until": status.locked_until.isoformat() if status.locked_until else None,
            "needs_confirmation": status.needs_confirmation,
            "message": status.message,
        },
        "morning_check_due": today.morning_session is not None,
        "sessions_today": today.sessions_today,
    }


def today_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    with database_errors():
        user = pick_user(args)
        now = user_database.current_time()
        from supple.programs.services import flare

        if args.flare:
            flare.mark_flare(user, now)  # remembered for the day: `go` and the web see it
        elif args.eased:
            flare.ease_flare(user, now)
        today = services.today_for(user, now)
        if args.json:
            print(json.dumps(today_json(today, now), indent=2, ensure_ascii=False))
        else:
            show_today(console(), today, now)
    return 0


def why_command(args: argparse.Namespace) -> int:

    open_database(args)
    from supple.programs import services

    out = console()
    with database_errors():
        user = pick_user(args)
        now = user_database.current_time()
        today = services.today_for(user, now)
        day = local_today(now)
        status = today.status
        out.print("[bold]Safety check[/bold]")
        if status.latest is None:
            out.print("- Not answered yet: `supple screen` or `supple start`.", markup=False)
        else:
            out.print(
                f"- Last answered {status.latest.taken_at:%d %B %Y}: {status.outcome}.",
                markup=False,
            )
        for line, style in safety_lines(status, today.program, day):
            out.print(styled_text(f"- {line}", style))
        if status.locked_until is not None:
            return 0
        program = today.program
        out.print("\n[bold]The program[/bold]")
        if program is None:
            out.print(
                "- No decision yet: decisions come the day after your first session.",
                markup=False,
            )
        else:
            out.print(
                f"- {program.made_on:%d %B}: {program.action}, pain trend {program.trend}. "
                f"{program.reason}",
                markup=False,
            )
            if program.phase_after != program.phase_before:
                out.print(f"- Phase {program.phase_before} -> {program.phase_after}.", markup=False)
        out.print("\n[bold]Changes to your exercises[/bold]")
        if not today.changes:
            out.print("- None since last time.", markup=False)
        from supple.programs.services.words import change_line

        for change in today.changes:
            said = change_line(change, today.names)
            out.print(styled_text(f"- {said.sentence} ({change.colour}) Why: {said.detail}"))
        plan = today.plan
        if plan is not None:
            out.print("\n[bold]Today's plan[/bold]")
            phase = f"- Phase {plan.phase}"
            if plan.flare:
                phase += ", flare day: gentle exercises only and no dose goes up today"
            out.print(phase + ".", markup=False)
            for note in plan.notes:
                out.print(f"- {note}", markup=False)
    return 0
