"""Reminders, the private calendar address, downloads and deleting the account, in Chromium."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Page, expect

from supple.accounts.models import User
from supple.interop import fhir
from supple.interop.export import read_csv_zip, read_json
from supple.programs.models import Profile, Session
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, screenshot, sign_in


def test_reminders_form_and_the_private_calendar_address(
    live_server: object, page: Page, enrolled_pat: User
) -> None:
    sign_in(page, live_server)
    page.goto(f"{live_server}/reminders/")
    expect(page.get_by_role("heading", name="Reminders", level=1)).to_be_visible()
    check_axe(page, "reminders (phone)")
    page.get_by_role("group", name="Days for your routine").get_by_label("Monday").check()
    page.get_by_role("group", name="Days for your routine").get_by_label("Thursday").check()
    page.get_by_label("Time of your routine").fill("07:15")
    page.get_by_label("Alarm").select_option("15")
    page.get_by_label("Add reminders to take a break from sitting").check()
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders saved")
    profile = Profile.objects.get(user=enrolled_pat)
    assert (profile.routine_days, profile.routine_time) == ([0, 3], time(7, 15))
    screenshot(page, "phone-reminders")

    address = page.get_by_role("textbox", name="Calendar address").input_value()
    assert address.endswith(f"/calendar/{profile.calendar_token}.ics")
    # A calendar app has no session: fetch the address from a fresh, signed-out context.
    outside = page.context.browser.new_context()  # type: ignore[union-attr]
    feed = outside.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    [routine, *sitting] = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert routine["RRULE"]["BYDAY"] == ["MO", "TH"]
    assert len(sitting) == 16  # every 30 minutes from 09:30 to 17:00

    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_role("status")).to_contain_text("The old one no longer works")
    assert outside.request.get(address).status == 404
    fresh = page.get_by_role("textbox", name="Calendar address").input_value()
    assert fresh != address
    assert outside.request.get(fresh).status == 200
    outside.close()
    page.set_viewport_size(DESKTOP)
    check_axe(page, "reminders (desktop)")
    screenshot(page, "desktop-reminders")


def test_the_fhir_download_on_a_phone(
    live_server: object, page: Page, pat_with_history: User, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    sign_in(page, live_server)
    page.goto(f"{live_server}/my-data/")
    link = page.get_by_role("link", name="Download for health records (FHIR)")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport(ratio=1)
    box = link.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= 360
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("supple-pat-")
    assert saved.name.endswith(".fhir.json")
    bundle = fhir.read_json(saved.read_bytes())
    assert fhir.unresolved_references(bundle) == []
    sessions = Session.objects.filter(user=pat_with_history).count()
    minutes = [e for e in bundle.entry or () if getattr(e.resource, "valueQuantity", None)]
    assert len(minutes) == sessions


def test_downloads_and_deleting_the_account(
    live_server: object, page: Page, pat_with_history: User, tmp_path: Path
) -> None:
    sign_in(page, live_server)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/my-data/")
    check_axe(page, "data (desktop)")
    screenshot(page, "desktop-data")
    page.set_viewport_size(PHONE)
    check_axe(page, "data (phone)")
    screenshot(page, "phone-data")
    sessions = Session.objects.filter(user=pat_with_history).count()

    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download as JSON").click()
    saved = tmp_path / json_download.value.suggested_filename
    json_download.value.save_as(saved)
    assert saved.name.startswith("supple-pat-")
    assert len(read_json(saved.read_text())["tables"]["sessions"]) == sessions

    with page.expect_download() as zip_download:
        page.get_by_role("link", name="Download as spreadsheets (CSV)").click()
    archive = tmp_path / "export.zip"
    zip_download.value.save_as(archive)
    assert len(read_csv_zip(archive.read_bytes())["tables"]["sessions"]) == sessions

    confirm = page.get_by_label("Type your password to confirm")
    confirm.fill("not pat")
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_role("alert")).to_contain_text("type your password")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    check_axe(page, "data (error)")
    assert User.objects.filter(username="pat").exists()

    page.get_by_label("Type your password to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    check_axe(page, "deleted")
    assert not User.objects.filter(username="pat").exists()
    assert not Session.objects.exists()
    page.goto(f"{live_server}/progress/")
    expect(page).to_have_url(f"{live_server}/accounts/login/?next=/progress/")
