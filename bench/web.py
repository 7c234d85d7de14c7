"""Requests per second of a real `supple serve`, each page as a ratio to a hello-world view.

    .venv/bin/python bench/web.py [--db sqlite|postgres|both] [--seconds 10] [--runs 3]
                                  [--connections 16] [--write-connections 64] [--src CHECKOUT]

For each database it makes a temporary data folder, sets up the app as `supple init` does,
gives one person a year of sessions (tests/factories.py), starts `supple serve` exactly as a
person or a clinic would (only the URL list differs: bench/web_app adds ``/bench/hello/``,
a view that does nothing, served by the same server and settings), signs in, and drives it from
a second process with `wrk` (Debian package ``wrk``), or, where wrk is missing, a small
threaded client from the standard library (slower: it caps every figure lower). Loopback only,
each endpoint ``--seconds`` long, ``--runs`` times in turn; the table shows the medians.

PostgreSQL runs on a throwaway server (scripts/with_postgres.py). ``--src`` measures another
checkout's code (its `src/`), with this checkout's data and benchmark: the before of a change.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.server_process import Browser, Server  # noqa: E402

HISTORY = """
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from supple.commands.server import init_database
init_database(verbose=False, load_library=True)
from supple.accounts.services import create_user
from tests.factories import bulk_history, enrol
from tests.web.server_process import PASSWORD
pat = create_user("pat", PASSWORD)
end = timezone.now() - timedelta(days=1)
enrol(pat, end - timedelta(days=400))
bulk_history(pat, end, 365)
"""


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    body: str = ""  # a JSON body with ``{id}``: a POST with a new client id each time
    if_none_match: str = ""  # a repeat from a browser that has the page already


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


class BenchServer(Server):
    """`supple serve` with the benchmark's URL list (the hello-world view added)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        env["DJANGO_SETTINGS_MODULE"] = "web_app.settings"
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), env["PYTHONPATH"]])
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["DATABASE_URL"]
        return env

    def enrol(self) -> None:
        subprocess.run([sys.executable, "-c", HISTORY], env=self.env(), check=True, cwd=ROOT)


def endpoints(browser: Browser) -> tuple[list[Endpoint], dict[str, str]]:
    """Sign in, start today's session (the player and the write need one), and list what to
    measure; the headers every request carries."""
    browser.sign_in()
    session_id = str(uuid.uuid4())
    status, _, body = browser.request("POST", "/api/sessions/", {"id": session_id, "p_pre": 3})
    assert status == 200, (status, body[:300])
    first = json.loads(body)["plan"][0]["exercise"]
    cookies = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
    headers = {"Cookie": cookies, "X-CSRFToken": browser.csrf()}
    log = json.dumps(
        {"id": "{id}", "position": 0, "exercise": first, "p_during": 2, "completed": True}
    )
    listed = [
        Endpoint("hello-world", "/bench/hello/"),
        Endpoint("/healthz", "/healthz"),
        Endpoint("library list", "/exercises/"),
        Endpoint("exercise page", f"/exercises/{first}/"),
        Endpoint("figure", f"/exercises/{first}/figure.svg"),
        Endpoint("Today", "/today/"),
        Endpoint("player", "/session/"),
        Endpoint("Progress", "/progress/"),
        Endpoint("log write (API)", f"/api/sessions/{session_id}/exercises", body=log),
    ]
    browser.request("GET", "/exercises/")  # shows (and so ends) any message from signing in
    _, answer_headers, _ = browser.request("GET", "/exercises/")
    etag = next((v for k, v in answer_headers.items() if k.lower() == "etag"), "")
    if etag:  # the app answers repeats with 304 (a browser's revalidation)
        listed.insert(3, Endpoint("library list, repeat", "/exercises/", if_none_match=etag))
    for endpoint in listed:  # every page answers 200 (or 304 to a repeat) before it is measured
        if endpoint.if_none_match:
            continue
        data = (
            json.loads(endpoint.body.replace("{id}", str(uuid.uuid4()))) if endpoint.body else None
        )
        status, _, answer = browser.request("POST" if data else "GET", endpoint.path, data)
        assert status == 200, (endpoint.path, status, answer[:300])
    return listed, headers


