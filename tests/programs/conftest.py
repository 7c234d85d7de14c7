"""The programs tests' helpers live in ``tests/factories.py`` and their fixtures (``library``,
``enrolled``) in ``tests/conftest.py``; the helpers stay importable from here for tests written
before they moved."""

from __future__ import annotations

from tests.factories import CLEAR, INTAKE, NOW, do_session, new_id

__all__ = ["CLEAR", "INTAKE", "NOW", "do_session", "new_id"]
