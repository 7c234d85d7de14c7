"""`supple today` with a program a clinician prescribed: the prescribed exercises, and the
clinician's note once (docs/clinical-rules.md section 11)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from supple.accounts.models import User
from supple.cli import main
from supple.library.services import current_catalog
from supple.programs.models import Profile
from supple.programs.services import prescriptions
from supple.programs.services.prescriptions import Draft
from tests.factories import NOW

pytestmark = pytest.mark.django_db


def test_today_in_the_terminal_follows_the_prescription_and_shows_the_note(
    enrolled: Profile,
    clinician: User,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalog = current_catalog()
    items = tuple(prescriptions.item_for(catalog.exercise(e)) for e in ("cat-camel", "bridge"))
    prescriptions.assign(
        clinician, enrolled.user, catalog, Draft(items=items), "Two exercises, slowly.", NOW
    )
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "Your physiotherapist changed your program: Two exercises, slowly." in out
    assert "- Added: Cat-camel" in out
    assert main(["today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["exercise"] for i in data["items"]] == ["cat-camel", "bridge"]
    # Told on the day of the change; not again the next day.
    at.append(NOW + timedelta(days=1))
    assert main(["today"]) == 0
    assert "changed your program" not in capsys.readouterr().out
