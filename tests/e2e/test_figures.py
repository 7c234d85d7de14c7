"""Every exercise figure in a real Chromium: it renders, it moves, and under reduced motion
it shows its two still poses; the exercise page with its figure passes axe."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library.services import load_library
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, describe

IDS = [e.id for e in load_catalog().exercises]

# Every figure twice: as an <img> (how pages show it) and inline (how the player may).
GRID = """
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


@pytest.fixture
def library(transactional_db: None, patient: User) -> None:
    load_library(load_catalog())


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


def open_grid(page: Page, live_server: object) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/exercises/")
    page.evaluate(GRID, IDS)
    page.wait_for_function(
        "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    )


def test_every_figure_renders_and_moves(live_server: object, page: Page, library: None) -> None:
    open_grid(page, live_server)
    first = {i: shot(page, f"img[data-id='{i}']") for i in IDS}
    for exercise_id, image in first.items():
        assert inked(image) > INKED, f"{exercise_id}: the <img> is blank"
    # Inline, the animation's clock can be set: the start and the middle of the loop differ.
    for exercise_id in IDS:
        selector = f"[data-inline='{exercise_id}'] svg"
        page.eval_on_selector(selector, "svg => { svg.pauseAnimations(); svg.setCurrentTime(0) }")
        start = shot(page, selector)
        assert inked(start) > INKED, f"{exercise_id}: the inline figure is blank"
        # Halfway through the first move, after the rest at the start.
        page.eval_on_selector(selector, "svg => svg.setCurrentTime(1.4)")
        later = shot(page, selector)
        assert differs(start, later), f"{exercise_id}: the inline figure does not move"
    # As images they play on their own: after a moment most of them show another pose
    # (a few may be in a hold at both moments).
    page.wait_for_timeout(900)
    moved = [i for i in IDS if differs(first[i], shot(page, f"img[data-id='{i}']"))]
    assert len(moved) >= len(IDS) * 2 // 3, f"only {moved} moved"


def test_with_reduced_motion_the_figures_show_two_still_poses(
    live_server: object, browser: Browser, library: None
) -> None:
    context = browser.new_context(reduced_motion="reduce", viewport=DESKTOP)
    page = context.new_page()
    open_grid(page, live_server)
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
    page.wait_for_timeout(900)
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
