"""The clinic in Chromium: a clinician invites a patient, the patient accepts, the clinician
sees them in the list and opens their page; a red session comes first on the dashboard and
its flag is marked as seen; every clinician page passes axe, on a phone and a desktop."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from supple.accounts.models import Clinic, Role, User
from supple.clinic.models import AuditEntry, FlagSeen
from supple.programs import services
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, eventually, screenshot, sign_in
from tests.factories import do_session, enrol, make_user


def test_a_clinician_invites_a_patient_who_accepts(
    live_server: object,
    page: Page,
    browser: Browser,
    clinician: User,
    clinic_admin: User,
    outsider: User,
) -> None:
    sign_in(page, live_server, "cleo")
    page.goto(f"{live_server}/clinic/patients/")
    expect(page.get_by_role("heading", name="Patients of Riverside Physio")).to_be_visible()
    check_axe(page, "patient list, empty")
    page.get_by_role("link", name="Invite a patient").first.click()
    page.get_by_label("Who is it for?").fill("Oscar")
    make = page.get_by_role("button", name="Make an invitation")
    expect(make).to_be_in_viewport()
    make.click()
    expect(page.get_by_role("heading", name="Invitation ready for Oscar")).to_be_visible()
    check_axe(page, "invitation made")
    screenshot(page, "phone-clinic-invitation")
    # The long link wraps: nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    link = page.locator("#invite-link").inner_text().strip()

    # Oscar, on his own phone.
    theirs = browser.new_context(viewport=PHONE)
    phone = theirs.new_page()
    sign_in(phone, live_server, "oscar")
    phone.goto(link)
    join = phone.get_by_role("button", name="Join Riverside Physio")
    expect(join).to_be_in_viewport()
    join.click()
    expect(phone.get_by_role("status")).to_contain_text("You have joined Riverside Physio")
    expect(phone.get_by_text("your clinician is cleo")).to_be_visible()
    check_axe(phone, "my clinic")
    screenshot(phone, "phone-my-clinic")

    page.goto(f"{live_server}/clinic/patients/")
    oscar = page.get_by_role("link", name="oscar")
    expect(oscar).to_be_visible()
    check_axe(page, "patient list")
    screenshot(page, "phone-clinic-patients")
    oscar.click()
    expect(page.get_by_role("heading", name="oscar", level=1)).to_be_visible()
    check_axe(page, "patient page")
    assert AuditEntry.objects.filter(actor_id=clinician.pk, patient_id=outsider.pk).count() == 2

    # Oscar sees who looked.
    phone.reload()
    expect(phone.get_by_role("region", name="Table of who looked at your data")).to_contain_text(
        "cleo"
    )
    theirs.close()

    # The clinic's admin pages.
    page.context.clear_cookies()
    sign_in(page, live_server, "ada")
    page.set_viewport_size(DESKTOP)
    for path, heading in (
        ("/clinic/clinicians/", "Clinicians of Riverside Physio"),
        ("/clinic/audit/", "Audit trail"),
    ):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check_axe(page, heading)
        screenshot(page, "desktop-" + path.strip("/").replace("/", "-"))


SMALL_PHONE = {"width": 360, "height": 640}


def test_a_red_session_comes_first_on_the_dashboard_and_is_marked_seen(
    live_server: object, page: Page, clinician: User, clinic: Clinic, pat: User
) -> None:
    now = timezone.now()
    calm = make_user("amy", Role.PATIENT, clinic)
    enrol(calm, now - timedelta(days=2))
    do_session(calm, now - timedelta(days=1))
    # Pat's session yesterday was red, and her pain on waking today is 8.
    do_session(pat, now - timedelta(days=1), p_during=7, p_post=6)
    services.log_morning(pat, 8, now - timedelta(minutes=5))

    # Three sizes of two pages, each rendered by a test server on a shared machine: a longer
    # bound than the default for each wait (still a bound, never a sleep).
    page.context.set_default_timeout(30_000)
    sign_in(page, live_server, "cleo")
    for size in (SMALL_PHONE, PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"{live_server}/clinic/patients/")
        rows = page.get_by_role("region", name="Patients").locator("tbody tr")
        expect(rows).to_have_count(2)
        # Flagged first, although "amy" comes first by name.
        expect(rows.first.get_by_role("rowheader")).to_have_text("pat")
        expect(rows.first).to_contain_text("Pain of 8/10 the morning after a session")
        expect(page.get_by_role("link", name="pat", exact=True)).to_be_in_viewport()
        check_axe(page, f"dashboard at {size['width']}")
        screenshot(page, f"clinic-dashboard-{size['width']}")

    for size in (SMALL_PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"{live_server}/clinic/patients/{pat.pk}/")
        expect(page.get_by_role("heading", name="pat", level=1)).to_be_visible()
        seen = page.get_by_role(
            "button", name="Mark as seen: Pain of 8/10 the morning after a session"
        )
        expect(seen).to_be_visible()
        check_axe(page, f"patient page at {size['width']}")
        screenshot(page, f"clinic-patient-{size['width']}")

    page.set_viewport_size(SMALL_PHONE)
    seen.scroll_into_view_if_needed()
    expect(seen).to_be_in_viewport()
    seen.click()
    expect(page.get_by_role("status")).to_contain_text("Marked as seen")
    expect(seen).to_have_count(0)
    # The morning's pain of 8 also paused the program (its decision made by the morning
    # check): a flag of its own, seen separately.
    paused = page.get_by_role("button", name=re.compile(r"^Mark as seen: Program paused"))
    expect(paused).to_have_count(1)
    paused.click()
    expect(page.get_by_text("Nothing flagged.")).to_be_visible()
    assert eventually(lambda: FlagSeen.objects.filter(patient=pat, seen_by=clinician).exists())
    page.goto(f"{live_server}/clinic/patients/?flagged=1")
    expect(page.get_by_text("No patient matches.")).to_be_visible()
    check_axe(page, "dashboard, nothing flagged")
