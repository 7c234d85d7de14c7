"""/exercises/<id>/figure.svg and the figure on the exercise page."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.test import Client

from supple.accounts.models import User
from supple.content import load_catalog
from supple.library import services
from supple.library.models import Exercise
from tests.conftest import PASSWORD


@pytest.fixture
def library(db: None) -> None:
    services.load_library(load_catalog())


def figure_url(exercise_id: str) -> str:
    return f"/exercises/{exercise_id}/figure.svg"


def test_the_figure_is_served_as_cacheable_svg(client: Client, library: None) -> None:
    response = client.get(figure_url("bridge"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert response["ETag"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert body.startswith("<svg")
    assert "<title" in body
    assert "<animate" in body
    again = client.get(figure_url("bridge"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_figure_is_gzipped_for_browsers_that_accept_it(client: Client, library: None) -> None:
    plain = client.get(figure_url("cat-camel"))
    zipped = client.get(figure_url("cat-camel"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_the_still_figure_is_served_for_reduced_motion_and_handouts(
    client: Client, library: None
) -> None:
    response = client.get("/exercises/bridge/figure-still.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    body = response.content.decode()
    assert "<animate" not in body
    assert "start and end positions" in body
    assert client.get("/exercises/nope/figure-still.svg").status_code == 404
    page = client.get("/exercises/bridge/").content.decode()
    assert (
        'srcset="/exercises/bridge/figure-still.svg" media="(prefers-reduced-motion: reduce)"'
        in page
    )


def test_an_unknown_exercise_has_no_figure(client: Client, library: None) -> None:
    assert client.get(figure_url("nope")).status_code == 404
    assert client.post(figure_url("bridge")).status_code == 405
    assert client.head(figure_url("bridge")).status_code == 200


def test_the_figure_is_public_like_the_library(
    client: Client, library: None, patient: User, outsider: User
) -> None:
    anonymous = client.get(figure_url("walk")).content
    client.login(username=patient.username, password=PASSWORD)
    assert client.get(figure_url("walk")).content == anonymous
    client.logout()
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(figure_url("walk")).content == anonymous


def test_a_broken_or_missing_figure_loses_the_picture_not_the_page(
    client: Client, library: None
) -> None:
    row = Exercise.objects.get(pk="bridge")
    row.figure = {"view": "sideways", "poses": {"a": {}}}
    with pytest.raises(Exception, match="figure"):
        row.full_clean()
    Exercise.objects.filter(pk="bridge").update(figure={"view": "sideways"})
    Exercise.objects.filter(pk="walk").update(figure={})
    services.bump_version()
    for exercise_id in ("bridge", "walk"):
        assert client.get(figure_url(exercise_id)).status_code == 404
        page = client.get(f"/exercises/{exercise_id}/")
        assert page.status_code == 200
        assert b"figure.svg" not in page.content


def test_loading_the_library_stores_the_figure_and_reads_it_back(library: None) -> None:
    shipped = load_catalog().exercise("lying-twist")
    stored = services.current_catalog().exercise("lying-twist")
    assert stored.figure == shipped.figure
    assert Exercise.objects.get(pk="lying-twist").figure == shipped.figure.as_dict()  # type: ignore[union-attr]
    again = services.load_library(load_catalog())
    assert not again.updated


def test_the_exercise_page_shows_the_figure_with_alt_text(client: Client, library: None) -> None:
    page = client.get("/exercises/knee-to-chest/").content.decode()
    assert 'src="/exercises/knee-to-chest/figure.svg"' in page
    assert 'alt="Animated figure of Knee-to-chest, seen from the side' in page
    assert "then the other side" in page
    assert "supple/figures" in page  # its stylesheet


def test_the_cached_figure_is_served_from_memory_with_at_most_one_query(
    client: Client, library: None, django_assert_max_num_queries: Any
) -> None:
    # Its speed is measured in bench/, not here: a wall-clock bound fails on a busy machine.
    client.get(figure_url("sciatic-nerve-floss"))  # drawn once, then kept in memory
    for _ in range(3):
        with django_assert_max_num_queries(1):
            response = client.get(figure_url("sciatic-nerve-floss"))
        assert response.status_code == 200


def test_the_player_asks_for_the_figure_without_its_own_hold_timing(
    client: Client, library: None
) -> None:
    # The library's figure fills a "hold 15 s" ring in about 3 s; the player counts the
    # dose's real hold itself, so its figure has no ring and no hold time of its own.
    timed = client.get(figure_url("bridge")).content.decode()
    assert "hold 15 s" in timed
    assert "stroke-dashoffset" in timed
    untimed = client.get(figure_url("bridge") + "?hold=off").content.decode()
    assert "stroke-dashoffset" not in untimed
    assert "15 s" not in untimed
    assert ">Hold<" in untimed
    still = client.get("/exercises/bridge/figure-still.svg?hold=off").content.decode()
    assert "15 s" not in still
    assert ">Hold<" in still
