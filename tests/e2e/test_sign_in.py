from __future__ import annotations

from playwright.sync_api import Page, expect

from supple.accounts.models import User
from tests.conftest import PASSWORD
from tests.e2e.conftest import axe_violations, describe


def test_the_owner_sets_up_a_fresh_install(live_server: object, page: Page) -> None:
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", name="Welcome to Supple")).to_be_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_label("Choose a username").fill("pat")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    assert User.objects.get().username == "pat"


def test_pat_signs_in_through_the_real_page(live_server: object, page: Page, patient: User) -> None:
    page.goto(f"{live_server}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Supple", exact=True)).to_be_visible()


def test_a_wrong_password_is_explained(live_server: object, page: Page, patient: User) -> None:
    page.goto(f"{live_server}/accounts/login/")
    page.get_by_label("Username").fill("pat")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_home_and_about_pass_axe(live_server: object, page: Page, patient: User) -> None:
    for path in ("/", "/about/"):
        page.goto(f"{live_server}{path}")
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
