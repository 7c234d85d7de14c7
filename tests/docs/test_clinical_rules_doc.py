"""Every clinical rule the app applies is documented, with its source, in the repository.

The code names its rules with ids such as ``R-3-colour-red`` (section of docs/clinical-rules.md,
then a name) in comments, docstrings and templates; ``docs/clinical-rules.md`` has one table row
per id with the rule and its source. This test fails when the code uses an id the document does
not have, when the document keeps an id the code no longer uses (unless the rule is marked "Not
yet built", which the code must then not use), when a section of the rule book is missing, or
when a rule's source is not one of the document's sources.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "clinical-rules.md"
SECTIONS = range(1, 12)
CODE_SUFFIXES = {".py", ".html", ".yaml", ".json", ".js", ".txt"}
RULE_ID = re.compile(r"\bR-(?:[0-9]+|PLAN)-[a-z0-9]+(?:-[a-z0-9]+)*(?:-\*)?")
ROW = re.compile(r"^\|\s*`(?P<id>R-[^`]+)`\s*\|(?P<rule>.+)\|(?P<source>[^|]+)\|\s*$")
PENDING = "**Not yet built.**"
SOURCE_KEY = re.compile(r"^- \*\*(?P<key>[^*]+)\*\*:", re.MULTILINE)


def ids_in_code(texts: list[str]) -> set[str]:
    return {m.group(0) for text in texts for m in RULE_ID.finditer(text)}


def documented(doc: str) -> dict[str, tuple[str, str]]:
    rows = {}
    for line in doc.splitlines():
        match = ROW.match(line)
        if match:
            rows[match["id"]] = (match["rule"].strip(), match["source"].strip())
    return rows


def undocumented(code_ids: set[str], doc_ids: set[str]) -> set[str]:
    """Ids used in the code without an entry; ``R-6-*`` needs at least one ``R-6-`` entry."""
    missing = set()
    for rule in code_ids:
        if rule.endswith("-*"):
            if not any(d.startswith(rule[:-1]) for d in doc_ids):
                missing.add(rule)
        elif rule not in doc_ids:
            missing.add(rule)
    return missing


def source_keys(doc: str) -> set[str]:
    sources = doc.split("\n## Sources\n", 1)[1]
    return {m["key"] for m in SOURCE_KEY.finditer(sources)}


def section_text(doc: str, section: int) -> str:
    match = re.search(rf"^## {section}\. .*?(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    assert match is not None, f"section {section} is missing"
    return match.group(0)


CODE_FILES = sorted(
    p for p in (ROOT / "src").rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES
)
CODE_IDS = ids_in_code([p.read_text(encoding="utf-8") for p in CODE_FILES])
DOC_TEXT = DOC.read_text(encoding="utf-8")
DOC_ROWS = documented(DOC_TEXT)
PENDING_IDS = {rule for rule, (what, _) in DOC_ROWS.items() if what.startswith(PENDING)}
SOURCES = source_keys(DOC_TEXT)


def test_the_code_names_its_rules() -> None:
    assert len(CODE_IDS) > 60
    for section in range(1, 11):
        assert any(r.startswith(f"R-{section}-") for r in CODE_IDS), section


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_of_the_rule_book_is_in_the_document(section: int) -> None:
    text = section_text(DOC_TEXT, section)
    assert re.search(r"^Sources: .+", text, re.MULTILINE), section
    assert any(rule.startswith(f"R-{section}-") for rule in documented(text)), section


def test_every_rule_in_the_code_is_documented() -> None:
    assert undocumented(CODE_IDS, set(DOC_ROWS)) == set()


def test_every_documented_rule_is_used_in_the_code_unless_not_yet_built() -> None:
    exact = {r for r in CODE_IDS if not r.endswith("-*")}
    assert set(DOC_ROWS) - PENDING_IDS - exact == set()
    assert PENDING_IDS & exact == set(), "built now: remove the 'Not yet built' mark"


@pytest.mark.parametrize("rule", sorted(DOC_ROWS))
def test_every_documented_rule_says_what_and_where_from(rule: str) -> None:
    what, source = DOC_ROWS[rule]
    assert len(what) > 20
    assert "CR §" not in what + source  # the rule book is this document
    named = {key for key in SOURCES if key in source}
    assert named, (rule, source)


def test_the_check_fails_for_an_undocumented_rule() -> None:
    code = ids_in_code(["# R-3-colour-purple: a colour the rule book never had", "R-9-things-*"])
    assert undocumented(code, set(DOC_ROWS)) == {"R-3-colour-purple", "R-9-things-*"}
    assert undocumented({"R-6-*"}, set(DOC_ROWS)) == set()


def test_the_checks_see_a_missing_section_and_a_pending_rule() -> None:
    doc = "## 1. One\n\nSources: Project.\n\n| `R-1-a` | **Not yet built.** a rule | Project |\n"
    assert documented(section_text(doc, 1)) == {"R-1-a": ("**Not yet built.** a rule", "Project")}
    with pytest.raises(AssertionError, match="section 2 is missing"):
        section_text(doc, 2)


def test_the_document_names_its_sources() -> None:
    for source in (
        "NICE NG59",
        "Finucane 2020",
        "Thomeé 1997",
        "Silbernagel 2007",
        "ACSM 2009",
        "Long 2004",
        "Ostelo 2008",
        "Farrar 2001",
        "Stratford 1995",
        "RFC 5545",
        "seeds",
        "Project",
    ):
        assert source in SOURCES, source


def test_the_thresholds_in_the_document_are_the_codes() -> None:
    from supple.domain import thresholds

    rule = DOC_ROWS["R-3-flare-day"][0]
    assert f"`p_pre` ≥ {thresholds.FLARE_PAIN}" in rule
    assert f"{thresholds.RESCREEN_PAIN}/10 or more" in DOC_ROWS["R-1-rescreen"][0]
    g4 = DOC_ROWS["R-1-g4"][0]
    assert f"after {thresholds.G4_WEEKS} weeks" in g4
    assert f"first week's mean pain was {thresholds.G4_MIN_FIRST_WEEK_PAIN} or more" in g4


def test_the_engine_cli_document_covers_the_commands_and_schemas() -> None:
    doc = (ROOT / "docs" / "engine-cli.md").read_text(encoding="utf-8")
    for command in ("supple screen", "supple plan", "supple decide"):
        assert command in doc
    schemas = sorted((ROOT / "src" / "supple" / "interop" / "schemas").glob("*.schema.json"))
    assert len(schemas) == 6
    for schema in schemas:
        assert schema.name in doc, schema.name
