"""The permission matrix, generated from the URL configuration: every clinic page against
everyone who might ask for it. A clinic URL without a row here fails the test.

Pat is the patient whose data is at stake. "Allowed" means the page answered (2xx, or a
redirect that is not to sign in); "denied" means 403 or 404 for someone signed in, the
sign-in page for anonymous. Where a page shows Pat's data to someone else, the audit trail
must name them; nobody denied leaves an audit row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from supple.accounts.models import User
from supple.clinic import services
from supple.clinic.models import AuditEntry
from supple.programs.models import ProgramTemplate

PEOPLE = (
    "the patient",
    "a clinician of their clinic",
    "a clinician of another clinic",
    "the clinic's admin",
    "another patient",
    "anonymous",
    "a patient who left the clinic",
)
STAFF = {"a clinician of their clinic", "the clinic's admin"}
ANY_STAFF = STAFF | {"a clinician of another clinic"}
ADMIN = {"the clinic's admin"}
PATIENTS = {"the patient", "another patient", "a patient who left the clinic"}
EVERYONE = set(PEOPLE)

Args = Callable[[dict[str, User | None]], list[object]]


def _none(people: dict[str, User | None]) -> list[object]:
    return []


def _pat(people: dict[str, User | None]) -> list[object]:
    pat = people["the patient"]
    assert pat is not None
    return [pat.pk]


def _cleo(people: dict[str, User | None]) -> list[object]:
    cleo = people["a clinician of their clinic"]
    assert cleo is not None
    return [cleo.pk]


def _token(people: dict[str, User | None]) -> list[object]:
    cleo = people["a clinician of their clinic"]
    assert cleo is not None
    return [services.invite_patient(cleo, "", timezone.now()).token]


def _template(people: dict[str, User | None]) -> list[object]:
    """A template of Pat's clinic."""
    cleo = people["a clinician of their clinic"]
    assert cleo is not None
    made = ProgramTemplate.objects.create(
        clinic_id=cleo.clinic_id,
        name="Early days",
        created_by_name="cleo",
        updated_at=timezone.now(),
        phase=1,
        items=[],
    )
    return [made.pk]


@dataclass(frozen=True)
class Row:
    method: str
    args: Args
    allowed: set[str]
    # Who is shown Pat's data there: the audit trail must name them (Pat herself excepted).
    shows_pat: frozenset[str] = frozenset()


MATRIX: dict[str, Row] = {
    # A clinician of another clinic gets their own clinic's list, without Pat.
    "clinic:patients": Row("get", _none, ANY_STAFF, shows_pat=frozenset(STAFF)),
    "clinic:patient": Row("get", _pat, STAFF, shows_pat=frozenset(STAFF)),
    "clinic:program": Row("get", _pat, STAFF, shows_pat=frozenset(STAFF)),
    "clinic:program-versions": Row("get", _pat, STAFF, shows_pat=frozenset(STAFF)),
    "clinic:templates": Row("get", _none, ANY_STAFF),
    "clinic:template-new": Row("get", _none, ANY_STAFF),
    "clinic:template": Row("get", _template, STAFF),
    "clinic:program-seen": Row("post", _none, PATIENTS),
    "clinic:patient-fhir": Row("get", _pat, STAFF, shows_pat=frozenset(STAFF)),
    "clinic:invite-patient": Row("get", _none, ANY_STAFF),
    "clinic:clinicians": Row("get", _none, ADMIN),
    "clinic:deactivate-clinician": Row("post", _cleo, ADMIN),
    "clinic:audit": Row("get", _none, ADMIN),
    "clinic:audit-csv": Row("get", _none, ADMIN),
    "clinic:my-clinic": Row("get", _none, PATIENTS),
    "clinic:leave": Row("post", _none, PATIENTS),
    "clinic:join": Row("get", _none, EVERYONE),
    "clinic:accept": Row("get", _token, EVERYONE),
}


def _names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _names(entry.url_patterns, f"{namespace}{inner}:" if inner else namespace)
        elif entry.name:
            module = getattr(entry.callback, "__module__", "")
            if namespace.startswith("clinic:") or module.startswith("supple.clinic"):
                yield f"{namespace}{entry.name}"


def test_every_clinic_url_has_a_row() -> None:
    assert set(_names(get_resolver().url_patterns)) == set(MATRIX)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_matrix(
    client: Client, clinic_people: dict[str, User | None], name: str, person: str
) -> None:
    row = MATRIX[name]
    user = clinic_people[person]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=row.args(clinic_people))
    response = client.post(url) if row.method == "post" else client.get(url)
    login = resolve_url(settings.LOGIN_URL)
    to_login = response.status_code == 302 and response["Location"].startswith(login)
    allowed = response.status_code < 400 and not to_login
    assert allowed == (person in row.allowed), (name, person, response.status_code)
    if not allowed:
        assert to_login if user is None else response.status_code in (403, 404)
    pat = clinic_people["the patient"]
    assert pat is not None
    entries = AuditEntry.objects.filter(patient_id=pat.pk)
    if person in row.shows_pat:
        assert entries.filter(actor_id=getattr(user, "pk", None)).count() == 1, (name, person)
    else:
        assert not entries.exists(), (name, person)
        assert f"/clinic/patients/{pat.pk}/" not in response.content.decode(), (name, person)


@pytest.mark.parametrize("person", PEOPLE)
def test_nobody_sees_the_page_of_a_patient_who_left(
    client: Client, clinic_people: dict[str, User | None], person: str
) -> None:
    left = clinic_people["a patient who left the clinic"]
    assert left is not None
    user = clinic_people[person]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("clinic:patient", args=[left.pk]))
    assert response.status_code in ((302,) if user is None else (403, 404))
    assert not AuditEntry.objects.filter(patient_id=left.pk).exists()
