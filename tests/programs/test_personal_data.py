"""One list of the tables about a person serves both the export and the deletion of an
account, so neither can miss a table the other has."""

from __future__ import annotations

from django.apps import apps

from supple.accounts.models import User
from supple.programs.services import account, export
from supple.programs.services.personal import personal_rows

# Not in the export yet; deleted with the account by its cascade.
NOT_EXPORTED = {"FlareDay", "Prescription", "PrescriptionVersion"}
# A clinic's own, about no one person.
NOT_PERSONAL = {"ProgramTemplate"}


def test_the_export_and_the_deletion_walk_the_same_tables() -> None:
    tables = set(personal_rows(User(pk=1)))
    assert set(export._TABLES) == tables
    assert set(account.LABELS) == tables


def test_every_programs_table_is_in_the_list() -> None:
    listed = {query.model.__name__ for query in personal_rows(User(pk=1)).values()}
    models = {model.__name__ for model in apps.get_app_config("programs").get_models()}
    assert models - NOT_EXPORTED - NOT_PERSONAL == listed
