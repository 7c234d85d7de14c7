"""The article review page in Chromium: a curator on a small phone (360x640) imports an
article, edits a dose, accepts a draft and finds it in the library's imported list; a
clinician on a desktop accepts one into their clinic's exercises. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from supple.accounts.models import User
from supple.accounts.services import create_user
from supple.content import load_catalog
from supple.library.models import ImportedExercise
from supple.library.services import load_library
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, check_axe, screenshot, sign_in
from tests.importer.sample import ARTICLE

SMALL_PHONE = {"width": 360, "height": 640}


@pytest.fixture
def shipped_library(transactional_db: None) -> None:
    load_library(load_catalog())


def _import_the_article(page: Page, live_server: object) -> None:
    # A browser's first page on a busy machine may take longer than the usual 10 s to load.
    page.set_default_navigation_timeout(30_000)
    page.goto(f"{live_server}/import/")
    expect(page.get_by_role("heading", name="Import an exercise article")).to_be_visible()
    check_axe(page, "import form")
    page.get_by_label("Paste the article's text").fill(ARTICLE)
    page.get_by_label("The article's address (optional)").fill("https://example.org/stretches")
    read = page.get_by_role("button", name="Read the article")
    read.scroll_into_view_if_needed()
    expect(read).to_be_in_viewport()
    read.click()
    expect(page.get_by_role("heading", name="Review the drafts")).to_be_visible()
    expect(page.get_by_role("heading", name="Draft 1: Wall Slide")).to_be_visible()
    source = page.locator("mark[title='draft 1: hold']")
    expect(source).to_have_text("Hold for 5 seconds. (draft 1: hold)")
    check_axe(page, "review page")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _accept_first_draft(page: Page, button: str) -> None:
    draft = page.locator("#draft-1")
    hold_to = draft.get_by_label("Hold (seconds) to")
    expect(hold_to).to_have_value("5")
    hold_to.fill("10")
    accept = draft.get_by_role("button", name=button)
    accept.scroll_into_view_if_needed()
    expect(accept).to_be_in_viewport()
    accept.click()
    expect(page.get_by_role("status").first).to_contain_text("Wall Slide was accepted")


def test_a_curator_on_a_phone_imports_edits_and_accepts_into_the_library(
    live_server: object, page: Page, shipped_library: None
) -> None:
    create_user("cora", PASSWORD, curator=True)
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, live_server, "cora")
    _import_the_article(page, live_server)
    screenshot(page, "phone-import-review")
    _accept_first_draft(page, "Accept draft 1 into the library")
    entry = ImportedExercise.objects.get()
    assert (entry.clinic_id, entry.hold_s_min, entry.hold_s_max) == (None, 5, 10)
    page.get_by_role("link", name="Imported into the library").click()
    expect(page.get_by_role("heading", name="Wall Slide")).to_be_visible()
    expect(page.get_by_text("awaiting review")).to_be_visible()
    check_axe(page, "imported list")
    screenshot(page, "phone-imported-list")


def test_a_clinician_accepts_a_draft_into_their_clinics_exercises(
    live_server: object, page: Page, shipped_library: None, clinician: User
) -> None:
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "cleo")
    _import_the_article(page, live_server)
    screenshot(page, "desktop-import-review")
    _accept_first_draft(page, "Accept draft 1 into Riverside Physio's exercises")
    page.get_by_role("link", name="Our clinic's exercises").click()
    expect(page.get_by_role("heading", name="Exercises of Riverside Physio")).to_be_visible()
    expect(page.get_by_role("heading", name="Wall Slide")).to_be_visible()
    check_axe(page, "clinic exercises")
