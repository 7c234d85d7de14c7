"""After a stop (a pain of 8 or more) and a new clear safety screen, Start starts a new
session: not the old stop screen, kept in the browser."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import BrowserContext, expect

from supple.accounts.models import User
from supple.programs.models import Session
from tests.e2e.conftest import eventually
from tests.e2e.steps import answer_screen, tap, title


def test_start_after_a_stop_and_a_clear_screen_starts_a_new_session(
    live_server: Any,
    context: BrowserContext,
    pat: User,
) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/session/")
    tap(page, "3")
    expect(title(page)).to_contain_text("Worst pain during", timeout=20_000)
    tap(page, "9")
    expect(title(page)).to_have_text("Did the pain spread down your leg?")
    tap(page, "No")
    expect(title(page)).to_have_text("Stop here for today")
    expect(page.locator("#prompt p").first).to_contain_text("Your pain reached 9/10 during")
    assert eventually(lambda: Session.objects.filter(user=pat).exists())
    first = Session.objects.get(user=pat)
    assert eventually(lambda: first.entries.filter(p_during=9).exists())
    # The person leaves without the last question; Today asks for the screen.
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Safety questions first")).to_be_visible()
    page.get_by_role("link", name="Answer the safety questions").first.click()
    answer_screen(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.goto(f"{live_server.url}/today/")
    page.get_by_role("link", name="Start session").click()
    expect(title(page)).to_have_text("How is your pain right now?")
    first.refresh_from_db()
    assert first.status == Session.Status.STOPPED
    assert first.entries.count() == 1  # what was done is kept
