"""The first calls of docs/api.md, for real: a token made with `supple token create` reads
the person's progress with curl from a running `supple serve`, and logs an exercise."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.server_process import ROOT, Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data")
    running.enrol()
    running.start()
    yield running
    running.stop()


def supple(server: Server, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "supple", *args],
        env=server.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def curl(
    server: Server, token: str, path: str, body: object = None
) -> tuple[int, dict[str, object]]:
    command = ["curl", "-sS", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {token}"]
    if body is not None:
        command += ["-X", "POST", "-H", "Content-Type: application/json", "-d", json.dumps(body)]
    done = subprocess.run(
        [*command, server.url + path], capture_output=True, text=True, check=True, timeout=30
    )
    text, status = done.stdout.rsplit("\n", 1)
    return int(status), json.loads(text)


@pytest.mark.slow
@pytest.mark.sqlite_process
def test_a_cli_token_reads_progress_and_logs_an_exercise_with_curl(server: Server) -> None:
    printed = supple(server, "token", "create", "curl", "--scope", "write", "--expires", "1")
    token = next(line for line in printed.splitlines() if line.startswith("sup_"))

    status, progress = curl(server, token, "/api/v1/me/progress")
    assert status == 200, progress
    assert progress["streak"] == 0
    assert "adherence_7" in progress

    status, today = curl(server, token, "/api/v1/me/today")
    assert status == 200, today
    items = today["items"]
    assert isinstance(items, list)
    assert items
    session_id = str(uuid.uuid4())
    status, _ = curl(server, token, "/api/v1/me/sessions/", {"id": session_id, "p_pre": 3})
    assert status == 200
    entry = {
        "id": str(uuid.uuid4()),
        "position": 0,
        "exercise": items[0]["exercise"],
        "p_during": 3,
        "completed": True,
    }
    status, logged = curl(server, token, f"/api/v1/me/sessions/{session_id}/exercises", entry)
    assert status == 200, logged
    assert logged["completed"] is True

    assert "last used" in supple(server, "token", "list")
    supple(server, "token", "revoke", "1")
    status, problem = curl(server, token, "/api/v1/me/progress")
    assert status == 401
    assert problem["status"] == 401
