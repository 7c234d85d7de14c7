"""The clinic in Chromium: a clinician invites a patient, the patient accepts, the clinician
sees them in the list and opens their page; every clinician page passes axe."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from supple.accounts.models import User
from supple.clinic.models import AuditEntry
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, screenshot, sign_in


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
