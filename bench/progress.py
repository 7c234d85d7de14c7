"""Benchmark of the Progress pages and the data downloads with a year of history, on SQLite.

Run with the project's virtual environment:

    .venv/bin/python bench/progress.py [--days 365] [--runs 60]

It builds the same year of history as ``bench/pages.py`` (a session a day with every exercise
logged, the next-morning pain, the daily decisions, the weekly safety screen), adds what the
Progress page also shows (5 functional-scale activities rated every 2 weeks, 8 sitting breaks a
day), then times through Django's test client (the whole request: middleware, view, template):

- ``/healthz``: the baseline, a trivial view on the same server and settings;
- ``/progress/``, ``/progress/activities/`` (the PSFS), ``/breaks/``, ``/reminders/``;
- the calendar feed, and the JSON and CSV downloads of all the data (a year: not a target,
  printed to know what a download costs).

Each figure is the median over the runs, after two warm-up requests, with the number of
queries of one request. Target (issue 5): under 30 ms for the Progress page.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages

TARGET_MS = 30.0


def add_progress_data(user: object, days: int) -> None:
    from django.utils import timezone

    from supple.programs.models import PsfsActivity, PsfsRating, SittingBreak

    now = timezone.now()
    names = ("Putting on socks", "Getting out of a car", "Lifting a bag", "Walking", "Sleeping")
    activities = [PsfsActivity.objects.create(user=user, name=name) for name in names]
    PsfsRating.objects.bulk_create(
        PsfsRating(activity=a, rated_on=(now - timedelta(days=d)).date(), score=(d // 14) % 11)
        for a in activities
        for d in range(days, 0, -14)
    )
    SittingBreak.objects.bulk_create(
        SittingBreak(
            user=user,
            client_id=uuid.uuid4(),
            taken_at=now - timedelta(days=d, hours=h),
            exercise="walk",
        )
        for d in range(days)
        for h in range(1, 9)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="supple-bench-") as folder:
        pages.setup(Path(folder))
        from django.test import Client

        from supple.programs.models import Decision, ExerciseLog, Profile, Session, SittingBreak

        began = time.perf_counter()
        user = pages.build_history(args.days)
        add_progress_data(user, args.days)
        built = time.perf_counter() - began
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        token = Profile.objects.get(user=user).calendar_token
        print(f"python {platform.python_version()} on {platform.machine()}, SQLite")
        print(
            f"history: {Session.objects.count()} sessions, {ExerciseLog.objects.count()} "
            f"exercise logs, {Decision.objects.count()} decisions, "
            f"{SittingBreak.objects.count()} breaks over {args.days} days (built in {built:.1f} s)"
        )
        failed = False
        for name, path, target in (
            ("baseline /healthz", "/healthz", False),
            ("Progress", "/progress/", True),
            ("PSFS", "/progress/activities/", False),
            ("break timer", "/breaks/", False),
            ("reminders", "/reminders/", False),
            ("calendar feed", f"/calendar/{token}.ics", False),
            ("JSON download", "/my-data/supple.json", False),
            ("CSV download", "/my-data/supple-csv.zip", False),
        ):
            ms, queries = pages.median_ms(client, path, args.runs)
            over = target and ms > TARGET_MS
            failed |= over
            mark = "  OVER TARGET" if over else ""
            print(f"{name:<20} median {ms:7.2f} ms  {queries:3d} queries{mark}")
        print(f"target: Progress under {TARGET_MS:.0f} ms (median)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
