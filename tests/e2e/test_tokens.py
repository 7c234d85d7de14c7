"""The API tokens page on a phone: make a token, see it once, revoke it; axe-clean, and what
a person must read and press is inside the viewport."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from supple.accounts.models import AccessToken, User
from tests.e2e.conftest import PHONE, check_axe, screenshot, sign_in

SMALL_PHONE = {"width": 360, "height": 640}


def in_view(page: Page, selector: str) -> bool:
    """The element's box lies across the viewport's width (scrolled to, it is fully seen)."""
    box = page.locator(selector).bounding_box()
    width = (page.viewport_size or PHONE)["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_make_see_once_and_revoke_a_token_on_a_phone(
    live_server: object, page: Page, transactional_db: None, patient: User
) -> None:
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, live_server)
    # reverse() loads the URL list (and the API behind it) here, not in the first request.
    address = f"{live_server}{reverse('accounts:tokens')}"
    page.goto(address)
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    check_axe(page, "tokens (360 wide)")
    page.get_by_label("Name").fill("my script")
    page.get_by_label("Read and write").check()
    make = page.get_by_role("button", name="Make the token")
    make.scroll_into_view_if_needed()
    assert in_view(page, "button.button[type=submit]")
    make.click()
    shown = page.get_by_role("textbox", name="Token “my script”")
    expect(shown).to_have_value(re.compile(r"^sup_"))
    assert in_view(page, "#new-token")
    check_axe(page, "tokens with a new one (360 wide)")
    screenshot(page, "phone-tokens")
    token = AccessToken.objects.get()
    assert token.scope == "write"

    page.goto(address)
    expect(page.get_by_role("textbox", name="Token “my script”")).to_have_count(0)
    page.get_by_role("button", name="Revoke the token my script").click()
    expect(page.get_by_role("status")).to_contain_text("no longer works")
    token.refresh_from_db()
    assert token.revoked_at is not None
    check_axe(page, "tokens after revoking (360 wide)")
