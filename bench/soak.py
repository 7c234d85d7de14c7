"""Soak: a real `supple serve` at half its measured capacity for ten minutes.

    .venv/bin/python bench/soak.py [--seconds 600] [--clients 4]

Starts the server on a temporary data folder (loopback only), measures its capacity for a
mix of a person's requests (Today, the progress page, a sitting break posted, /healthz) with
``--clients`` clients as fast as it answers, then runs that mix at half the capacity for
``--seconds`` (at most an hour). Reports the errors (any answer not 2xx/3xx, any connection
failure), the latencies, and the server's memory (resident set size) at the start and the
end: a leak shows as a growing RSS.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.server_process import Browser, Server  # noqa: E402

MAX_SECONDS = 3600
CAPACITY_SECONDS = 10.0


def rss_mb(server: Server) -> float:
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kib) / 1024


class Mix:
    """One client: the requests of a person using Supple, in turn."""

    def __init__(self, server: Server) -> None:
        self.browser = Browser(server)
        self.browser.sign_in()
        self.turn = 0

    def one(self) -> tuple[int, float]:
        self.turn += 1
        kind = self.turn % 4
        started = time.perf_counter()
        try:
            if kind == 0:
                status, _, _ = self.browser.request("GET", "/today/")
            elif kind == 1:
                status, _, _ = self.browser.request("GET", "/progress/")
            elif kind == 2:
                form = {"client_id": str(uuid.uuid4())}
                status, _, _ = self.browser.request("POST", "/breaks/taken/", form, form=True)
            else:
                status, _, _ = self.browser.request("GET", "/healthz")
        except OSError:
            status = 0
        return status, time.perf_counter() - started


def run(
    mixes: list[Mix], seconds: float, rate: float | None
) -> tuple[list[float], collections.Counter[int]]:
    """Every client in a loop for ``seconds``; with ``rate`` (requests/s in all), paced."""
    latencies: list[float] = []
    statuses: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()
    end = time.monotonic() + seconds
    gap = len(mixes) / rate if rate else 0.0

    def client(mix: Mix, offset: float) -> None:
        due = time.monotonic() + offset
        while time.monotonic() < end:
            if gap:
                time.sleep(max(0.0, due - time.monotonic()))
                due += gap
            status, took = mix.one()
            with lock:
                latencies.append(took)
                statuses[status] += 1

    threads = [
        threading.Thread(target=client, args=(mix, i * gap / len(mixes)))
        for i, mix in enumerate(mixes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 1 and {MAX_SECONDS}")
    with tempfile.TemporaryDirectory(prefix="supple-soak-") as folder:
        server = Server(Path(folder) / "data")
        assert server.url.startswith("http://127.0.0.1:")  # loopback only
        server.enrol()
        server.start()
        try:
            mixes = [Mix(server) for _ in range(args.clients)]
            latencies, _ = run(mixes, CAPACITY_SECONDS, None)
            capacity = len(latencies) / CAPACITY_SECONDS
            rate = capacity / 2
            print(f"capacity: {capacity:.1f} requests/s; soaking at {rate:.1f}/s", flush=True)
            start_rss = rss_mb(server)
            latencies, statuses = run(mixes, args.seconds, rate)
            end_rss = rss_mb(server)
        finally:
            server.stop()
    errors = sum(n for status, n in statuses.items() if not 200 <= status < 400)
    latencies.sort()
    answers = dict(sorted(statuses.items()))
    print(f"requests: {len(latencies)} in {args.seconds:.0f} s; answers {answers}")
    print(f"errors: {errors}")
    print(
        f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"95th {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"server memory (RSS): {start_rss:.0f} MB at the start, {end_rss:.0f} MB at the end")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
