from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from supple.domain.catalog import Catalog


def test_the_list_shows_every_exercise_with_its_dose(client: Client, loaded: Catalog) -> None:
    html = client.get("/exercises/").content.decode()
    assert "4 of 4 exercises" in html
    assert 'href="/exercises/knee-hug/"' in html
    assert "each side" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("position=standing", ["wall-push"]),
        ("surface=bed", ["knee-hug", "double-knee-hug"]),
        ("kind=strength", ["bridge", "wall-push"]),
        ("phase=2", ["bridge"]),
        ("search=knee+to+chest", ["knee-hug"]),
        ("kind=strength&surface=floor&phase=2", ["bridge"]),
    ],
)
def test_filters_and_search(
    client: Client, loaded: Catalog, query: str, expected: list[str]
) -> None:
    html = client.get(f"/exercises/?{query}").content.decode()
    shown = [e.id for e in loaded.exercises if f'href="/exercises/{e.id}/"' in html]
    assert shown == expected


@pytest.mark.parametrize("query", ["phase=9", "position=upside-down", "kind=dance"])
def test_a_bad_filter_is_a_400_that_names_it(client: Client, loaded: Catalog, query: str) -> None:
    response = client.get(f"/exercises/?{query}")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_htmx_gets_only_the_results(client: Client, loaded: Catalog) -> None:
    html = client.get("/exercises/?kind=strength", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html


def test_the_detail_page_has_everything(client: Client, loaded: Catalog) -> None:
    html = client.get("/exercises/knee-hug/").content.decode()
    for fragment in (
        "Lie on your back.",
        "Stop if the pain spreads",
        "Breathe out as you pull.",
        "Hold for 30 seconds.",
        "Article 1",
        "Morning in bed",
        'href="/exercises/double-knee-hug/"',
        "Also called knee to chest",
    ):
        assert fragment in html
    # Plain words: no seed file names, positions as a person says them.
    assert "003_seed.txt" not in html
    assert "Supine" not in html


def test_a_conventional_step_says_it_is_not_from_the_sources(
    client: Client, loaded: Catalog
) -> None:
    html = client.get("/exercises/wall-push/").content.decode()
    assert "Not from the source articles" in html
    # The editors' notes on the sources are for staff, not for the person exercising.
    assert "A conventional step." not in html
    from supple.accounts.models import User

    staff = User.objects.create_user("editor", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert "A conventional step." in client.get("/exercises/wall-push/").content.decode()


def test_an_unknown_exercise_is_404(client: Client, loaded: Catalog) -> None:
    assert client.get("/exercises/nope/").status_code == 404


def test_routines_and_learn(client: Client, loaded: Catalog) -> None:
    routines = client.get("/routines/").content.decode()
    assert routines.index("Knee hug") < routines.index("Double knee hug")
    learn = client.get("/learn/").content.decode()
    assert "Sitting breaks" in learn
    assert "Take a break." in learn


@pytest.mark.parametrize(
    "path",
    ["/exercises/", "/exercises/?kind=stretch", "/exercises/knee-hug/", "/routines/", "/learn/"],
)
def test_pages_cost_a_fixed_small_number_of_queries(
    client: Client, loaded: Catalog, path: str, django_assert_max_num_queries: Any
) -> None:
    client.get(path)  # warm the catalog cache, as any earlier request would
    with django_assert_max_num_queries(2):
        assert client.get(path).status_code == 200
