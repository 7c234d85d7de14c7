"""The article review page: import, edit, accept into the library or a clinic, and refuse
bad input with a clear message, keeping nothing half-written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from supple.accounts.models import User
from supple.accounts.services import create_user
from supple.library.models import ArticleImport, ImportedExercise, LibraryVersion
from supple.library.services import current_catalog
from tests.conftest import PASSWORD
from tests.importer.sample import ARTICLE

# The review page test's article (long lines as pasted from a web page).


@pytest.fixture
def curator(library: None) -> User:
    return create_user("cora", PASSWORD, curator=True)


def _import(client: Client, text: str = ARTICLE) -> ArticleImport:
    response = client.post(
        reverse("clinic:import"), {"text": text, "address": "https://example.org/stretches"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ArticleImport.objects.latest("id")


def _form(article: ArticleImport, number: int, **changes: object) -> dict[str, object]:
    draft = article.drafts[number - 1]
    data: dict[str, object] = {
        "name": draft["name"],
        "position": draft["position"] or "",
        "steps": "\n".join(draft["steps"]),
        "per_side": {True: "yes", False: "no"}.get(draft["per_side"], ""),
        "frequency": "",
        "cautions": "",
    }
    for name in ("hold_s", "reps", "sets", "rest_s"):
        low, high = draft[name] or ("", "")
        data[f"{name}_min"], data[f"{name}_max"] = low, high
    data.update(changes)
    return {f"d{number}-{key}": value for key, value in data.items()}


def _accept(client: Client, article: ArticleImport, number: int, into: str, **changes: object):  # type: ignore[no-untyped-def]
    url = reverse("clinic:import-accept", args=[article.pk, number])
    return client.post(url, {**_form(article, number, **changes), "into": into})


def test_a_curator_imports_edits_a_dose_and_accepts_into_the_library(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    token = LibraryVersion.objects.get().token
    catalog_size = len(current_catalog().exercises)
    article = _import(client)
    page = client.get(reverse("clinic:import-review", args=[article.pk])).content.decode()
    assert "Draft 1: Wall Slide" in page
    assert '<mark title="draft 1: hold">Hold for 5 seconds.' in page
    response = _accept(client, article, 1, "library", hold_s_min=5, hold_s_max=10)
    assert response.status_code == 302
    entry = ImportedExercise.objects.get()
    assert (entry.name, entry.hold_s_min, entry.hold_s_max) == ("Wall Slide", 5, 10)
    assert entry.clinic is None
    assert entry.adds_to is None
    assert not entry.reviewed
    assert entry.address == "https://example.org/stretches"
    assert entry.quotes["hold_s"] == ["Hold for 5 seconds."]
    # Kept out of the catalog: the version token and the plans' exercises are unchanged.
    assert LibraryVersion.objects.get().token == token
    assert len(current_catalog().exercises) == catalog_size
    listed = client.get(reverse("clinic:imported")).content.decode()
    assert "Wall Slide" in listed
    assert "awaiting review" in listed
    # A second press changes nothing.
    _accept(client, article, 1, "library")
    assert ImportedExercise.objects.count() == 1


def test_a_matched_draft_adds_its_sources_to_the_known_exercise(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    article = _import(client)
    assert article.drafts[1]["match"] == "knee-to-chest"
    _accept(client, article, 2, "library")
    entry = ImportedExercise.objects.get()
    assert entry.adds_to_id == "knee-to-chest"
    assert "A new source of" in client.get(reverse("clinic:imported")).content.decode()


def test_a_clinician_accepts_into_their_clinic_only(
    client: Client, library: None, clinician: User, other_clinician: User
) -> None:
    client.force_login(clinician)
    article = _import(client)
    assert _accept(client, article, 1, "library").status_code == 403
    assert _accept(client, article, 1, "clinic", reps_min=10, reps_max=12).status_code == 302
    entry = ImportedExercise.objects.get()
    assert entry.clinic_id == clinician.clinic_id
    assert entry.reps_max == 12
    assert "Wall Slide" in client.get(reverse("clinic:exercises")).content.decode()
    client.force_login(other_clinician)
    assert "Wall Slide" not in client.get(reverse("clinic:exercises")).content.decode()
    # Someone else's import is not found, let alone accepted.
    review = reverse("clinic:import-review", args=[article.pk])
    assert client.get(review).status_code == 404
    assert _accept(client, article, 2, "clinic").status_code == 404


def test_a_curator_without_a_clinic_cannot_accept_into_a_clinic(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    article = _import(client)
    assert _accept(client, article, 1, "clinic").status_code == 403
    assert not ImportedExercise.objects.exists()


def test_a_broken_range_is_refused_and_nothing_is_kept(client: Client, curator: User) -> None:
    client.force_login(curator)
    article = _import(client)
    response = _accept(client, article, 1, "library", hold_s_min=30, hold_s_max=5)
    assert response.status_code == 400
    assert "The top of the range is below its bottom." in response.content.decode()
    assert not ImportedExercise.objects.exists()


def test_patients_may_not_import(client: Client, library: None, patient: User) -> None:
    client.force_login(patient)
    assert client.get(reverse("clinic:import")).status_code == 403
    assert client.post(reverse("clinic:import"), {"text": ARTICLE}).status_code == 403
    assert not ArticleImport.objects.exists()


@pytest.mark.parametrize(
    ("upload", "status", "message"),
    [
        ({"text": "   "}, 400, "Paste the article"),
        ({"page": SimpleUploadedFile("x.bin", b"\x00\x01binary")}, 400, "binary"),
        (
            {"page": SimpleUploadedFile("x.html", b"<html><body><p>Hello.</p></body></html>")},
            422,
            "No exercises were found",
        ),
        ({"page": SimpleUploadedFile("big.txt", b"x" * (50 * 1024 * 1024))}, 413, "over 5 MB"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_nothing(
    client: Client, curator: User, upload: dict[str, object], status: int, message: str
) -> None:
    client.force_login(curator)
    response = client.post(reverse("clinic:import"), upload)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ArticleImport.objects.exists()


def test_a_file_just_over_the_limit_is_refused_by_the_form(client: Client, curator: User) -> None:
    client.force_login(curator)
    page = SimpleUploadedFile("big.txt", b"x" * (5 * 1024 * 1024 + 1))
    response = client.post(reverse("clinic:import"), {"page": page})
    assert response.status_code in (400, 413)
    assert "over 5 MB" in response.content.decode()


def test_a_curator_marks_a_library_import_reviewed_in_the_admin_and_sees_no_clinics(
    client: Client, curator: User, clinician: User
) -> None:
    client.force_login(clinician)
    _accept(client, _import(client), 1, "clinic")
    client.force_login(curator)
    article = _import(client)
    _accept(client, article, 1, "library")
    mine = ImportedExercise.objects.get(clinic__isnull=True)
    theirs = ImportedExercise.objects.get(clinic__isnull=False)
    listed = client.get("/admin/library/importedexercise/")
    assert listed.status_code == 200
    assert f"/{mine.pk}/change/" in listed.content.decode()
    assert f"/{theirs.pk}/change/" not in listed.content.decode()
    change = client.get(f"/admin/library/importedexercise/{mine.pk}/change/")
    assert change.status_code == 200


def test_pasted_text_over_the_form_limit_gets_a_message_with_csrf_checks_on(
    curator: User,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    form = client.get(reverse("clinic:import"))
    token = form.cookies["csrftoken"].value
    text = "Hold for 5 seconds. " * 160_000  # 3.2 MB: more than a form's fields may hold
    response = client.post(reverse("clinic:import"), {"text": text, "csrfmiddlewaretoken": token})
    assert response.status_code == 413
    assert "A long article can be uploaded as a file instead." in response.content.decode()
    assert not ArticleImport.objects.exists()


def test_the_import_form_still_checks_its_csrf_token(curator: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.post(reverse("clinic:import"), {"text": "Hold for 5 seconds."})
    assert response.status_code == 403
    assert not ArticleImport.objects.exists()


def test_an_uploaded_saved_page_is_read_without_its_furniture(
    client: Client, curator: User
) -> None:
    client.force_login(curator)
    html = (
        "<html><head><title>Stretches</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a></nav><h1>Two stretches</h1>"
        + "".join(f"<p>{line}</p>" for line in ARTICLE.split("\n\n")[1:])
        + "<footer>© Example Clinic</footer></body></html>"
    )
    page = SimpleUploadedFile("saved.html", html.encode("utf-8"), content_type="text/html")
    response = client.post(reverse("clinic:import"), {"page": page})
    assert response.status_code == 302
    article = ArticleImport.objects.get()
    assert [d["name"] for d in article.drafts] == ["Wall Slide", "Knee to Chest"]
    assert "var x" not in article.text
    assert "Example Clinic" not in article.text
