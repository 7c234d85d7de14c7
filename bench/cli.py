"""How fast the `supple` command answers: `supple --help` (target under 100 ms) and
`supple today` on a year of history (target under 600 ms), each the median of repeated runs of
the installed command (hyperfine-style: a warm-up, then N timed runs), next to a baseline from
the same run: `python -c pass` with the same interpreter.

    .venv/bin/python bench/cli.py [--runs 15] [--days 365]

The year of history is built through the program services (a session a day with its pain
logs, the morning check, the weekly safety screen, the daily decisions) in a temporary data
directory (SQLite), which is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

HELP_TARGET_MS = 100
TODAY_TARGET_MS = 600
SUPPLE = str(Path(sys.executable).parent / "supple")
CLEAR = dict.fromkeys(
    [f"E{i}" for i in range(1, 9)] + [f"U{i}" for i in range(1, 7)] + ["C1", "G1", "G2", "G3"],
    False,
)


def build_history(days: int) -> None:
    """A person with ``days`` days of sessions ending yesterday (in this process's database)."""
    import django

    django.setup()
    from django.core.management import call_command

    from supple.accounts.services import create_owner
    from supple.commands.server import load_into_database
    from supple.config import storage
    from supple.programs import services

    storage.prepare()  # the data folder and the database file, as `supple init` makes them
    call_command("migrate", interactive=False, verbosity=0)
    load_into_database()
    now = datetime.now(UTC).replace(hour=7, minute=30, second=0, microsecond=0)
    first = now - timedelta(days=days)
    user = create_owner("pat", "bench only: not a real password")
    services.accept_disclaimer(user, first)
    services.save_intake(
        user,
        services.IntakeData(
            pain_now=4,
            weeks_since_onset=3,
            age=50,
            can_get_on_floor=True,
            minutes=15,
            equipment=("mat", "chair", "wall", "towel"),
        ),
        first,
    )
    for day in range(days):
        when = first + timedelta(days=day)
        status = services.safety_status(user, when)
        if not status.may_exercise:
            services.record_screen(user, CLEAR, trigger="weekly", now=when)
        if services.morning_check_due(user, when.date()) is not None:
            services.log_morning(user, 2 + day % 3, when)
        if day % 7 == 6:
            continue  # a rest day now and then
        session_id = str(uuid.uuid4())
        session = services.start_session(user, session_id, p_pre=3 + day % 2, now=when)
        for position, item in enumerate(session.plan):
            services.log_exercise(
                user,
                session_id,
                str(uuid.uuid4()),
                position=position,
                exercise=item["exercise"],
                p_during=2 + (day + position) % 3,
                completed=True,
                now=when + timedelta(minutes=position + 1),
            )
        services.finish_session(user, session_id, p_post=2, now=when + timedelta(minutes=20))
    services.log_morning(user, 2, now)  # today's check is done: `today` shows the plan
    services.record_screen(user, CLEAR, trigger="weekly", now=now)


def median_ms(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median and minimum wall time of ``runs`` runs, after one warm-up run."""
    subprocess.run(command, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supple-bench-cli-") as folder:
        # As installed for a person: Python keeps compiled bytecode (a shell may have turned
        # that off with PYTHONDONTWRITEBYTECODE; every start would then compile from source).
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "PYTHONDONTWRITEBYTECODE")
        }
        env["SUPPLE_DATA_DIR"] = folder
        os.environ.update(SUPPLE_DATA_DIR=folder, DJANGO_SETTINGS_MODULE="supple.config.settings")
        os.environ.pop("DATABASE_URL", None)
        started = time.perf_counter()
        build_history(args.days)
        print(f"history: {args.days} days built in {time.perf_counter() - started:.1f} s")
        rows = [
            ("baseline: python -c pass", [sys.executable, "-c", "pass"], None),
            ("supple --help", [SUPPLE, "--help"], HELP_TARGET_MS),
            ("supple today", [SUPPLE, "today"], TODAY_TARGET_MS),
            ("supple today --json", [SUPPLE, "today", "--json"], TODAY_TARGET_MS),
        ]
        failed = False
        print(f"{'command':<28}{'median':>10}{'min':>10}  target   ({args.runs} runs)")
        for name, command, target in rows:
            median, best = median_ms(command, args.runs, env)
            verdict = "" if target is None else ("ok" if median < target else "OVER")
            failed = failed or verdict == "OVER"
            shown = f"< {target} ms" if target else ""
            print(f"{name:<28}{median:>8.0f} ms{best:>7.0f} ms  {shown} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
