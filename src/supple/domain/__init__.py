"""The framework-free core of Supple: catalog, dosage, safety, planner, progression.

Nothing in this package may import Django or any other framework; the import rules in
``pyproject.toml`` (import-linter) enforce it in the test suite.
"""
