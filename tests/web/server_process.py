"""A real `supple serve` process on a fresh SQLite data folder, and a signed-in HTTP client for
it (standard library only): for tests about crashes and locks, which need the real thing."""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"

# Pat, set up as after the first visit: notice accepted, intake saved, safety screen clear.
ENROL = f"""
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from supple.commands.server import init_database
init_database(verbose=False, load_library=True)
from supple.accounts.services import create_user
from supple.programs import services
from tests.programs.conftest import CLEAR, INTAKE
pat = create_user("pat", {PASSWORD!r})
now = timezone.now() - timedelta(days=1)
services.accept_disclaimer(pat, now)
services.save_intake(pat, INTAKE, now)
services.record_screen(pat, CLEAR, trigger="intake", now=now)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    data_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    # The checkout whose code runs (another one to measure a version before a change).
    source: Path = ROOT

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.data_dir / "supple.sqlite3"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
        env.update(
            SUPPLE_DATA_DIR=str(self.data_dir),
            SUPPLE_PORT=str(self.port),
            DJANGO_SETTINGS_MODULE="supple.config.settings",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(self.source / "src")]),
        )
        return env

    def enrol(self) -> None:
        subprocess.run([sys.executable, "-c", ENROL], env=self.env(), check=True, cwd=ROOT)

    def start(self) -> None:
        with (self.data_dir.parent / "serve.log").open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "supple", "serve", "--no-init"],
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                health = f"{self.url}/healthz"  # http on loopback only
                with urllib.request.urlopen(health, timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                pass
            assert self.process.poll() is None, "the server stopped"
            assert time.monotonic() < deadline, "the server did not answer in 60 s"
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class Browser:
    """Cookies, the CSRF token and JSON, like the pages' own scripts."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken") or ""

    def request(
        self, method: str, path: str, data: Any = None, *, form: bool = False, timeout: float = 30
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"X-CSRFToken": self.csrf() if method != "GET" else ""}
        body = None
        if data is not None and form:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
            headers["Accept"] = "application/json"
        call = urllib.request.Request(  # noqa: S310 (http on loopback only)
            self.server.url + path, data=body, headers=headers, method=method
        )
        try:
            with self.opener.open(call, timeout=timeout) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def sign_in(self, username: str = "pat", password: str = PASSWORD) -> None:
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}, form=True
        )
        assert status == 302, status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
