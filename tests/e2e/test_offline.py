"""Installable and offline: Today's page keeps the session player for use without a
connection; a session started offline sends its steps when the connection returns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from supple.accounts.models import User
from supple.programs.models import ExerciseLog, Session
from tests.e2e.conftest import eventually
from tests.e2e.steps import signed_in, tap
from tests.e2e.steps import title as heading


@pytest.fixture
def context(browser: Browser, live_server: Any, pat: User) -> Iterator[BrowserContext]:
    """Pat's context with the service worker allowed, the player's clock sped up."""
    opened = signed_in(browser, live_server, pat, service_workers="allow")
    yield opened
    opened.close()


def test_a_session_opened_offline_runs_and_its_steps_arrive_once_online(
    live_server: Any, context: BrowserContext, pat: User
) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/today/")
    # The service worker has kept Today, the player and its pictures.
    expect(page.locator("html[data-offline='ready']")).to_have_count(1)

    context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    page.goto(f"{live_server.url}/session/")
    expect(heading(page)).to_have_text("How is your pain right now?")
    tap(page, "3")
    expect(page.locator("#stage-count")).to_contain_text("Exercise 1 of")
    # The exercise's picture comes from the kept copy.
    page.wait_for_function("document.getElementById('figure-img').naturalWidth > 0")
    expect(heading(page)).to_contain_text("Worst pain during", timeout=20_000)
    tap(page, "2")
    expect(heading(page)).to_have_text("Did the pain spread down your leg?")
    tap(page, "No")
    expect(page.locator("#stage-count")).to_contain_text("Exercise 2 of")
    expect(page.locator("#sync")).to_contain_text("Waiting to send")
    assert not Session.objects.filter(user=pat).exists()  # nothing reached the server

    # Today itself opens offline too.
    today = context.new_page()
    today.goto(f"{live_server.url}/today/")
    expect(today.get_by_role("link", name="Start session")).to_be_visible()
    today.close()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert eventually(lambda: ExerciseLog.objects.filter(session__user=pat).count() == 1)
    session = Session.objects.get(user=pat)
    assert session.p_pre == 3
    entry = session.entries.get()
    assert (entry.position, entry.p_during, entry.completed) == (0, 2, True)
    expect(page.locator("#sync")).to_have_text("Saved")


def test_signing_out_forgets_the_kept_pages(
    live_server: Any, context: BrowserContext, pat: User
) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/today/")
    expect(page.locator("html[data-offline='ready']")).to_have_count(1)
    kept = "async () => !!(await caches.match('/today/'))"
    assert page.evaluate(kept) is True
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_function(f"({kept})().then((found) => !found)")
    context.set_offline(True)
    page.goto(f"{live_server.url}/today/")
    expect(heading(page)).to_have_text("No connection")
