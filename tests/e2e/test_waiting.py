"""The browser tests' wait for a condition on the server's side."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError

from tests.e2e.conftest import eventually


def test_a_table_being_written_counts_as_not_yet() -> None:
    looks = iter([OperationalError("database table is locked: programs_exerciselog"), True])

    def check() -> bool:
        answer = next(looks)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert eventually(check, timeout=5)


def test_any_other_database_error_is_raised() -> None:
    def check() -> bool:
        raise OperationalError("no such table: programs_exerciselog")

    with pytest.raises(OperationalError, match="no such table"):
        eventually(check, timeout=5)
