"""`supple serve`: threads from the machine, and a request that waits for a thread is not a
warning in the log (under load that was a line per request)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from supple.commands import server as serve_module
from tests.web.server_process import Server

WAITING = 12


class OneThreadServer(Server):
    def env(self) -> dict[str, str]:
        return {**super().env(), "SUPPLE_THREADS": "1"}


@pytest.fixture
def one_thread(tmp_path: Path) -> Iterator[OneThreadServer]:
    running = OneThreadServer(tmp_path / "data")
    running.enrol()
    running.start()
    yield running
    running.stop()


def read_all(sock: socket.socket) -> bytes:
    with sock:
        sock.settimeout(60)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_threads_follow_the_machines_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert serve_module.default_threads() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert serve_module.default_threads() == 32
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert serve_module.default_threads() == 8


def test_requests_queued_for_a_thread_are_answered_without_a_warning_each(
    one_thread: OneThreadServer,
) -> None:
    # Many requests at once for one thread: all but one wait in the queue.
    sockets = [socket.create_connection(("127.0.0.1", one_thread.port)) for _ in range(WAITING)]
    request = b"GET /exercises/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    for sock in sockets:
        sock.sendall(request)
    answers = [read_all(sock) for sock in sockets]
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers)
    log = (one_thread.data_dir.parent / "serve.log").read_text()
    assert "Supple is running" in log
    assert "Task queue depth" not in log
