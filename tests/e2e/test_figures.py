"""Every exercise figure in a real Chromium: it renders, it moves, and under reduced motion
it shows its two still poses; the exercise page with its figure passes axe."""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, BrowserContext, Page, Route

from supple.accounts.models import User
from supple.content import load_catalog
from supple.figures import render as figures
from supple.library.services import load_library
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe

CATALOG = load_catalog()
IDS = [e.id for e in CATALOG.exercises]
# The figures are drawn in-process and served to the browser from a made-up origin: the test
# is about how Chromium renders and animates them (the web view that serves them is tested in
# tests/library), so it needs neither the live server nor the database.
ORIGIN = "http://figures.test"
FIGURE_PATH = re.compile(r"^/exercises/([a-z0-9-]+)/(figure|figure-still)\.svg$")

# A figure twice: as an <img> (how pages show it) and inline (how the player may).
SHOW = """
async (ids) => {
  document.body.innerHTML = "";
  document.body.style.cssText = "margin:0;background:#fff";
  for (const id of ids) {
    // As the exercise page shows it: the stills when the reader asks for less motion.
    const picture = document.createElement("picture");
    picture.innerHTML = `<source srcset="/exercises/${id}/figure-still.svg"
      media="(prefers-reduced-motion: reduce)"><img src="/exercises/${id}/figure.svg">`;
    const img = picture.querySelector("img");
    img.dataset.id = id;
    img.style.cssText = "width:240px;height:160px;object-fit:contain;display:inline-block";
    document.body.append(picture);
  }
  for (const id of ids) {
    const box = document.createElement("div");
    box.dataset.inline = id;
    box.style.cssText = "width:240px;height:160px;display:inline-block";
    box.innerHTML = await (await fetch(`/exercises/${id}/figure.svg`)).text();
    const svg = box.querySelector("svg");
    svg.setAttribute("width", "240");
    svg.setAttribute("height", "160");
    document.body.append(box);
  }
}
"""
# Resolves once the page has painted this many frames (time for an animation to move on).
FRAMES = """
(count) => new Promise((done) => {
  const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : done(true));
  step(count);
})
"""


def serve(route: Route) -> None:
    path = urlsplit(route.request.url).path
    match = FIGURE_PATH.match(path)
    if match is None:
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><body>")
        return
    exercise = CATALOG.exercise(match[1])
    still = match[2] == "figure-still"
    text = figures.still_strip_svg(exercise) if still else figures.animated_svg(exercise)
    route.fulfill(status=200, content_type="image/svg+xml", body=text)


def figure_context(browser: Browser, **options: Any) -> BrowserContext:
    context = browser.new_context(viewport=DESKTOP, **options)
    context.set_default_timeout(10_000)
    context.route(f"{ORIGIN}/**", serve)
    return context


@pytest.fixture(scope="module")
def figure_page(browser: Browser) -> Iterator[Page]:
    """One page for every figure of the module: each test replaces its content."""
    context = figure_context(browser)
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    yield page
    context.close()


@pytest.fixture
def library(transactional_db: None, patient: User) -> None:
    load_library(CATALOG)


def shot(page: Page, selector: str) -> Image.Image:
    return Image.open(io.BytesIO(page.locator(selector).screenshot())).convert("RGB")


# A blank picture inks a few hundred pixels at most (the floor line); the thinnest figure,
# standing with its near limbs edged in white, about 1,450.
INKED = 1000


def inked(image: Image.Image) -> int:
    """How many pixels are clearly not white (the figure and its support)."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:200])


def differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is not None


def show(page: Page, ids: list[str]) -> None:
    page.evaluate(SHOW, ids)
    page.wait_for_function(
        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    )


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_figure_renders_and_moves(figure_page: Page, exercise_id: str) -> None:
    page = figure_page
    show(page, [exercise_id])
    image = "img[data-id]"
    first = shot(page, image)
    assert inked(first) > INKED, "the <img> is blank"
    # Inline, the animation's clock can be set: the start and the middle of the loop differ.
    inline = "[data-inline] svg"
    page.eval_on_selector(inline, "svg => { svg.pauseAnimations(); svg.setCurrentTime(0) }")
    start = shot(page, inline)
    assert inked(start) > INKED, "the inline figure is blank"
    # Halfway through the first move, after the rest at the start.
    page.eval_on_selector(inline, "svg => svg.setCurrentTime(1.4)")
    assert differs(start, shot(page, inline)), "the inline figure does not move"
    # As an image it plays on its own: it shows another pose within a loop (it may be in a
    # hold for a while).
    deadline = time.monotonic() + 15
    while not differs(first, shot(page, image)):
        assert time.monotonic() < deadline, "the <img> does not move"
        page.evaluate(FRAMES, 5)


def test_with_reduced_motion_the_figures_show_two_still_poses(browser: Browser) -> None:
    context = figure_context(browser, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    show(page, IDS)
    first = {i: shot(page, f"img[data-id='{i}']") for i in IDS}
    sources = page.eval_on_selector_all("img[data-id]", "imgs => imgs.map(i => i.currentSrc)")
    assert all(src.endswith("/figure-still.svg") for src in sources)
    for exercise_id in IDS:
        selector = f"[data-inline='{exercise_id}'] svg"
        styles = page.eval_on_selector(
            selector,
            "svg => [getComputedStyle(svg.querySelector('.moving')).display,"
            " getComputedStyle(svg.querySelector('.still')).display]",
        )
        assert styles == ["none", "inline"], exercise_id
        image = first[exercise_id]
        half = image.width // 2
        left, right = (
            image.crop((0, 0, half, image.height)),
            image.crop((half, 0, image.width, image.height)),
        )
        assert inked(left) > 300, f"{exercise_id}: no start pose"
        assert inked(right) > 300, f"{exercise_id}: no end pose"
        assert differs(left, right), f"{exercise_id}: start and end look the same"
    # Enough painted frames for a moving figure to have moved.
    page.evaluate(FRAMES, 60)
    for exercise_id in IDS:
        again = shot(page, f"img[data-id='{exercise_id}']")
        assert not differs(first[exercise_id], again), f"{exercise_id} moves under reduced motion"
    context.close()


def test_the_exercise_page_with_its_figure_passes_axe(
    live_server: object, page: Page, library: None
) -> None:
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server}/exercises/bridge/")
        figure = page.get_by_role("img", name="Animated figure of Bridge")
        figure.wait_for()
        assert page.evaluate("document.querySelector('.exercise-figure img').naturalWidth") > 0
        box = figure.bounding_box()
        assert box is not None
        assert box["width"] <= viewport["width"]
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        folder = os.environ.get("SUPPLE_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{size}-figure-bridge.png"), full_page=True)
