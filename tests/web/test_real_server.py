"""A real `supple serve` process: killed with SIGKILL in the middle of concurrent writes, it
keeps every acknowledged write exactly once; with the database locked by another program, it
answers 503 with Retry-After well before 10 s, and writes nothing."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.server_process import Browser, Server

WRITERS = 4
BREAKS_EACH = 40


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data")
    running.enrol()
    running.start()
    yield running
    running.stop()


def take_breaks(browser: Browser, ids: list[str], acknowledged: list[str]) -> None:
    """Post the breaks in turn, noting each one the server acknowledged; stop at the first
    failure (the server died)."""
    for client_id in ids:
        try:
            status, _, _ = browser.request(
                "POST", "/breaks/taken/", {"client_id": client_id}, form=True, timeout=10
            )
        except OSError:
            return
        if status not in (200, 201, 302):
            return
        acknowledged.append(client_id)


def stored_breaks(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT client_id FROM programs_sittingbreak")
        return [str(uuid.UUID(row[0])) for row in rows]


@pytest.mark.slow
@pytest.mark.sqlite_process
def test_sigkill_under_concurrent_writes_keeps_every_acknowledged_write_once(
    server: Server,
) -> None:
    browsers = [Browser(server) for _ in range(WRITERS)]
    for browser in browsers:
        browser.sign_in()
    ids = [[str(uuid.uuid4()) for _ in range(BREAKS_EACH)] for _ in browsers]
    acknowledged: list[list[str]] = [[] for _ in browsers]
    writers = [
        threading.Thread(target=take_breaks, args=(b, i, a))
        for b, i, a in zip(browsers, ids, acknowledged, strict=True)
    ]
    for writer in writers:
        writer.start()
    # Kill it once a good part of the writes are in, with more still coming.
    deadline = time.monotonic() + 60
    while sum(map(len, acknowledged)) < WRITERS * BREAKS_EACH // 3:
        assert time.monotonic() < deadline, "the writes did not get going"
        time.sleep(0.01)
    server.kill()
    for writer in writers:
        writer.join(timeout=30)
    acked = [client_id for done in acknowledged for client_id in done]
    assert 0 < len(acked) < WRITERS * BREAKS_EACH

    server.start()
    after_restart = stored_breaks(server.database)
    assert set(acked) <= set(after_restart), "an acknowledged write was lost"
    assert len(after_restart) == len(set(after_restart)), "a write was stored twice"
    # The clients send again whatever they are unsure of: nothing is stored twice.
    again = Browser(server)
    again.sign_in()
    for client_id in [i for each in ids for i in each]:
        status, _, _ = again.request("POST", "/breaks/taken/", {"client_id": client_id}, form=True)
        assert status in (200, 201, 302)
    final = stored_breaks(server.database)
    assert sorted(final) == sorted(i for each in ids for i in each)


@pytest.mark.slow
@pytest.mark.sqlite_process
def test_a_locked_database_gives_a_503_with_retry_after_quickly(server: Server) -> None:
    browser = Browser(server)
    browser.sign_in()
    holder = sqlite3.connect(server.database, timeout=1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        status, headers, body = browser.request(
            "POST", "/breaks/taken/", {"client_id": str(uuid.uuid4())}, form=True
        )
        page_took = time.monotonic() - started
        started = time.monotonic()
        api_status, api_headers, api_body = browser.request(
            "POST", "/api/v1/me/sessions/", {"id": str(uuid.uuid4()), "p_pre": 3}
        )
        api_took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (status, headers.get("Retry-After")) == (503, "2"), body[:300]
    assert b"Busy for a moment" in body
    assert page_took < 8
    assert (api_status, api_headers.get("Retry-After")) == (503, "2"), api_body[:300]
    assert api_headers["Content-Type"] == "application/problem+json"
    assert api_took < 8
    assert stored_breaks(server.database) == []  # nothing half-written
    # Once the lock is gone, the same request goes through.
    status, _, _ = browser.request(
        "POST", "/breaks/taken/", {"client_id": str(uuid.uuid4())}, form=True
    )
    assert status in (201, 302)
