"""Browser fixtures: Debian's Chromium driven by Playwright, and axe-core injected for checks.

Playwright's own browser download is not used; the project installs Debian's ``chromium``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from tests.conftest import PASSWORD
from tests.factories import build_history, enrol

# How long an assertion waits for the page to reach a state. It returns as soon as the state
# holds; the bound only decides how long a loaded machine may take (a service worker caching
# the pages it keeps took over 5 s, Playwright's default, with the machine's load at 30).
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop; Django must still let the test thread use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)


class _NoServiceWorkers:
    """The browser, its contexts without the app's service worker unless a test asks for it
    (``service_workers="allow"``): the worker fetches pages in the background to keep them
    for offline use, which a test about something else must not have to wait for."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> BrowserContext:
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield cast(Browser, _NoServiceWorkers(launched))
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)  # phone first
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll a condition on the server's side (the database) until it holds or time runs out.

    The page may show its last state a moment before its last request reaches the server."""
    deadline = time.monotonic() + timeout
    while not _holds(check):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _holds(check: Callable[[], bool]) -> bool:
    """One look at the condition; a table the server is writing counts as "not yet".

    On SQLite the test database lives in memory in shared-cache mode, where a reader meets a
    writer's table lock at once (SQLITE_LOCKED), which no busy timeout waits for."""
    try:
        return check()
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        return False


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page; returns its violations (empty when the page passes).

    axe-core is loaded as a script file from the page's own origin (the test serves it there):
    the Content-Security-Policy refuses inline scripts, so the pages' policy stays on."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        url = page.evaluate("location.origin") + AXE_PATH
        page.route(url, lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
        page.add_script_tag(url=url)
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in violations
    )


def check_axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def screenshot(page: Page, name: str) -> None:
    """Keep a picture to look at when SUPPLE_SCREENSHOTS names a folder."""
    folder = os.environ.get("SUPPLE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page: Page, live_server: object, username: str = "pat") -> None:
    """Sign in through Django's test client and hand the session cookie to the browser."""
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )


@pytest.fixture
def pat(transactional_db: None, patient: User) -> User:
    """Pat with the shipped library, the notice, an intake and a clear screen since yesterday."""
    load_library(load_catalog())
    enrol(patient, timezone.now())
    return patient


@pytest.fixture
def enrolled_pat(transactional_db: None, patient: User) -> User:
    """Pat enrolled 15 days ago, with the shipped library."""
    load_library(load_catalog())
    enrol(patient, timezone.now() - timedelta(days=15))
    return patient


@pytest.fixture
def pat_with_history(enrolled_pat: User) -> User:
    """Enrolled Pat with 12 days of sessions, morning pain, decisions, PSFS and breaks."""
    build_history(enrolled_pat, 12, start=timezone.now() - timedelta(days=12))
    return enrolled_pat
