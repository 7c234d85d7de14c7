"""Triggers refusing UPDATE and DELETE on the audit trail (supple.clinic.triggers)."""

from typing import Any

from django.db import migrations

from supple.clinic import triggers


def add(apps: Any, schema_editor: Any) -> None:
    triggers.run(schema_editor.connection, create=True)


def remove(apps: Any, schema_editor: Any) -> None:
    triggers.run(schema_editor.connection, create=False)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
