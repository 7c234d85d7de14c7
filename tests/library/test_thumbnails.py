"""Thumbnails: the held position alone, beside each exercise's name in lists."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from supple.content import load_catalog
from supple.figures import render as figures
from supple.library import services


@pytest.fixture
def library(db: None) -> None:
    services.load_library(load_catalog())


def test_the_thumbnail_is_a_small_still_svg(client: Client, library: None) -> None:
    response = client.get("/exercises/bridge/thumbnail.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "<animate" not in svg
    assert 'aria-hidden="true"' in svg
    assert "hold" not in svg  # no ring nor label over a thumbnail
    assert client.get("/exercises/nope/thumbnail.svg").status_code == 404


def test_every_exercise_has_a_thumbnail_wider_than_tall_or_near_square() -> None:
    for exercise in load_catalog().exercises:
        svg = figures.thumbnail_svg(exercise)
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([0-9.]+)"', svg)[:2])
        assert width / height >= 0.6, exercise.id


def test_the_library_list_shows_a_thumbnail_beside_each_exercise(
    client: Client, library: None
) -> None:
    html = client.get("/exercises/").content.decode()
    catalog = load_catalog()
    for exercise in catalog.exercises:
        assert f'<img class="thumb" src="/exercises/{exercise.id}/thumbnail.svg" alt=""' in html
