"""The handout as a PDF made on the server (WeasyPrint): its text read back with a PDF text
extractor, its pages drawn to PNG, the notice in every page's footer; the patient's own, and
their clinician's (audited)."""

from __future__ import annotations

import io
import os
from datetime import time, timedelta
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from supple.accounts.models import User
from supple.clinic.models import AuditEntry
from supple.programs.models import Profile
from tests.factories import enrol

NOTICE = "It is not a diagnosis or a treatment."
EMERGENCY = "at once if, since your back pain began"


@pytest.fixture
def pat_enrolled(library: None, patient: User) -> User:
    patient.first_name, patient.last_name = "Pat", "Quinn"
    patient.save()
    enrol(patient, timezone.now() - timedelta(hours=2))
    Profile.objects.filter(user=patient).update(routine_days=[0, 2, 4], routine_time=time(7, 30))
    return patient


def _pages(pdf: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def _png(pdf: bytes, folder: Path) -> list[Path]:
    """Every page drawn at 100 dpi; SUPPLE_HANDOUT_PNG keeps them in a folder to look at."""
    keep = os.environ.get("SUPPLE_HANDOUT_PNG")
    out = Path(keep) if keep else folder
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    document = pypdfium2.PdfDocument(pdf)
    for n in range(len(document)):
        image = document[n].render(scale=100 / 72).to_pil()
        path = out / f"handout-{n + 1}.png"
        image.save(path)
        paths.append(path)
    return paths


def test_the_patient_downloads_their_handout_as_a_pdf(
    client: Client, pat_enrolled: User, tmp_path: Path
) -> None:
    client.force_login(pat_enrolled)
    response = client.get(reverse("today-handout-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    pages = _pages(pdf)
    text = " ".join(pages)
    assert "For Pat Quinn, from Riverside Physio." in text
    assert "When: Mondays, Wednesdays and Fridays at 07:30." in text
    assert f"Sign in at http://testserver{resolve_url(settings.LOGIN_URL)}" in text
    assert "How to do it" in text
    assert "{#" not in text
    assert "{%" not in text
    # The notice of docs/clinical-rules.md section 10 at the foot of every page.
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert NOTICE in page, n
        assert EMERGENCY in page, n
        assert f"Page {n} of {len(pages)}" in page
    # Drawn: each page has ink beyond its footer (the figures and the words).
    for path in _png(pdf, tmp_path):
        from PIL import Image

        with Image.open(path) as image:
            grey = image.convert("L")
            top = grey.crop((0, 0, grey.width, grey.height * 2 // 3))
            dark = sum(top.histogram()[:128])
            assert dark > 2000, path


def test_a_clinician_of_the_clinic_gets_the_pdf_and_it_is_audited(
    client: Client, pat_enrolled: User, clinician: User, other_clinician: User
) -> None:
    url = reverse("clinic:handout-pdf", args=[pat_enrolled.pk])
    client.force_login(other_clinician)
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.exists()
    client.force_login(clinician)
    response = client.get(url)
    assert response.status_code == 200
    text = " ".join(_pages(response.content))
    assert "For Pat Quinn, from Riverside Physio." in text
    assert "How to do it" in text
    assert AuditEntry.objects.filter(
        actor_id=clinician.pk, patient_id=pat_enrolled.pk, what="handout (PDF)"
    ).exists()


def test_the_pdf_reads_no_file_but_the_apps_own_styles() -> None:
    from supple.web.pdf import StaticFilesOnly

    fetcher = StaticFilesOnly()
    assert fetcher.fetch("http://testserver/static/supple/handout.css").read()
    for url in ("file:///etc/passwd", "http://example.com/x.css", "http://testserver/static/../x"):
        with pytest.raises(ValueError, match="not one of the app's static files"):
            fetcher.fetch(url)
