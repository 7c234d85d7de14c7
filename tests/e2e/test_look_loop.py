"""axe on the rest of the patient's pages, at phone and desktop size: every stage of the player
in session mode (pain now, get ready, a hold, repetitions, a rest, a switch of sides, worst
pain, spread, stop, pain after, done), the summary, the flare-day Today, the handout, the
activity scale, one exercise's history, the clinic page, the safety questions (with their
messages) and each screen result."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from supple.accounts.models import User
from supple.programs import services
from supple.programs.models import Decision, Session
from supple.programs.services import flare
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, screenshot
from tests.e2e.session_mode import first, open_context, run_to_segment, with_sets
from tests.factories import CLEAR, do_session

SIZES = (("phone", PHONE), ("desktop", DESKTOP))


def check(page: Page, where: str, *, clock: bool = False) -> None:
    """axe finds nothing and nothing is wider than the screen. ``clock``: the page runs on
    Playwright's paused clock, which axe's own timers need running: it runs on from here."""
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (page.viewport_size or {"width": 0})["width"], f"{where} is {width} px wide"
    screenshot(page, where.replace(" ", "-"))
    if clock:
        page.clock.resume()  # from here on the page's time runs on its own
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


@pytest.fixture(params=SIZES, ids=[name for name, _ in SIZES])
def size(request: pytest.FixtureRequest) -> tuple[str, dict[str, int]]:
    value: tuple[str, dict[str, int]] = request.param
    return value


@pytest.fixture
def player(
    browser: Browser, live_server: Any, pat: User, size: tuple[str, dict[str, int]]
) -> Iterator[Any]:
    """Opens the player on a fresh session (the last one's rows removed), its clock paused."""
    opened: list[BrowserContext] = []

    def open_player(sets: int | None = None) -> Page:
        for context in opened:
            context.close()
        opened.clear()
        Session.objects.filter(user=pat).delete()
        context = open_context(browser, live_server, pat, size[1])
        opened.append(context)
        page = context.new_page()
        if sets is not None:
            with_sets(page, sets)
        page.clock.install()
        page.goto(f"{live_server.url}/session/")
        page.clock.pause_at(page.evaluate("Date.now()") + 1_000)
        return page

    yield open_player
    for context in opened:
        context.close()


def start(page: Page) -> list[dict[str, Any]]:
    page.get_by_role("button", name="3", exact=True).click()
    expect(page.locator("#timer-label")).to_have_text("Get ready")
    expect(page.locator("#sync")).to_have_attribute("data-sync", "saved")
    data = json.loads(page.locator("#player-data").text_content() or "{}")
    items: list[dict[str, Any]] = data["plans"]["normal"]
    return items


def skip_to(page: Page, index: int) -> None:
    for n in range(index):
        page.get_by_role("button", name="Skip", exact=True).click()
        expect(page.locator("#stage-count")).to_contain_text(f"Exercise {n + 2} of")


@pytest.mark.parametrize(
    ("kind", "label", "sets"),
    [
        ("hold", None, None),
        ("reps", "Rep 1 of", None),
        ("rest", "Rest", 2),
        ("switch", None, None),
    ],
)
def test_each_moment_of_an_exercise_passes_axe(
    player: Any, size: tuple[str, dict[str, int]], kind: str, label: str | None, sets: int | None
) -> None:
    page = player(sets)
    items = start(page)
    index, n = first(items, kind)
    skip_to(page, index)
    run_to_segment(page, items[index], n)
    if label:
        expect(page.locator("#timer-label")).to_contain_text(label)
    check(page, f"player {kind} {size[0]}", clock=True)


def test_the_questions_after_an_exercise_a_stop_and_the_summary_pass_axe(
    player: Any, size: tuple[str, dict[str, int]]
) -> None:
    page = player()
    expect(page.get_by_role("heading", level=1)).to_have_text("How is your pain right now?")
    check(page, f"player pain now {size[0]}", clock=True)
    items = start(page)
    check(page, f"player get ready {size[0]}", clock=True)
    page.clock.run_for(sum(s["seconds"] for s in items[0]["timeline"]) * 1000 + 1000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Worst pain during")
    check(page, f"player worst pain {size[0]}", clock=True)
    page.get_by_role("button", name="4", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Did the pain spread down your leg?")
    check(page, f"player spread {size[0]}", clock=True)
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop here for today")
    check(page, f"player stop {size[0]}", clock=True)
    page.get_by_role("button", name="Last question: your pain now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How is your pain now?")
    check(page, f"player pain after {size[0]}", clock=True)
    page.get_by_role("button", name="3", exact=True).click()
    # Once the end reaches the server, the page moves on to the summary by itself.
    expect(page).to_have_url(re.compile(r"/session/[0-9a-f-]+/summary/$"))
    check(page, f"summary stopped {size[0]}", clock=True)


@pytest.fixture
def signed_in(
    browser: Browser, live_server: Any, pat_with_history: User
) -> Iterator[tuple[Page, User]]:
    client = Client()
    client.force_login(pat_with_history)
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield context.new_page(), pat_with_history
    context.close()


def check_sizes(page: Page, url: str, name: str) -> None:
    for size, viewport in SIZES:
        page.set_viewport_size(viewport)
        page.goto(url)
        check(page, f"{name} {size}")


def test_the_other_patient_pages_pass_axe(live_server: Any, signed_in: tuple[Page, User]) -> None:
    page, user = signed_in
    base = live_server.url
    done = do_session(user, timezone.now() - timedelta(hours=1))
    ladder = Decision.objects.filter(user=user).values_list("ladder", flat=True).first()
    assert ladder
    pages = (
        ("today", "/today/"),
        ("progress", "/progress/"),
        ("summary", f"/session/{done}/summary/"),
        ("handout", "/today/handout/"),
        ("activities", "/progress/activities/"),
        ("one exercise", f"/progress/exercises/{ladder}/"),
        ("my clinic", "/my-clinic/"),
        ("join a clinic", "/join/"),
        ("safety questions", "/check/"),
    )
    for name, path in pages:
        check_sizes(page, f"{base}{path}", name)
    # The safety questions with their messages: every question left unanswered.
    page.goto(f"{base}/check/")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please answer every question")
    check(page, "safety questions unanswered")
    # A flare day, remembered on Today.
    flare.mark_flare(user, timezone.now())
    check_sizes(page, f"{base}/today/", "today flare day")


@pytest.mark.parametrize(
    ("answer", "heading"),
    [
        ("U1", "Please see a clinician within 48 hours"),
        ("C1", None),
        ("G1", None),
        (None, None),
        ("E1", "Seek emergency care now"),
    ],
)
def test_each_screen_result_passes_axe(
    live_server: Any,
    browser: Browser,
    pat: User,
    answer: str | None,
    heading: str | None,
) -> None:
    answers = dict(CLEAR)
    if answer:
        answers[answer] = True
    services.record_screen(pat, answers, now=timezone.now())
    for size, viewport in SIZES:
        context = open_context(browser, live_server, pat, viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/check/result/")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check(page, f"screen result {answer or 'clear'} {size}")
        context.close()
