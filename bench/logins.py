"""Does password hashing starve the server? /healthz while wrong sign-ins run in parallel.

    .venv/bin/python bench/logins.py [--parallel 8] [--seconds 20] [--src PATH]

Starts a real `supple serve` (a temporary data folder, loopback only), then times /healthz
alone, and again while ``--parallel`` clients post wrong passwords to the sign-in page as fast
as the server answers. Prints the answers the sign-ins got (200: wrong password, 429: paused
by the lockout, 503: every password-check slot busy) and how long /healthz took. ``--src``
runs another checkout's ``src`` (to measure a version before a change).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.server_process import Browser, Server  # noqa: E402


def health_times(server: Server, count: int) -> list[float]:
    browser = Browser(server)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, _ = browser.request("GET", "/healthz", timeout=60)
        times.append(time.perf_counter() - started)
        assert status == 200, status
        time.sleep(0.2)
    return times


def guess(server: Server, stop: threading.Event, answers: collections.Counter[int]) -> None:
    browser = Browser(server)
    browser.request("GET", "/accounts/login/")
    n = 0
    while not stop.is_set():
        n += 1
        form = {"username": "pat", "password": f"wrong guess {n}"}
        status, _, _ = browser.request("POST", "/accounts/login/", form, form=True, timeout=60)
        answers[status] += 1


def describe(label: str, times: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {len(times)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--src", type=Path, help="another checkout's root to run instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="supple-logins-") as folder:
        server = Server(Path(folder) / "data")
        if args.src:
            server.source = args.src.resolve()
        server.enrol()
        server.start()
        try:
            print(describe("/healthz alone", health_times(server, 10)))
            stop = threading.Event()
            answers: collections.Counter[int] = collections.Counter()
            guessers = [
                threading.Thread(target=guess, args=(server, stop, answers))
                for _ in range(args.parallel)
            ]
            started = time.perf_counter()
            for guesser in guessers:
                guesser.start()
            time.sleep(1)
            during = health_times(server, max(3, int(args.seconds / 0.5)))
            stop.set()
            for guesser in guessers:
                guesser.join()
            elapsed = time.perf_counter() - started
            print(describe(f"/healthz during {args.parallel} parallel wrong sign-ins", during))
            total = sum(answers.values())
            print(f"sign-in answers: {dict(sorted(answers.items()))}, {total / elapsed:.1f}/s")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
