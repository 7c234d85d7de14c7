"""Onboarding in a real browser: the notice, the intake, the safety screen, the first plan;
then an emergency answer, shown first and alone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from supple.programs.models import Consent, Profile, ScreenRecord
from tests.e2e.steps import answer_screen, check, sign_in


def test_onboarding_end_to_end_then_an_emergency_answer(
    live_server: Any, browser: Browser, transactional_db: None, patient: User
) -> None:
    load_library(load_catalog())
    page = sign_in(browser, live_server, patient)
    page.goto(f"{live_server.url}/today/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    check(page, "onboarding-notice")
    page.get_by_role("button", name="I agree, go on").click()
    expect(page.get_by_role("alert")).to_have_text("Please tick the box to go on.")
    page.get_by_label("I have read this notice").check()
    page.get_by_role("button", name="I agree, go on").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About your back")
    expect(page.get_by_label("Wall")).to_be_checked()
    expect(page.get_by_label("Chair")).to_be_checked()
    check(page, "onboarding-intake")
    page.get_by_role("group", name="How bad is your back pain right now?").get_by_label(
        "4", exact=True
    ).check()
    page.get_by_label("1 to 6 weeks").check()
    page.get_by_label("How old are you?").fill("52")
    page.get_by_role("group", name="Can you get down to the floor").get_by_label("Yes").check()
    page.get_by_label("How many minutes").fill("10")
    page.get_by_label("Exercise mat").check()
    page.get_by_label("Bending forward or sitting eases it").check()
    page.get_by_role("button", name="Next: safety questions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Safety questions")
    check(page, "onboarding-screen")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer every question")
    answer_screen(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.get_by_role("link", name="See your first plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your first plan")
    expect(page.get_by_role("heading", name="How your program adapts")).to_be_visible()
    check(page, "onboarding-plan")
    page.get_by_role("link", name="Go to today").click()
    expect(page.get_by_role("link", name="Start session")).to_be_visible()

    assert Consent.objects.filter(user=patient).exists()
    profile = Profile.objects.get(user=patient)
    assert (profile.pain_now, profile.age, profile.minutes, profile.direction) == (
        4,
        52,
        10,
        "flexion",
    )
    assert sorted(profile.equipment) == ["chair", "mat", "wall"]
    assert ScreenRecord.objects.get(user=patient).trigger == "intake"

    # An emergency answer: the emergency message, first and alone, on every page after it.
    page.goto(f"{live_server.url}/check/")
    answer_screen(page, yes=("E1",))
    expect(page.get_by_role("heading", level=1)).to_have_text("Seek emergency care now")
    expect(page.get_by_role("link", name="Call 112")).to_have_attribute("href", "tel:112")
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(1)
    check(page, "emergency")
    for path in ("/today/", "/session/", "/check/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Seek emergency care now")
    page.context.close()
