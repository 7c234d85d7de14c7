"""The finished look in a real browser: every page passes axe at phone and desktop size,
the lists show their pictures, the error pages are styled, and the API docs load nothing
from another host."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from supple.accounts.models import User
from supple.content import load_catalog
from tests.e2e.conftest import PHONE, axe_violations, describe

SIZES = (("phone", PHONE), ("desktop", {"width": 1280, "height": 800}))
PUBLIC = (
    ("home", "/"),
    ("about", "/about/"),
    ("sign-in", "/accounts/login/"),
    ("exercises", "/exercises/"),
    ("exercise", "/exercises/bridge/"),
    ("not-found", "/no-such-page/"),
    ("offline", "/offline/"),
)
PATIENT = (
    ("today", "/today/"),
    ("progress", "/progress/"),
    ("breaks", "/breaks/"),
    ("my-data", "/my-data/"),
    ("reminders", "/reminders/"),
    ("exercises-signed-in", "/exercises/"),
)


def screenshot(page: Page, name: str) -> None:
    """Keep a picture to look at when SUPPLE_SCREENSHOTS names a folder."""
    folder = os.environ.get("SUPPLE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # A whole-page picture shows the pictures a reader would load by scrolling.
        page.evaluate(
            "document.querySelectorAll('img[loading=lazy]').forEach((i) => (i.loading = 'eager'))"
        )
        page.wait_for_function("[...document.images].every((i) => i.complete)")
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def signed_in(browser: Browser, live_server: Any, pat: User) -> Iterator[BrowserContext]:
    client = Client()
    client.force_login(pat)
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield context
    context.close()


def check_pages(page: Page, base: str, pages: tuple[tuple[str, str], ...]) -> None:
    for size, viewport in SIZES:
        page.set_viewport_size(viewport)
        for name, path in pages:
            page.goto(f"{base}{path}")
            expect(page.get_by_role("heading", level=1)).to_have_count(1)
            violations = axe_violations(page)
            assert violations == [], f"{path} at {size}: {describe(violations)}"
            # Nothing wider than the screen: no sideways scrolling on a phone.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path} at {size} is {width} px wide"
            screenshot(page, f"{size}-{name}")


def test_every_public_page_passes_axe_at_phone_and_desktop_size(
    live_server: Any, page: Page, pat: User
) -> None:
    check_pages(page, live_server.url, PUBLIC)


def test_every_patient_page_passes_axe_at_phone_and_desktop_size(
    live_server: Any, signed_in: BrowserContext
) -> None:
    check_pages(signed_in.new_page(), live_server.url, PATIENT)


def all_pictures_loaded(page: Page, selector: str) -> None:
    page.wait_for_function(
        "(s) => [...document.querySelectorAll(s)].every((i) => i.complete && i.naturalWidth > 0)",
        arg=selector,
    )


def test_todays_list_shows_a_picture_beside_each_exercise_inside_the_screen(
    live_server: Any, signed_in: BrowserContext
) -> None:
    page = signed_in.new_page()
    page.goto(f"{live_server.url}/today/")
    rows = page.locator("ol.plan li")
    assert rows.count() >= 3
    expect(page.locator("ol.plan img.thumb")).to_have_count(rows.count())
    all_pictures_loaded(page, "ol.plan img.thumb")
    for n in range(rows.count()):
        box = rows.nth(n).locator("img.thumb").bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
        assert box["width"] >= 72  # big enough to tell the exercises apart


def test_the_library_list_shows_a_picture_beside_each_exercise(
    live_server: Any, page: Page, pat: User
) -> None:
    page.goto(f"{live_server.url}/exercises/")
    cards = page.locator(".card-exercise")
    expect(cards).to_have_count(len(load_catalog().exercises))
    for n in range(cards.count()):  # the pictures load as they come near the screen
        cards.nth(n).scroll_into_view_if_needed()
    all_pictures_loaded(page, ".card-exercise img.thumb")


def test_the_api_docs_run_from_the_apps_own_files(
    live_server: Any, signed_in: BrowserContext
) -> None:
    page = signed_in.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for size, viewport in SIZES:
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/api/v1/docs")
        expect(page.get_by_role("heading", name="Supple API")).to_be_visible()
        expect(page.get_by_text("/api/v1/me/sessions/").first).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], f"/api/v1/docs at {size}: {describe(violations)}"
        screenshot(page, f"{size}-api-docs")
    assert hosts == {urlsplit(live_server.url).netloc}


def test_the_not_found_page_offers_a_way_on(live_server: Any, page: Page, pat: User) -> None:
    response = page.goto(f"{live_server.url}/exercises/no-such-exercise/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot find that page")
    page.get_by_role("link", name="Browse the exercises").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercises")


def test_dark_mode_keeps_its_contrast(live_server: Any, browser: Browser, pat: User) -> None:
    client = Client()
    client.force_login(pat)
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for name, path in (("today", "/today/"), ("exercises", "/exercises/"), ("404", "/nope/")):
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], f"{path} in dark mode: {describe(violations)}"
        screenshot(page, f"phone-dark-{name}")
    context.close()
