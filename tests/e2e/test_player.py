"""The session player in a real browser: a whole session with its one-tap prompts, the
connection cut and restored, a reload and another device resuming at the same exercise."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

from supple.accounts.models import User
from supple.programs.models import ExerciseLog, Session
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe, eventually, screenshot
from tests.e2e.steps import SPEED, signed_in, tap, title


def finish_exercise(page: Page, pain: str = "2", spread: str = "No") -> None:
    """Wait for the exercise to run its course, then answer its two prompts."""
    expect(title(page)).to_contain_text("Worst pain during", timeout=20_000)
    tap(page, pain)
    expect(title(page)).to_have_text("Did the pain spread down your leg?")
    tap(page, spread)


def assert_axe(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def test_a_whole_session_survives_a_lost_connection_and_a_reload(
    live_server: Any, browser: Browser, context: BrowserContext, pat: User
) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/today/")
    page.get_by_role("link", name="Start session").click()
    expect(title(page)).to_have_text("How is your pain right now?")
    assert_axe(page, "player, pain before")
    screenshot(page, "phone-player-pre")
    tap(page, "3")
    count = page.locator("#stage-count")
    expect(count).to_contain_text("Exercise 1 of")
    total = int(count.inner_text().rsplit(" ", 1)[1])
    assert total >= 3
    # The exercise's moving picture is shown, loaded from the library.
    picture = page.locator("#figure-img")
    expect(picture).to_have_attribute(
        "src", re.compile(r"^/exercises/[a-z0-9-]+/figure\.svg\?hold=off$")
    )
    expect(picture).to_have_attribute("alt", re.compile(r"^Moving picture of "))
    page.wait_for_function("document.getElementById('figure-img').naturalWidth > 0")
    screenshot(page, "phone-player-exercise")
    page.set_viewport_size(DESKTOP)
    assert_axe(page, "player, an exercise")
    page.set_viewport_size(PHONE)
    finish_exercise(page)
    # The first exercise's log reaches the server, and its answer the page, before the
    # connection drops (otherwise it would wait in the outbox too).
    assert eventually(lambda: ExerciseLog.objects.filter(session__user=pat).count() == 1)
    expect(page.locator("#sync")).to_have_text("Saved")

    # The connection drops: two exercises are done offline and wait in the outbox.
    expect(count).to_contain_text("Exercise 2 of")
    context.set_offline(True)
    finish_exercise(page, pain="4")
    finish_exercise(page, pain="3")
    expect(page.locator("#sync")).to_contain_text("Waiting to send")
    session = Session.objects.get(user=pat)
    assert session.entries.count() == 1
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync")).to_have_text("Saved")
    assert eventually(lambda: session.entries.count() == 3)
    assert sorted(session.entries.values_list("position", flat=True)) == [0, 1, 2]

    # A reload resumes at the same exercise; so does another device, from the server.
    expect(count).to_contain_text("Exercise 4 of")
    # The clock runs on: the page may be at the exercise or at its prompt; either way, the
    # same exercise.
    name = title(page).inner_text().removeprefix("Worst pain during ").rstrip("?")
    page.reload()
    expect(count).to_contain_text("Exercise 4 of")
    expect(title(page)).to_contain_text(name)
    other = signed_in(browser, live_server, pat)
    elsewhere = other.new_page()
    elsewhere.goto(f"{live_server.url}/session/")
    expect(elsewhere.locator("#stage-count")).to_contain_text("Exercise 4 of")
    expect(elsewhere.get_by_role("heading", level=1)).to_contain_text(name)
    other.close()

    for _ in range(4, total + 1):
        finish_exercise(page)
    expect(title(page)).to_have_text("How is your pain now?")
    tap(page, "2")
    # Once the end reaches the server, the summary page shows the session.
    expect(page).to_have_url(re.compile(r"/session/[0-9a-f-]+/summary/$"))
    expect(title(page)).to_have_text("Session done")
    screenshot(page, "phone-player-done")

    assert eventually(lambda: Session.objects.get(pk=session.pk).status == Session.Status.DONE)
    session.refresh_from_db()
    assert (session.p_pre, session.p_post) == (3, 2)
    entries = list(ExerciseLog.objects.filter(session=session).order_by("position"))
    # Every exercise arrived exactly once, with the pain given for it.
    assert [e.position for e in entries] == list(range(total))
    assert [e.p_during for e in entries[:3]] == [2, 4, 3]
    assert all(e.completed and not e.spread for e in entries)


def test_keyboard_pause_skip_swap_and_a_spreading_pain_stops_the_session(
    live_server: Any, context: BrowserContext, pat: User
) -> None:
    page = context.new_page()
    page.goto(f"{live_server.url}/session/")
    # Voice on by default; turned off, it stays off after a reload.
    voice = page.get_by_role("button", name="Voice on")
    expect(voice).to_have_attribute("aria-pressed", "true")
    voice.click()
    page.reload()
    expect(page.get_by_role("button", name="Voice off")).to_have_attribute("aria-pressed", "false")

    page.evaluate("window.supplePlayerSpeed = 1")  # real time: room to press keys
    tap(page, "5")
    expect(page.locator("#timer-label")).to_have_text("Get ready")
    page.keyboard.press("Space")
    pause = page.locator("#pause")
    expect(pause).to_have_text("Resume")
    expect(pause).to_have_attribute("aria-pressed", "true")
    shown = page.locator("#timer-number").inner_text()
    page.wait_for_timeout(1_500)  # a paused countdown must not move: nothing to wait for
    expect(page.locator("#timer-number")).to_have_text(shown)
    assert_axe(page, "player, paused")
    screenshot(page, "phone-player-paused")
    page.keyboard.press("Space")
    expect(pause).to_have_text("Pause")

    # Skip to the first exercise that has a same-kind alternative, and swap it.
    script = page.evaluate("JSON.parse(document.getElementById('player-data').textContent)")
    items = script["plans"]["normal"]
    target = next(i for i, item in enumerate(items) if item["swaps"])
    for _ in range(target):
        page.get_by_role("button", name="Skip").click()
    expect(page.locator("#stage-count")).to_contain_text(f"Exercise {target + 1} of")
    page.get_by_role("button", name="Swap").click()
    alternative = items[target]["swaps"][0]
    expect(pause).to_have_text("Resume")  # choosing pauses the countdown
    page.get_by_role("button", name=f"{alternative['name']} · {alternative['dose']}").first.click()
    expect(title(page)).to_have_text(alternative["name"])
    page.evaluate(f"window.supplePlayerSpeed = {SPEED}")
    finish_exercise(page, pain="3", spread="Yes")
    expect(title(page)).to_have_text("Stop here for today")
    expect(page.locator("#prompt p").first).to_have_text(
        f"The pain spread down your leg during {alternative['name']}."
    )
    expect(page.get_by_role("button", name="Go on")).to_have_count(0)
    assert_axe(page, "player, stop")
    tap(page, "Last question: your pain now")
    expect(title(page)).to_have_text("How is your pain now?")
    tap(page, "4")
    expect(page).to_have_url(re.compile(r"/session/[0-9a-f-]+/summary/$"))
    expect(title(page)).to_have_text("Stopped for today")

    session = Session.objects.get(user=pat)
    assert session.status == Session.Status.STOPPED
    assert session.spread
    entries = list(session.entries.order_by("position"))
    assert [e.skipped for e in entries] == [True] * target + [False]
    swapped = entries[-1]
    assert (swapped.exercise, swapped.swapped_from) == (
        alternative["exercise"],
        items[target]["exercise"],
    )
    assert swapped.spread
    assert swapped.p_during == 3
    # Safety over time: the spread asks the screen again at once.
    expect(page.get_by_role("link", name="Answer the safety questions")).to_be_visible()
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", name="Safety questions first")).to_be_visible()
    expect(page.get_by_role("link", name="Start session")).to_have_count(0)
