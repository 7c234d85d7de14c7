"""Nothing in the repository points outside it: the rule book is docs/clinical-rules.md.

A clone of Supple holds everything its code, tests and docs cite. References to documents kept
elsewhere, or to a section the rule book does not have, fail here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("src", "tests", "docs", "bench", "scripts", ".ci")
TOP_FILES = ("README.md", "Makefile", "pyproject.toml", "package.json")
TEXT_SUFFIXES = {
    ".py", ".md", ".html", ".yaml", ".yml", ".json", ".toml", ".js", ".css", ".txt", ".cfg", ""
}  # fmt: skip
# Documents that live outside the repository (spelled in pieces so this file does not match).
OUTSIDE = re.compile(
    "|".join(
        (
            "CLINICAL" + "_RULES",
            "PRODUCT" + r"\.md",
            "ENGINEERING" + r"\.md",
            r"\.\./" + "shared",
            "/work/" + "shared",
        )
    )
)
# "docs/clinical-rules.md section 4", "clinical rules, section 4", "sections 3 and 10"
SECTION_REF = re.compile(
    r"clinical[- ]rules(?:\.md)?,? sections? (?P<first>\d+)(?:(?:, | and |-)(?P<more>\d+))*",
    re.IGNORECASE,
)


def repository_files() -> list[Path]:
    files = [ROOT / name for name in TOP_FILES if (ROOT / name).is_file()]
    for folder in FOLDERS:
        files += [
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return sorted(files)


def outside_references(text: str) -> list[str]:
    return [m.group(0) for m in OUTSIDE.finditer(text)]


def sections_cited(text: str) -> set[int]:
    cited = set()
    for match in SECTION_REF.finditer(text):
        cited |= {int(n) for n in re.findall(r"\d+", match.group(0))}
    return cited


def rule_book_sections() -> set[int]:
    doc = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    return {int(n) for n in re.findall(r"^## (\d+)\. ", doc, re.MULTILINE)}


FILES = repository_files()
THIS = Path(__file__).resolve()


def test_the_walk_sees_the_code_the_tests_and_the_docs() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert {"Makefile", "docs/clinical-rules.md", "src/supple/domain/planner.py"} <= names
    assert len(FILES) > 200


def test_no_file_points_outside_the_repository() -> None:
    found = {
        (p.relative_to(ROOT).as_posix(), ref)
        for p in FILES
        if p != THIS
        for ref in outside_references(p.read_text(encoding="utf-8", errors="replace"))
    }
    assert found == set()


def test_every_section_cited_is_in_the_rule_book() -> None:
    sections = rule_book_sections()
    assert sections == set(range(1, 12))
    missing = {
        (p.relative_to(ROOT).as_posix(), n)
        for p in FILES
        if p != THIS
        for n in sections_cited(p.read_text(encoding="utf-8", errors="replace"))
        if n not in sections
    }
    assert missing == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see " + "CLINICAL" + "_RULES.md section 3", True),
        ("the " + "PRODUCT" + ".md intake", True),
        ("from ../" + "shared/docs", True),
        ("see docs/clinical-rules.md section 3", False),
    ],
)
def test_the_check_sees_an_outside_reference(text: str, found: bool) -> None:
    assert bool(outside_references(text)) is found


def test_the_check_reads_the_sections_cited() -> None:
    assert sections_cited("docs/clinical-rules.md section 12") == {12}
    assert sections_cited("docs/clinical-rules.md sections 1, 6 and 10") == {1, 6, 10}
    assert sections_cited("Supple's clinical rules, section 4 (8-12 repetitions)") == {4}
