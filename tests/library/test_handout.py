"""The printable routine handout: every member in order, with its figure, dose, steps and the
notice; public like the library."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from supple.content import load_catalog
from supple.domain.catalog import Catalog
from supple.library.services import load_library

FORBIDDEN = re.compile(r"\b(safe|safely|guaranteed?|cures?|treat|treats)\b", re.IGNORECASE)


@pytest.fixture
def shipped(db: None) -> Catalog:
    catalog = load_catalog()
    load_library(catalog)
    return catalog


def items(html: str) -> list[str]:
    return re.findall(
        r'<li class="handout-exercise">(.*?)</li>\s*'
        r'(?=<li class="handout-exercise"|</ol>\s*</div>)',
        html,
        re.S,
    )


def test_every_routine_prints_its_members_in_order_with_figure_dose_steps_and_notice(
    client: Client, shipped: Catalog, settings: object
) -> None:
    settings.SUPPLE_EMERGENCY_NUMBER = "999"  # type: ignore[attr-defined]
    assert shipped.routines
    for routine in shipped.routines:
        response = client.get(f"/routines/{routine.id}/handout/")
        assert response.status_code == 200
        html = response.content.decode()
        members = shipped.select(routine.members)
        blocks = items(html)
        assert len(blocks) == len(members), routine.id
        for block, exercise in zip(blocks, members, strict=True):
            assert escape(exercise.name) in block  # in the routine's order
            assert escape(exercise.dosage_text) in block
            assert all(escape(step) in block for step in exercise.steps)
            assert all(escape(caution) in block for caution in exercise.cautions)
            if exercise.figure:
                assert block.count("<svg") == 1
                assert escape(f"{exercise.name}: start and end positions") in block
        assert "not a diagnosis or a treatment" in html
        assert "Call 999 at once" in html
        assert "especially if you are pregnant, have had surgery" in html
        assert "severe pain or pain that spreads" in html
        assert "data-print" in html  # a print button (its script is a file: no inline handler)
        assert "supple/handout.css" in html


def test_every_shipped_exercise_in_a_routine_has_a_figure(shipped: Catalog) -> None:
    # The handout's promise of a picture per exercise rests on this.
    for routine in shipped.routines:
        assert all(e.figure for e in shipped.select(routine.members)), routine.id


def test_the_handout_makes_no_medical_claim(client: Client, shipped: Catalog) -> None:
    routine = shipped.routines[0]
    html = client.get(f"/routines/{routine.id}/handout/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)


def test_an_unknown_routine_is_404(client: Client, shipped: Catalog) -> None:
    assert client.get("/routines/no-such-routine/handout/").status_code == 404
    assert client.post(f"/routines/{shipped.routines[0].id}/handout/").status_code == 405


def test_the_routines_page_links_each_routine_to_its_handout(
    client: Client, shipped: Catalog
) -> None:
    html = client.get("/routines/").content.decode()
    for routine in shipped.routines:
        assert f'href="/routines/{routine.id}/handout/"' in html
    assert html.count("Printable handout") == len(shipped.routines)


def test_a_handout_reads_nothing_from_the_database_once_the_library_is_cached(
    client: Client, shipped: Catalog
) -> None:
    from django.db import connection

    path = f"/routines/{shipped.routines[0].id}/handout/"
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) <= 2, [q["sql"] for q in queries]
