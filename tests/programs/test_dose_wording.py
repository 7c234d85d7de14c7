"""One wording of a dose on every page: a breathing exercise or a walk is "For 1 min", never
"Hold" (supple.domain.dosage.dose_words)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.domain.timeline import TIMED_KINDS
from tests.factories import enrol

BREATHING = "Breathing body scan"


@pytest.fixture
def pat(client: Client, library: None, patient: User) -> User:
    """Pat enrolled yesterday: today's routine opens with the breathing scan, 1 min."""
    enrol(patient, timezone.now() - timedelta(days=1))
    client.force_login(patient)
    return patient


def _dose_after(html: str, name: str) -> str:
    """The dose shown in the same list entry as the exercise ``name``."""
    at = html.index(name)
    match = re.search(r'class="[^"]*dose[^"]*">\s*(?:<strong>)?([^<]+)<', html[at:])
    assert match, f"no dose after {name}"
    return match.group(1).strip()


def test_today_says_for_1_min_for_the_breathing_scan(client: Client, pat: User) -> None:
    html = client.get("/today/").content.decode()
    assert _dose_after(html, BREATHING) == "For 1 min"


def test_handout_says_for_1_min_for_the_breathing_scan(client: Client, pat: User) -> None:
    html = client.get("/today/handout/").content.decode()
    assert _dose_after(html, BREATHING) == "For 1 min"


def test_player_says_for_1_min_for_the_breathing_scan(client: Client, pat: User) -> None:
    html = client.get("/session/").content.decode()
    data = re.search(r'<script id="player-data" type="application/json">(.*?)</script>', html, re.S)
    assert data
    items = json.loads(data.group(1))["plans"]["normal"]
    doses = {item["exercise"]: item["dose"] for item in items}
    assert doses["breathing-body-scan"] == "For 1 min"
    offered = [s for item in items for s in item.get("swaps", ())]
    for swap in offered:
        if swap["kind"] in TIMED_KINDS:
            assert swap["dose"].startswith(("For", "About")), swap


@pytest.mark.parametrize(
    ("exercise", "words"), [("walk", "For 1–2 min"), ("breathing-body-scan", "For 1 min")]
)
def test_library_says_for_not_hold(client: Client, pat: User, exercise: str, words: str) -> None:
    detail = client.get(f"/exercises/{exercise}/").content.decode()
    assert f"<strong>{words}" in detail
    listing = client.get("/exercises/").content.decode()
    name = "Walk" if exercise == "walk" else BREATHING
    assert _dose_after(listing, f">{name}<").startswith(words)
