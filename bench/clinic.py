"""Benchmark of the clinic's dashboard and patient page on PostgreSQL, with a big clinic.

Run against a throwaway server (loopback only), with the project's virtual environment:

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/clinic.py \
        [--patients 10000] [--days 365] [--runs 40]

It makes one clinic with ``--patients`` patients, each with ``--days`` days of history written
with PostgreSQL's COPY: a session a day with three exercises logged, a weekly safety screen,
a program decision a day and an exercise decision a week; some patients are given each kind
of flag (an urgent screen, a pause, a paused exercise, high next-morning pain, no session for
10 days). Then it times, through Django's test client (the whole request: middleware, view,
template, and the audit rows each view writes), ``--runs`` requests of each of:

- ``/healthz``: the baseline, a trivial view on the same server and settings;
- ``/clinic/patients/``: the dashboard's first page, sorted by need over every patient;
- ``/clinic/patients/<id>/``: one patient's page.

and prints the median and the 95th percentile of each, and the number of queries.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

MAX_PATIENTS = 10_000
MAX_DAYS = 366
MAX_RUNS = 200
PLAN = json.dumps([{"exercise": name} for name in ("breathing-body-scan", "bridge", "cat-camel")])
CLEAR = json.dumps({f"E{i}": False for i in range(1, 9)})


def setup(folder: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/clinic.py: run it under scripts/with_postgres.py (PostgreSQL only)")
    if "127.0.0.1" not in url and "localhost" not in url:
        sys.exit("bench/clinic.py: the database must be on this machine (loopback)")
    os.environ["SUPPLE_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "supple.config.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def people(count: int, start: datetime) -> tuple[Any, list[int]]:
    """The clinic, its clinician, and the patients with their intake (``bulk_create``)."""
    from supple.accounts.models import Clinic, Role, User
    from supple.programs.models import Profile

    clinic = Clinic.objects.create(name="Big Clinic")
    clinician = User.objects.create_user(
        username="cleo", role=Role.CLINICIAN, clinic=clinic, password=None
    )
    User.objects.bulk_create(
        User(
            username=f"patient{n:05}",
            first_name=f"Pat{n}",
            last_name="Bench",
            role=Role.PATIENT,
            clinic=clinic,
            password="!",  # noqa: S106 (an unusable password: nobody signs in as them)
        )
        for n in range(count)
    )
    ids = list(
        User.objects.filter(role=Role.PATIENT, clinic=clinic)
        .order_by("id")
        .values_list("id", flat=True)
    )
    Profile.objects.bulk_create(
        Profile(
            user_id=pk,
            pain_now=4,
            intake_pain=4,
            weeks_since_onset=3,
            age=45,
            can_get_on_floor=True,
            minutes=15,
            direction="neither",
            phase=1,
            phase_started_on=start.date(),
            routine_days=[0, 2, 4],
            calendar_token=uuid.uuid4().hex,
        )
        for pk in ids
    )
    return clinician, ids


def copy_rows(table: str, columns: str, rows: Iterator[tuple[object, ...]]) -> int:
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _last_day(n: int, today: date) -> date:
    """One patient in ten stopped 10 days ago (the "no session" flag); the rest are current."""
    return today - timedelta(days=10 if n % 10 == 3 else 1)


def sessions(ids: list[int], days: int, today: date) -> Iterator[tuple[object, ...]]:
    rng = random.Random(1)
    sid = 0
    for n, user_id in enumerate(ids):
        last = _last_day(n, today)
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if day > last:
                break
            sid += 1
            at = datetime(day.year, day.month, day.day, 7, 30, tzinfo=UTC)
            high = n % 20 == 7 and back <= 3  # next-morning pain of 8
            yield (
                sid, user_id, uuid.UUID(int=rng.getrandbits(128)), day, at,
                at + timedelta(minutes=15), "done", False, 1, 3 + rng.randrange(3),
                2 + rng.randrange(2), 8 if high else 2 + rng.randrange(3),
                at + timedelta(hours=24), False, PLAN, "{}", "web",
            )  # fmt: skip


def entries(count: int, today: date) -> Iterator[tuple[object, ...]]:
    at = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for sid in range(1, count + 1):
        for position, name in enumerate(("breathing-body-scan", "bridge", "cat-camel")):
            yield (
                sid, uuid.UUID(int=sid * 4 + position), position, name, 15, 5, 1, 2,
                False, True, False, "", at,
            )  # fmt: skip


def screens(ids: list[int], days: int, today: date) -> Iterator[tuple[object, ...]]:
    for n, user_id in enumerate(ids):
        for back in range(days, 0, -7):
            day = today - timedelta(days=back)
            at = datetime(day.year, day.month, day.day, 7, 25, tzinfo=UTC)
            urgent = n % 50 == 11 and back <= 7
            yield (
                user_id, at, "weekly", CLEAR, "[]", "urgent" if urgent else "clear",
                '["U1"]' if urgent else "[]", "",
            )  # fmt: skip


def program_decisions(ids: list[int], days: int, today: date) -> Iterator[tuple[object, ...]]:
    for n, user_id in enumerate(ids):
        last = _last_day(n, today)
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if day > last:
                break
            paused = n % 40 == 17 and back == 1
            at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
            yield (
                user_id, day, at, "pause" if paused else "continue", "steady",
                "Pain was steady this week." if not paused else "A next-morning pain of 8.",
                1, 1,
            )  # fmt: skip


def decisions(ids: list[int], days: int, today: date) -> Iterator[tuple[object, ...]]:
    for n, user_id in enumerate(ids):
        for back in range(days, 0, -7):
            day = today - timedelta(days=back)
            at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
            paused = n % 30 == 5 and back <= 7
            yield (
                user_id, day, at, "bridge", "bridge", "red" if paused else "green",
                "pause" if paused else "hold", "Held: pain during Bridge was 3/10.", "{}", "{}",
            )  # fmt: skip


def generate(count: int, days: int) -> tuple[Any, list[int], dict[str, int]]:
    from django.db import connection, transaction
    from django.utils import timezone

    from supple.programs.models import DoseLevel

    today = timezone.localdate()
    start = timezone.now() - timedelta(days=days + 1)
    with transaction.atomic():
        clinician, ids = people(count, start)
        made = {
            "sessions": copy_rows(
                "programs_session",
                "id, user_id, client_id, date, started_at, ended_at, status, flare, phase, "
                "p_pre, p_post, p_next, p_next_at, spread, plan, position, source",
                sessions(ids, days, today),
            )
        }
        made["exercise logs"] = copy_rows(
            "programs_exerciselog",
            "session_id, client_id, position, exercise, hold_s, reps, sets, p_during, spread, "
            "completed, skipped, swapped_from, logged_at",
            entries(made["sessions"], today),
        )
        made["screens"] = copy_rows(
            "programs_screenrecord",
            "user_id, taken_at, trigger, answers, checked, outcome, flags, message",
            screens(ids, days, today),
        )
        made["program decisions"] = copy_rows(
            "programs_programdecision",
            "user_id, made_on, made_at, action, trend, reason, phase_before, phase_after",
            program_decisions(ids, days, today),
        )
        made["decisions"] = copy_rows(
            "programs_decision",
            "user_id, made_on, made_at, ladder, exercise, colour, decision, reason, before, after",
            decisions(ids, days, today),
        )
        DoseLevel.objects.bulk_create(
            DoseLevel(user_id=pk, ladder="bridge", exercise="bridge", paused=True)
            for n, pk in enumerate(ids)
            if n % 30 == 5
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('programs_session', 'id'), %s)",
                [made["sessions"]],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return clinician, ids, made


def timings(client: Any, path: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    if os.environ.get("SUPPLE_BENCH_PROFILE"):  # where the time goes, in Python
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            client.get(path)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    if os.environ.get("SUPPLE_BENCH_QUERIES"):  # the slowest queries, to see where time goes
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    return statistics.median(times), p95, len(queries.captured_queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--patients", type=int, default=MAX_PATIENTS)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if not (1 <= args.patients <= MAX_PATIENTS and 1 <= args.days <= MAX_DAYS):
        sys.exit(f"--patients 1..{MAX_PATIENTS}, --days 1..{MAX_DAYS}")
    if not 2 <= args.runs <= MAX_RUNS:
        sys.exit(f"--runs 2..{MAX_RUNS}")
    with tempfile.TemporaryDirectory(prefix="supple-bench-") as folder:
        setup(Path(folder))
        from django.test import Client

        began = time.perf_counter()
        clinician, ids, made = generate(args.patients, args.days)
        built = time.perf_counter() - began
        client = Client()
        client.force_login(clinician)
        print(f"python {platform.python_version()} on {platform.machine()}, PostgreSQL")
        rows = ", ".join(f"{n:,} {name}" for name, n in made.items())
        print(f"{args.patients:,} patients, {args.days} days each: {rows}")
        print(f"generated in {built:.0f} s")
        for name, path in (
            ("baseline /healthz", "/healthz"),
            ("dashboard, page 1", "/clinic/patients/"),
            ("patient page", f"/clinic/patients/{ids[len(ids) // 2]}/"),
        ):
            median, p95, queries = timings(client, path, args.runs)
            print(f"{name:<20} median {median:8.1f} ms  p95 {p95:8.1f} ms  {queries:3d} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
