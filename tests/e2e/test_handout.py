"""Handouts in a real browser: reached from Routines and Today, axe at phone and desktop
size, the Print button, and the printed form (no site chrome, no buttons, exercises kept
whole, the notice at the foot) down to a PDF."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from supple.accounts.models import User
from supple.content import load_catalog
from tests.e2e.steps import check, sign_in


def printed(page: Page, name: str) -> bytes:
    """The page as printed on A4: checks what print CSS hides and keeps, returns the PDF."""
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".handout-actions"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".handout-footer")).to_be_visible()
    expect(page.locator(".handout-footer")).to_contain_text("not a diagnosis or a treatment")
    breaks = page.locator(".handout-exercise").evaluate_all(
        "items => items.map(i => getComputedStyle(i).breakInside)"
    )
    assert breaks
    assert set(breaks) == {"avoid"}
    pdf = page.pdf(format="A4", print_background=True)
    folder = os.environ.get("SUPPLE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    return pdf


def test_routine_and_today_handouts_print(
    live_server: Any,
    browser: Browser,
    pat: User,
) -> None:
    routine = load_catalog().routines[0]
    page = sign_in(browser, live_server, pat)

    page.goto(f"{live_server.url}/routines/")
    # The routine's name is in the link's accessible name (visually hidden).
    page.get_by_role(
        "link", name=re.compile(rf"^Printable handout\W+{re.escape(routine.name)}$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(routine.name)
    expect(page.locator(".handout-exercise")).to_have_count(len(routine.members))
    expect(page.locator(".handout-exercise svg")).to_have_count(len(routine.members))
    check(page, "handout-routine")
    pdf = printed(page, "handout-routine")
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2

    page.goto(f"{live_server.url}/today/")
    page.get_by_role("link", name="Print today's routine").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My routine for")
    count = page.locator(".handout-exercise").count()
    assert count > 0
    expect(page.locator(".handout-exercise svg")).to_have_count(count)
    # The Print button opens the browser's print dialog: counted instead in a headless run.
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    check(page, "handout-today")
    assert printed(page, "handout-today").startswith(b"%PDF")
    page.context.close()