WRK_SCRIPT = """
local headers = %(headers)s
for k, v in pairs(headers) do wrk.headers[k] = v end
local body = %(body)s
local count = 0
made = 0
function setup(thread) made = made + 1; thread:set("tno", made) end
if body ~= "" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  request = function()
    count = count + 1
    local id = string.format("%(nonce)s-%%04x-4000-8000-%%012x", tonumber(tno) or 0, count)
    return wrk.format(nil, nil, nil, (body:gsub("{id}", id)))
  end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%f %%f %%d %%d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.duration))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(
    url: str, endpoint: Endpoint, headers: dict[str, str], conns: int, seconds: int
) -> Result:
    if endpoint.if_none_match:
        headers = {**headers, "If-None-Match": endpoint.if_none_match}
    table = (
        "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}"
    )
    script = WRK_SCRIPT % {
        "headers": table,
        "body": lua_string(endpoint.body),
        "nonce": uuid.uuid4().hex[:8],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{conns}",
                f"-d{seconds}s",
                "--timeout",
                "5s",
                "-s",
                file.name,
                url + endpoint.path,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    match = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
    assert match, out
    requests, p50, p99, errors, micros = match.groups()
    return Result(int(requests) / (int(micros) / 1e6), float(p50), float(p99), int(errors))


def run_python(
    url: str, endpoint: Endpoint, headers: dict[str, str], conns: int, seconds: int
) -> Result:
    """The fallback client: ``conns`` threads, each with one kept-alive connection."""
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        mine: list[float] = []
        while time.monotonic() < stop:
            body = endpoint.body.replace("{id}", str(uuid.uuid4())) if endpoint.body else None
            sent = {**headers, **({"Content-Type": "application/json"} if body else {})}
            if endpoint.if_none_match:
                sent["If-None-Match"] = endpoint.if_none_match
            began = time.perf_counter()
            try:
                connection.request("POST" if body else "GET", endpoint.path, body, sent)
                answer = connection.getresponse()
                answer.read()
                ok = answer.status < 400
            except OSError:
                ok = False
                connection.close()
            mine.append((time.perf_counter() - began) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(conns)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(len(latencies) / elapsed, cuts[49], cuts[98], errors[0])


def settle(url: str, limit_s: float = 60) -> None:
    """Wait until the server has worked off the requests the last run left queued (their
    clients gone): three quick hello-worlds in a row, or ``limit_s``."""
    host, port = url.removeprefix("http://").split(":")
    deadline, quick = time.monotonic() + limit_s, 0
    while quick < 3 and time.monotonic() < deadline:
        connection = http.client.HTTPConnection(host, int(port), timeout=limit_s)
        began = time.perf_counter()
        connection.request("GET", "/bench/hello/")
        connection.getresponse().read()
        connection.close()
        quick = quick + 1 if time.perf_counter() - began < 0.2 else 0


def measure(
    url: str, endpoint: Endpoint, headers: dict[str, str], conns: int, seconds: int
) -> Result:
    """Runs in a second process: wrk, or this script again as the Python client."""
    settle(url)
    if shutil.which("wrk"):
        return run_wrk(url, endpoint, headers, conns, seconds)
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--client",
            json.dumps([url, endpoint.__dict__, headers, conns, seconds]),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return Result(**json.loads(out))


def bench_database(label: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="supple-web-bench-") as folder:
        server = BenchServer(Path(folder) / "data", source=args.src)
        server.data_dir.mkdir()
        print(f"{label}: setting up a year of sessions ...", file=sys.stderr, flush=True)
        server.enrol()
        server.start()
        try:
            listed, headers = endpoints(Browser(server))
            runs: dict[str, list[Result]] = {e.name: [] for e in listed}
            for run in range(args.runs):
                for endpoint in listed:
                    conns = args.write_connections if endpoint.body else args.connections
                    result = measure(server.url, endpoint, headers, conns, args.seconds)
                    runs[endpoint.name].append(result)
                    print(
                        f"  run {run + 1} {endpoint.name}: {result.rps:.0f} req/s",
                        file=sys.stderr,
                        flush=True,
                    )
        finally:
            server.stop()
    print_table(label, listed, runs, args)


def print_table(
    label: str, listed: list[Endpoint], runs: dict[str, list[Result]], args: argparse.Namespace
) -> None:
    load = os.getloadavg()[0]
    client = "wrk" if shutil.which("wrk") else "python client"
    print(
        f"\n{label}: medians of {args.runs} runs, {args.seconds} s each, {client}, "
        f"{args.connections} connections ({args.write_connections} for the write), "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print("| endpoint | req/s | p50 ms | p99 ms | errors | ratio to hello-world |")
    print("|---|---:|---:|---:|---:|---:|")
    hello_runs = runs["hello-world"]
    for endpoint in listed:
        results = runs[endpoint.name]
        ratios = [r.rps / h.rps for r, h in zip(results, hello_runs, strict=True) if h.rps]
        ratio = f"{statistics.median(ratios):.2f}" if ratios else "–"
        print(
            f"| {endpoint.name} | {statistics.median(r.rps for r in results):.0f} "
            f"| {statistics.median(r.p50_ms for r in results):.1f} "
            f"| {statistics.median(r.p99_ms for r in results):.1f} "
            f"| {sum(r.errors for r in results)} "
            f"| {ratio} |"
        )
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=10, choices=range(1, 61), metavar="1-60")
    parser.add_argument("--runs", type=int, default=3, choices=range(1, 11), metavar="1-10")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--write-connections", type=int, default=64)
    parser.add_argument("--src", type=Path, default=ROOT, help="the checkout whose code runs")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        url, endpoint, headers, conns, seconds = json.loads(args.client)
        result = run_python(url, Endpoint(**endpoint), headers, conns, seconds)
        print(json.dumps(result.__dict__))
        return 0
    args.src = args.src.resolve()
    if args.db in ("sqlite", "both") and not os.environ.get("DATABASE_URL"):
        bench_database("SQLite", args)
    if args.db in ("postgres", "both"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            bench_database("PostgreSQL", args)
        else:  # again, under a throwaway PostgreSQL server
            command = [sys.executable, __file__, "--db", "postgres", "--src", str(args.src)]
            for option in ("seconds", "runs", "connections", "write_connections"):
                command += ["--" + option.replace("_", "-"), str(getattr(args, option))]
            with_postgres = str(ROOT / "scripts" / "with_postgres.py")
            subprocess.run([sys.executable, with_postgres, "--", *command], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
