"""The Progress page and the functional scale in Chromium: the chart is drawn, its text
alternative is there, the scale is filled in by keyboard, and axe finds nothing."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from supple.accounts.models import User
from supple.programs.models import PsfsRating
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, screenshot, sign_in


def test_the_progress_page_draws_the_chart_with_a_text_alternative(
    live_server: object, page: Page, pat_with_history: User
) -> None:
    sign_in(page, live_server)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/progress/")
        expect(page.get_by_role("heading", name="Your progress", level=1)).to_be_visible()
        chart = page.get_by_role("img", name="Chart of pain before, after and the next morning")
        expect(chart).to_have_attribute("data-drawn", "true")
        box = chart.bounding_box()
        assert box is not None
        assert box["height"] > 200
        assert box["width"] > 300
        # Chart.js drew on the canvas: some pixels are not blank.
        painted = page.evaluate(
            """() => { const c = document.getElementById('pain-chart');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
        )
        assert painted > 1000
        summary = page.locator("#pain-summary")
        expect(summary).to_contain_text("Over 12 sessions")
        assert chart.get_attribute("aria-describedby") == "pain-summary"
        table = page.get_by_role("table", name="Your latest sessions")
        expect(table).to_be_visible()
        expect(table.get_by_role("columnheader")).to_have_text(
            ["Date", "Pain before", "Pain after", "Next morning", "Session"]
        )
        expect(table.get_by_role("row")).to_have_count(13)
        expect(
            page.get_by_role("heading", name="Your exercises: level and why it changed")
        ).to_be_visible()
        expect(page.locator(".ladder-card").first).to_contain_text("Now:")
        check_axe(page, f"progress ({size})")
        screenshot(page, f"{size}-progress")
    # Every decision of one exercise, on its own page.
    page.get_by_role("link", name="All ").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("every decision")
    expect(page.locator(".reason").first).to_be_visible()
    check_axe(page, "one exercise's decisions (desktop)")


def test_naming_and_scoring_activities_by_keyboard(
    live_server: object, page: Page, enrolled_pat: User
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/progress/")
    page.get_by_role("link", name="Name 3 to 5 activities").click()
    expect(page.get_by_role("heading", name="Activities you find hard", level=1)).to_be_visible()
    check_axe(page, "psfs (empty)")
    field = page.get_by_label("An activity you find hard because of your back")
    for name in ("Putting on socks", "Getting out of a car", "Lifting a shopping bag"):
        field.fill(name)
        field.press("Enter")
        expect(page.get_by_role("status")).to_contain_text(f"Added: {name}.")
        field = page.get_by_label("An activity you find hard because of your back")
    expect(page.get_by_text("A rating is due today.")).to_be_visible()
    # Scores by keyboard: focus the first radio of each group, arrow keys move the choice.
    for group, presses in (("Putting on socks", 3), ("Getting out of a car", 5)):
        radios = page.get_by_role("group", name=group).get_by_role("radio")
        radios.first.focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.get_by_role("group", name="Lifting a shopping bag").get_by_role(
        "radio", name="7", exact=True
    ).check()
    screenshot(page, "phone-psfs")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_role("status")).to_contain_text("Scores saved")
    scores = sorted(PsfsRating.objects.values_list("activity__name", "score"))
    assert scores == [
        ("Getting out of a car", 5),
        ("Lifting a shopping bag", 7),
        ("Putting on socks", 3),
    ]
    expect(page.get_by_text("Next rating due")).to_be_visible()
    page.set_viewport_size(DESKTOP)
    check_axe(page, "psfs (rated, desktop)")
    screenshot(page, "desktop-psfs")


def test_every_cell_of_the_history_fits_a_phone(
    live_server: object, page: Page, pat_with_history: User
) -> None:
    # Seen: at 360x640 the table's last column ("Session") was off-screen.
    sign_in(page, live_server)
    for viewport in ({"width": 360, "height": 640}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/progress/")
        table = page.get_by_role("table", name="Your latest sessions")
        rows = table.locator("tbody tr")
        expect(rows).to_have_count(12)
        for n in range(rows.count()):
            cells = rows.nth(n).locator("th, td")
            expect(cells).to_have_count(5)
            for c in range(5):
                # Not scrolled sideways into view: inside the screen as the page opens.
                cell = cells.nth(c)
                box = cell.bounding_box()
                assert box is not None, (viewport, n, c)
                assert box["x"] >= 0, (viewport, n, c, box)
                assert box["x"] + box["width"] <= viewport["width"] + 0.5, (viewport, n, c, box)
                # Each value keeps its heading in sight: its column's name or its own label.
                expect(cell).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        scroll = page.locator(".table-scroll").first
        assert scroll.evaluate("s => s.scrollWidth <= s.clientWidth"), viewport
        screenshot(page, f"progress-{viewport['width']}")
