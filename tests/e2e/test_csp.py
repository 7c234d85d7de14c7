"""The Content-Security-Policy in a real browser: the main pages run without a single
violation (no inline script or style slipped in), and an inline script is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Error, Page

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from supple.programs import services
from tests.e2e.conftest import PHONE
from tests.programs.conftest import CLEAR, INTAKE

# Every violation the page reports, kept where the test can read it.
RECORD = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
PATIENT_PAGES = [
    "/today/",
    "/session/",
    "/progress/",
    "/progress/activities/",
    "/breaks/",
    "/my-data/",
    "/reminders/",
    "/today/handout/",
    "/exercises/",
    "/exercises/bridge/",
    "/routines/",
    "/learn/",
]
SIGNED_OUT_PAGES = ["/about/", "/accounts/login/", "/exercises/bridge/"]


@pytest.fixture
def pat(transactional_db: None, patient: User) -> User:
    load_library(load_catalog())
    now = timezone.now()
    services.accept_disclaimer(patient, now - timedelta(days=1))
    services.save_intake(patient, INTAKE, now - timedelta(days=1))
    services.record_screen(patient, CLEAR, trigger="intake", now=now - timedelta(days=1))
    return patient


def watched(browser: Browser, live_server: Any, user: User | None) -> BrowserContext:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context


def violations(page: Page, console: list[str]) -> list[str]:
    recorded: list[str] = page.evaluate("window.cspViolations")
    return recorded + [text for text in console if "Content Security Policy" in text]


def visit(page: Page, url: str, console: list[str]) -> list[str]:
    console.clear()
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    page.wait_for_load_state("load")
    return violations(page, console)


def test_the_patient_pages_run_without_a_policy_violation(
    live_server: Any, browser: Browser, pat: User
) -> None:
    context = watched(browser, live_server, pat)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for path in PATIENT_PAGES:
        assert visit(page, f"{live_server.url}{path}", console) == [], path
    context.close()


def test_the_signed_out_pages_run_without_a_policy_violation(
    live_server: Any, browser: Browser, pat: User
) -> None:
    context = watched(browser, live_server, None)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for path in SIGNED_OUT_PAGES:
        assert visit(page, f"{live_server.url}{path}", console) == [], path
    context.close()


def test_an_inline_script_is_refused_and_reported(
    live_server: Any, browser: Browser, pat: User
) -> None:
    context = watched(browser, live_server, None)
    page = context.new_page()
    page.goto(f"{live_server.url}/about/")
    with pytest.raises(Error):
        page.add_script_tag(content="window.ranInline = true;")
    assert page.evaluate("window.ranInline === undefined")
    page.wait_for_function("window.cspViolations.length > 0")
    assert "script-src" in page.evaluate("window.cspViolations")[0]
    context.close()
