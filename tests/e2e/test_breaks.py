"""The sitting-break timer in Chromium, with the page's clock under the test's control
(Playwright's clock API): the countdown runs, the break is called with a suggestion, a
notification and a sound, and each break taken counts once, even across a lost connection."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from supple.accounts.models import User
from supple.programs.models import SittingBreak
from supple.programs.services import breaks
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, screenshot, sign_in

START = datetime(2026, 11, 20, 9, 0)


def stop_time(page: Page) -> None:
    """After the page has loaded, its clock stands still: only run_for moves it on (timers
    fire as it passes)."""
    page.clock.pause_at(START + timedelta(minutes=1))


def axe_with_time(page: Page, where: str) -> None:
    """axe-core waits on timers of its own: let time flow while it runs, then stop it again
    a second later (a tick of the page's timer, no more)."""
    page.clock.resume()
    check_axe(page, where)
    now = page.evaluate("Date.now()") / 1000
    page.clock.pause_at(datetime.fromtimestamp(now + 1))


# Stand-ins that record what the page asks of the browser: a granted Notification and a
# Web Audio context whose oscillators count the beeps.
RECORDERS = """
window.__notes = [];
window.__beeps = 0;
window.Notification = class {
  constructor(title, options) { window.__notes.push([title, options && options.body]); }
  static get permission() { return window.__permission || "default"; }
  static requestPermission() { window.__permission = "granted"; return Promise.resolve("granted"); }
};
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  createOscillator() { window.__beeps += 1; return super.createOscillator(); }
};
"""


def test_the_timer_counts_down_calls_a_break_and_counts_it_once(
    live_server: object, page: Page, enrolled_pat: User
) -> None:
    breaks.set_interval(enrolled_pat, 25)
    page.add_init_script(RECORDERS)
    page.clock.install(time=START)
    sign_in(page, live_server)
    page.goto(f"{live_server}/breaks/")
    stop_time(page)
    clock = page.get_by_role("timer").first
    expect(clock).to_have_text("25:00")
    expect(page.get_by_role("heading", name="Time for a break")).to_be_hidden()
    axe_with_time(page, "breaks (ready)")
    screenshot(page, "phone-breaks")

    page.get_by_role("button", name="Also notify me in the background").click()
    expect(page.get_by_role("status").last).to_have_text(
        "Notifications are on.", use_inner_text=True
    )
    page.get_by_role("button", name="Start sitting timer").click()
    page.clock.run_for("10:00")
    expect(clock).to_have_text("15:00")
    # Pause holds the time; resume goes on from there.
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for("05:00")
    expect(clock).to_have_text("15:00")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for("14:00")
    expect(page.locator("#announce")).to_have_text("1 minute until your break.")
    page.clock.run_for("01:00")

    call = page.get_by_role("heading", name="Time for a break")
    expect(call).to_be_visible()
    expect(page.locator("#break-call")).to_be_focused()
    first = page.locator("#suggestion-name").inner_text()
    assert first in {s.name for s in breaks.suggestions(enrolled_pat)}
    expect(page.locator("#break-clock")).to_have_text("2:00")
    assert page.evaluate("window.__notes")[0][0] == "Time for a break"
    assert page.evaluate("window.__beeps") == 2
    axe_with_time(page, "breaks (break called)")
    screenshot(page, "phone-breaks-called")

    page.get_by_role("button", name="I took my break").click()
    expect(page.locator("#count")).to_have_text("1")
    expect(page.locator("#announce")).to_contain_text("Break logged")
    assert SittingBreak.objects.filter(user=enrolled_pat).count() == 1
    # The next break suggests the next exercise, and a lost connection loses nothing.
    expect(clock).to_have_text("25:00")
    page.context.set_offline(True)
    page.clock.run_for("25:01")
    expect(call).to_be_visible()
    if len(breaks.suggestions(enrolled_pat)) > 1:
        expect(page.locator("#suggestion-name")).not_to_have_text(first)
    page.get_by_role("button", name="I took my break").click()
    expect(page.locator("#announce")).to_contain_text("saved on this device")
    assert SittingBreak.objects.filter(user=enrolled_pat).count() == 1
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#count")).to_have_text("2")
    page.reload()  # the queue is empty: nothing is sent twice
    expect(page.locator("#count")).to_have_text("2")
    assert SittingBreak.objects.filter(user=enrolled_pat).count() == 2


def test_reduced_motion_and_a_desktop_screen(
    live_server: object, page: Page, enrolled_pat: User
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(DESKTOP)
    page.clock.install(time=START)
    sign_in(page, live_server)
    page.goto(f"{live_server}/breaks/")
    stop_time(page)
    page.get_by_label("Sit for").select_option("20")
    expect(page.get_by_role("timer").first).to_have_text("20:00")
    page.get_by_role("button", name="Start sitting timer").click()
    page.clock.run_for("20:01")
    expect(page.get_by_role("heading", name="Time for a break")).to_be_visible()
    assert "pulse" not in (page.locator("#break-call").get_attribute("class") or "")
    axe_with_time(page, "breaks (desktop, reduced motion)")
    screenshot(page, "desktop-breaks-called")
    page.get_by_role("button", name="Skip this one").click()
    expect(page.get_by_role("timer").first).to_have_text("20:00")
    assert SittingBreak.objects.count() == 0
    assert breaks.interval_for(enrolled_pat) == 20  # the choice is kept
    page.set_viewport_size(PHONE)
