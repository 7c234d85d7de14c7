"""Steps the browser tests share: signing in, checking a page at both sizes, answering the
safety screen, and the player's buttons and title."""

from __future__ import annotations

from typing import Any

from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from supple.accounts.models import User
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, screenshot

# The player's clock runs this many times faster in tests (a test hook of player.js).
SPEED = 400


def sign_in(browser: Browser, live_server: Any, user: User) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def check(page: Page, name: str) -> None:
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert violations == [], f"{name} ({size}): {describe(violations)}"
        screenshot(page, f"{size}-{name}")
    page.set_viewport_size(PHONE)


def answer_screen(page: Page, yes: tuple[str, ...] = ()) -> None:
    questions = page.locator("fieldset.question")
    for n in range(questions.count()):
        question = questions.nth(n)
        label = question.locator("legend").inner_text()
        answer = "Yes" if any(label.startswith(f"Question {q}:") for q in yes) else "No"
        question.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()


def signed_in(browser: Browser, live_server: Any, user: User, **options: Any) -> BrowserContext:
    """A browser context holding the user's session cookie (quicker than the sign-in page),
    with the player's clock sped up."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, **options)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    context.add_init_script(f"window.supplePlayerSpeed = {SPEED};")
    return context


def title(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def tap(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
