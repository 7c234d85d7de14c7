"""Steps shared by the browser tests of the session player in session mode."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from supple.accounts.models import User
from supple.domain import progression
from supple.library.services import current_catalog
from supple.programs.services import session_script

DATA_TAG = '<script id="player-data" type="application/json">'


def open_context(
    browser: Browser, live_server: Any, user: User, size: dict[str, int]
) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=size)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def with_sets(page: Page, sets: int) -> None:
    """The first exercise of today's plan at ``sets`` sets, as the server builds it."""

    def rewrite(route: Route) -> None:
        response = route.fetch()
        html = response.text()
        start = html.index(DATA_TAG) + len(DATA_TAG)
        end = html.index("</script>", start)
        data = json.loads(html[start:end])
        item = data["plans"]["normal"][0]
        dose = progression.Dose(
            item["exercise"], item["hold_s"], item["reps"], sets, item["per_side"]
        )
        step = session_script._step(current_catalog().exercise(item["exercise"]), dose)
        data["plans"]["normal"][0] = {**step, "swaps": item["swaps"]}
        body = html[:start] + json.dumps(data).replace("<", "\\u003C") + html[end:]
        route.fulfill(response=response, body=body)

    page.route("**/session/", rewrite)


def run_to_segment(page: Page, item: dict[str, Any], target: int) -> None:
    """From the start of the get-ready, on to 1 s into segment ``target``."""
    before = sum(s["seconds"] for s in item["timeline"][:target])
    page.clock.run_for((before + 1) * 1000)
    expect(page.locator("#player")).to_have_attribute("data-segment", str(target))


def first(items: list[dict[str, Any]], kind: str) -> tuple[int, int]:
    for index, item in enumerate(items):
        for n, segment in enumerate(item["timeline"]):
            if segment["kind"] == kind:
                return index, n
    raise AssertionError(f"no {kind} in today's plan")
