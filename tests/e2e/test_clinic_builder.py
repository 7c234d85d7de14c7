"""The program builder in Chromium: a clinician signs in, builds and assigns a program from a
clinic template in under a minute, changes a dose with a note, and the patient reads the
change on Today on their phone. axe checks every builder page at phone and desktop size."""

from __future__ import annotations

import time

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from supple.accounts.models import User
from supple.library.services import current_catalog
from supple.programs.models import PrescriptionVersion
from supple.programs.services import prescriptions
from supple.programs.services.prescriptions import Draft
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, check_axe, screenshot, sign_in

NOTE = "Two sets of pelvic tilts now: you are doing well."


def _template(clinician: User) -> None:
    catalog = current_catalog()
    items = tuple(prescriptions.item_for(catalog.exercise(e)) for e in ("pelvic-tilt", "cat-camel"))
    prescriptions.save_template(
        clinician, catalog, Draft(items=items), "Early days", timezone.now()
    )


def _sign_in_by_the_page(page: Page, live_server: object, username: str) -> None:
    page.goto(f"{live_server}{reverse('accounts:login')}", wait_until="domcontentloaded")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def _assign_from_the_template(page: Page, live_server: object) -> None:
    page.goto(f"{live_server}/clinic/patients/")
    page.get_by_role("link", name="pat", exact=True).click()
    page.get_by_role("link", name="Build or change pat’s program").click()
    expect(page.get_by_role("heading", name="Program for pat", level=1)).to_be_visible()
    page.get_by_label("A starting point").select_option(label="Early days")
    page.get_by_role("button", name="Start from this").click()
    expect(page.locator(".builder-items h3")).to_have_text(["Pelvic tilt", "Cat-camel"])
    page.get_by_label("Your note to pat").fill("Start with these two, gently.")
    page.get_by_role("button", name="Assign to pat").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 assigned to pat")


def test_a_clinician_builds_assigns_and_changes_a_program_that_the_patient_sees(
    live_server: object, page: Page, browser: Browser, pat: User, clinician: User
) -> None:
    _template(clinician)
    page.set_viewport_size(DESKTOP)
    began = time.monotonic()
    _sign_in_by_the_page(page, live_server, "cleo")
    _assign_from_the_template(page, live_server)
    assert time.monotonic() - began < 60
    assert PrescriptionVersion.objects.get().author_name == "cleo"

    # A dose changes, with a note.
    page.get_by_role("link", name="Change the program").click()
    sets = page.locator("#item-0-sets")
    expect(sets).to_have_value("1")
    sets.fill("2")
    page.get_by_label("Your note to pat").fill(NOTE)
    page.get_by_role("button", name="Assign to pat").click()
    expect(page.get_by_role("status")).to_contain_text("Version 2 assigned to pat")
    expect(page.get_by_role("heading", name="What changed from version 1 to 2")).to_be_visible()
    expect(page.get_by_text("Pelvic tilt: now hold 5 s, 10 times, 2 sets")).to_be_visible()

    # Pat, on their phone.
    theirs = browser.new_context(viewport=PHONE)
    theirs.set_default_timeout(10_000)
    phone = theirs.new_page()
    sign_in(phone, live_server, "pat")
    phone.goto(f"{live_server}/today/")
    told = phone.get_by_text(f"Your physiotherapist changed your program: {NOTE}")
    expect(told).to_be_in_viewport()
    expect(phone.get_by_text("Pelvic tilt: now hold 5 s, 10 times, 2 sets (was")).to_be_visible()
    check_axe(phone, "today with a changed program")
    screenshot(phone, "phone-today-program-changed")
    got_it = phone.get_by_role("button", name="Got it")
    got_it.scroll_into_view_if_needed()
    expect(got_it).to_be_in_viewport()
    got_it.click()
    expect(phone.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(phone.get_by_text("Your physiotherapist changed your program")).to_have_count(0)
    theirs.close()


def test_every_builder_page_passes_axe_on_a_phone_and_a_desktop(
    live_server: object, page: Page, pat: User, clinician: User
) -> None:
    _template(clinician)
    sign_in(page, live_server, "cleo")
    catalog = current_catalog()
    draft = Draft(items=(prescriptions.item_for(catalog.exercise("bridge")),))
    prescriptions.assign(clinician, pat, catalog, draft, "Bridges first.", timezone.now())
    pages = {
        f"/clinic/patients/{pat.pk}/program/": "Program for pat",
        f"/clinic/patients/{pat.pk}/program/versions/": "pat’s program",
        "/clinic/templates/": "Program templates",
        "/clinic/templates/new/": "New template",
    }
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for path, heading in pages.items():
            page.goto(f"{live_server}{path}")
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            check_axe(page, f"{heading} ({size})")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"{size}-builder-{path.strip('/').replace('/', '-')}")
