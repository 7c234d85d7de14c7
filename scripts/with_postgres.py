"""Run a command against a throwaway PostgreSQL server, then stop and remove it.

    python scripts/with_postgres.py -- pytest ...

The server lives in a temporary directory, listens on 127.0.0.1 at a free port, and runs
with fsync off (test data only). PostgreSQL refuses to run as root, so as root the server
runs as the ``postgres`` user. The command sees DATABASE_URL pointing at the server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    if shutil.which("initdb"):
        return Path(shutil.which("initdb") or "").parent
    sys.exit(
        "with_postgres: no PostgreSQL server binaries (initdb) found; run `make postgres-server`"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        sys.exit("usage: with_postgres.py -- COMMAND [ARGS...]")
    bindir = find_bindir()
    workdir = Path(tempfile.mkdtemp(prefix="supple-pg-"))
    datadir = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = free_port()
    log = workdir / "server.log"
    started = False
    try:
        subprocess.run(
            as_server_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(datadir),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-instructions",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            as_server_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(datadir),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        print(f"with_postgres: PostgreSQL from {bindir} at 127.0.0.1:{port}", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.run(argv, env=env, check=False).returncode
    finally:
        if started:
            subprocess.run(
                as_server_user(
                    [str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(workdir, ignore_errors=True)
        print("with_postgres: server stopped and removed", flush=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
