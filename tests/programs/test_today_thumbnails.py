"""Today's list shows each exercise's picture beside its name."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from supple.accounts.models import User
from supple.programs import services
from tests.programs.conftest import CLEAR, INTAKE


def test_todays_list_has_a_thumbnail_per_exercise(
    client: Client, patient: User, library: None
) -> None:
    yesterday = timezone.now() - timedelta(days=1)
    services.accept_disclaimer(patient, yesterday)
    services.save_intake(patient, INTAKE, yesterday)
    services.record_screen(patient, CLEAR, trigger="intake", now=yesterday)
    client.force_login(patient)
    html = client.get("/today/").content.decode()
    names = re.findall(r'<a class="plan-name" href="/exercises/([a-z0-9-]+)/"', html)
    thumbs = re.findall(r'<img class="thumb" src="/exercises/([a-z0-9-]+)/thumbnail.svg"', html)
    assert names
    assert thumbs == names
