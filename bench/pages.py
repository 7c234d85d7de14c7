"""Benchmark of the patient's daily pages with a year of history, on SQLite.

Run with the project's virtual environment:

    .venv/bin/python bench/pages.py [--days 365] [--runs 60]

It makes a temporary data folder with a fresh SQLite database, loads the exercise library,
and builds a year of history for one person the way the player writes it (a session a day with
every exercise logged, the next-morning pain, the safety screen whenever it is due). Then it
times, through Django's test client (the whole request: middleware, view, template):

- ``/healthz``: the baseline, a trivial view on the same server and settings;
- ``/today/`` and ``/session/`` (the player page) for that person.

Each figure is the median over the runs, after two warm-up requests (the first request of a day
makes that day's decisions once). Target (issue 5): under 30 ms for Today and the player.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

TARGET_MS = 30.0


def setup(folder: Path) -> None:
    os.environ["SUPPLE_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "supple.config.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from supple.config import storage

    setup_test_environment()
    storage.prepare()  # the data folder and the database file, as `supple init` makes them
    call_command("migrate", verbosity=0)


def build_history(days: int) -> object:
    from django.utils import timezone

    from supple.accounts.models import Role, User
    from supple.content import load_catalog
    from supple.domain import safety
    from supple.library.services import load_library
    from supple.programs import services
    from supple.programs.models import Session

    load_library(load_catalog())
    user = User.objects.create_user(username="pat", role=Role.PATIENT)  # signed in by force_login
    now = timezone.now()
    start = now - timedelta(days=days + 1)
    clear = dict.fromkeys(safety.ASKED_IDS, False)
    services.accept_disclaimer(user, start)
    services.save_intake(
        user,
        services.IntakeData(
            pain_now=4,
            weeks_since_onset=3,
            age=45,
            can_get_on_floor=True,
            minutes=30,
            equipment=("mat", "towel", "wall", "chair"),
        ),
        start,
    )
    for day in range(days, 0, -1):
        when = now - timedelta(days=day)
        if services.safety_status(user, when).due:
            services.record_screen(user, clear, trigger="weekly", now=when - timedelta(minutes=5))
        session_id = uuid.uuid4()
        session = services.start_session(user, session_id, p_pre=3, now=when)
        for position, item in enumerate(session.plan):
            services.log_exercise(
                user,
                session_id,
                uuid.uuid4(),
                position=position,
                exercise=item["exercise"],
                p_during=2 + day % 3,
                completed=True,
                now=when + timedelta(minutes=position + 1),
            )
        services.finish_session(user, session_id, p_post=2, now=when + timedelta(minutes=20))
        Session.objects.filter(pk=session.pk).update(p_next=2, p_next_at=when + timedelta(hours=20))
    if services.safety_status(user, now).due:
        services.record_screen(user, clear, trigger="weekly", now=now - timedelta(minutes=1))
    return user


def median_ms(client: object, path: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)  # type: ignore[attr-defined]
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(path)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)  # type: ignore[attr-defined]
    return statistics.median(times), len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supple-bench-") as folder:
        setup(Path(folder))
        from django.test import Client

        from supple.programs.models import ExerciseLog, Session

        began = time.perf_counter()
        user = build_history(args.days)
        built = time.perf_counter() - began
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        print(f"python {platform.python_version()} on {platform.machine()}, SQLite")
        print(
            f"history: {Session.objects.count()} sessions, {ExerciseLog.objects.count()} "
            f"exercise logs over {args.days} days (built in {built:.1f} s)"
        )
        failed = False
        for name, path in (
            ("baseline /healthz", "/healthz"),
            ("Today", "/today/"),
            ("player", "/session/"),
        ):
            ms, queries = median_ms(client, path, args.runs)
            over = path != "/healthz" and ms > TARGET_MS
            failed |= over
            mark = "  OVER TARGET" if over else ""
            print(f"{name:<20} median {ms:7.2f} ms  {queries:3d} queries{mark}")
        print(f"target: Today and player under {TARGET_MS:.0f} ms (median)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
