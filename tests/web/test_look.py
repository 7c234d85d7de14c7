"""The app's frame: installable (manifest, icons, service worker), a favicon, styled error
pages and API docs that load nothing from another host."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from PIL import Image

from supple.accounts.models import User
from supple.web import views

STATIC = Path(views.__file__).resolve().parent / "static"


def static_file(url: str) -> Path:
    assert url.startswith("/static/"), url
    return STATIC / url.removeprefix("/static/")


def test_the_manifest_names_the_app_and_its_icons(client: Client, db: None) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Supple"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == views.THEME_COLOUR
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in manifest["icons"]:
        with Image.open(static_file(icon["src"])) as image:
            assert image.format == "PNG"
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_a_maskable_icon_fills_its_square_and_keeps_the_figure_in_the_safe_zone() -> None:
    with Image.open(STATIC / "supple/icons/icon-maskable-512.png") as opened:
        image = opened.convert("RGB")
    navy = image.getpixel((0, 0))
    assert image.getpixel((511, 511)) == navy  # no transparent corners to be cut
    box = Image.eval(image, lambda v: 255 if v > 200 else 0).convert("L").getbbox()
    assert box is not None  # the white figure is there ...
    centre, radius = 256, 0.4 * 512
    corners = [(box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])]
    for x, y in corners:  # ... inside the circle a mask always keeps
        assert (x - centre) ** 2 + (y - centre) ** 2 <= radius**2


def test_every_page_links_the_manifest_theme_colour_favicon_and_service_worker(
    client: Client, db: None
) -> None:
    html = client.get("/about/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'<meta name="theme-color" content="{views.THEME_COLOUR}">' in html
    assert 'href="/favicon.ico"' in html
    assert (
        '<script src="/static/supple/sw-register.js" defer data-service-worker="/sw.js"></script>'
        in html
    )
    # No inline script or style: a strict content security policy is coming.
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert " style=" not in html


def test_the_favicon_is_an_icon_file(client: Client, db: None) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    with Image.open(io.BytesIO(response.content)) as icon:
        assert icon.format == "ICO"


def test_the_service_worker_may_look_after_the_whole_site(client: Client, db: None) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assets = json.loads(re.search(r"const ASSETS = (\[.*?\]);", script, re.S).group(1))  # type: ignore[union-attr]
    for needed in (
        "/static/supple/supple.css",
        "/static/supple/player.js",
        "/static/supple/htmx-2.0.11.min.js",
        "/offline/",
    ):
        assert needed in assets
    for asset in assets:
        if asset.startswith("/static/"):
            assert static_file(asset).is_file()
    # Today, the player and its pictures are kept; the API (the writes) never is.
    assert r"/^\/today\/$/" in script
    assert r"/^\/session\/$/" in script
    assert "/api/" not in script


def test_the_service_worker_version_changes_with_the_static_files(
    client: Client, db: None, tmp_path: Path
) -> None:
    before = views._offline_assets()[0]
    (tmp_path / "supple").mkdir()
    (tmp_path / "supple" / "supple.css").write_text("body{}")
    views._offline_assets.cache_clear()
    try:
        with mock.patch.object(views, "STATIC_DIR", tmp_path):
            after = views._offline_assets()[0]
    finally:
        views._offline_assets.cache_clear()
    assert after != before


def test_the_offline_page_says_what_still_works(client: Client, db: None) -> None:
    html = client.get("/offline/").content.decode()
    assert "No connection" in html
    assert "sent when the connection returns" in html


def test_a_missing_page_is_a_styled_404_with_debug_off(
    client: Client, db: None, settings: Any
) -> None:
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert "/static/supple/supple.css" in html
    assert 'href="/exercises/"' in html
    assert '<main id="main"' in html


def test_a_server_error_is_a_styled_500_with_debug_off(
    db: None, settings: Any, patient: User
) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch.object(views, "render", side_effect=RuntimeError("boom")):
        response = client.get("/about/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "/static/supple/supple.css" in html
    assert "boom" not in html


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_the_api_docs_load_nothing_from_another_host(client: Client, db: None) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL.search(html)
    assert "cdn" not in html.lower()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/swagger-ui/swagger-ui-bundle-5.35.0.js" in scripts
    for url in [*scripts, *re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)]:
        assert static_file(url).is_file(), url
    # The settings travel as data, not as an inline script.
    settings = json.loads(
        re.search(
            r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S
        ).group(1)  # type: ignore[union-attr]
    )
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None


@pytest.mark.parametrize("path", ["/about/", "/exercises/", "/no-such-page/", "/offline/"])
def test_pages_have_one_main_heading(client: Client, db: None, path: str) -> None:
    html = client.get(path).content.decode()
    assert html.count("<h1") == 1
