from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe


@pytest.fixture
def library(transactional_db: None, patient: User) -> None:
    load_library(load_catalog())


def screenshot(page: Page, name: str) -> None:
    """Keep a picture to look at when SUPPLE_SCREENSHOTS names a folder."""
    folder = os.environ.get("SUPPLE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_every_library_page_passes_axe(live_server: object, page: Page, library: None) -> None:
    first = load_catalog().exercises[0].id
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for name, path in (
            ("exercises", "/exercises/"),
            ("exercise", f"/exercises/{first}/"),
            ("routines", "/routines/"),
            ("learn", "/learn/"),
        ):
            page.goto(f"{live_server}{path}")
            violations = axe_violations(page)
            assert violations == [], f"{path}: {describe(violations)}"
            screenshot(page, f"{size}-{name}")


def test_filtering_updates_the_list_in_place(
    live_server: object, page: Page, library: None
) -> None:
    catalog = load_catalog()
    in_bed = [e for e in catalog.exercises if "bed" in e.surfaces]
    page.goto(f"{live_server}/exercises/")
    expect(page.get_by_role("status")).to_contain_text(f"{len(catalog.exercises)} of")
    page.get_by_label("Where").select_option("bed")
    expect(page.get_by_role("status")).to_have_text(
        f"{len(in_bed)} of {len(catalog.exercises)} exercises"
    )
    assert "surface=bed" in page.url
    page.get_by_role("link", name=in_bed[0].name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(in_bed[0].name)
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()


def test_search_works_without_javascript_too(
    live_server: object, browser: object, library: None
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{live_server}/exercises/")
    page.get_by_label("Search").fill("bridge")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Bridge", exact=True)).to_be_visible()
    context.close()
