"""Today in a real browser: the next-morning check in one tap, the reasons for changes, the
flare switch (htmx), on a phone and a desktop, with axe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from supple.accounts.models import User
from supple.programs.models import Session
from tests.e2e.steps import check, sign_in
from tests.factories import do_session


def test_morning_check_changes_and_the_flare_switch(
    live_server: Any,
    browser: Browser,
    pat: User,
) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    do_session(pat, yesterday - timedelta(days=1), p_during=5)
    do_session(pat, yesterday, p_during=5)
    Session.objects.filter(date=(yesterday - timedelta(days=1)).date()).update(p_next=3)
    page = sign_in(browser, live_server, pat)
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Good morning")).to_be_visible()
    check(page, "today-morning")
    page.get_by_role("group", name="How is your back pain this morning").get_by_role(
        "button", name="2", exact=True
    ).click()
    expect(page.get_by_role("status")).to_have_text("Thank you: 2/10 on waking is saved.")
    assert Session.objects.get(date=yesterday.date()).p_next == 2
    # The decisions wait for the morning answer, then say why: amber holds the dose.
    changes = page.get_by_role("heading", name="What changed since last time")
    expect(changes).to_be_visible()
    expect(page.locator(".changes li").first).to_contain_text("a little sore last time")
    expect(page.locator(".changes-box")).not_to_contain_text("held:")
    check(page, "today-changes")

    switch = page.get_by_role("switch", name="My pain is 7 or more today")
    expect(switch).not_to_be_checked()
    expect(page.get_by_role("heading", name="Today's routine")).to_be_visible()
    switch.check()
    expect(page.get_by_role("heading", name="Today's gentle flare routine")).to_be_visible()
    expect(page.get_by_role("link", name="Start session")).to_have_attribute(
        "href", "/session/?flare=1"
    )
    check(page, "today-flare")
    # Remembered for the day: a reload (or another device) shows the flare routine.
    page.reload()
    expect(page.get_by_role("heading", name="Today's gentle flare routine")).to_be_visible()
    page.get_by_role("button", name="My pain has eased").click()
    expect(page.get_by_role("heading", name="Today's routine")).to_be_visible()
    expect(page.get_by_role("switch", name="My pain is 7 or more today")).not_to_be_checked()
    page.context.close()
