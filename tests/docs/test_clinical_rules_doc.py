"""Every clinical rule the engine applies is documented, with its source.

The engine's modules name their rules with ids such as ``R-3-colour-red`` (CLINICAL_RULES.md
section, then a name) in comments and docstrings; ``docs/clinical-rules.md`` has one table row
per id with the rule and its source. This test fails when the code uses an id the document does
not have, or the document keeps an id the code no longer uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "clinical-rules.md"
ENGINE_FILES = [
    ROOT / "src" / "supple" / "domain" / "safety.py",
    ROOT / "src" / "supple" / "domain" / "progression.py",
    ROOT / "src" / "supple" / "domain" / "planner.py",
    ROOT / "src" / "supple" / "domain" / "timeline.py",
    ROOT / "src" / "supple" / "domain" / "swaps.py",
    ROOT / "src" / "supple" / "domain" / "history.py",
    ROOT / "src" / "supple" / "commands" / "engine.py",
]
RULE_ID = re.compile(r"\bR-(?:[0-9]+|PLAN)-[a-z0-9]+(?:-[a-z0-9]+)*(?:-\*)?")
ROW = re.compile(r"^\|\s*`(?P<id>R-[^`]+)`\s*\|(?P<rule>[^|]+)\|(?P<source>[^|]+)\|\s*$")


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


CODE_IDS = ids_in_code([p.read_text(encoding="utf-8") for p in ENGINE_FILES])
DOC_ROWS = documented(DOC.read_text(encoding="utf-8"))


def test_the_engine_names_its_rules() -> None:
    assert len(CODE_IDS) > 40
    for section in range(1, 8):
        assert any(r.startswith(f"R-{section}-") for r in CODE_IDS), section


def test_every_rule_in_the_code_is_documented() -> None:
    assert undocumented(CODE_IDS, set(DOC_ROWS)) == set()


def test_every_documented_rule_is_used_in_the_code() -> None:
    exact = {r for r in CODE_IDS if not r.endswith("-*")}
    assert set(DOC_ROWS) - exact == set()


@pytest.mark.parametrize("rule", sorted(DOC_ROWS))
def test_every_documented_rule_says_what_and_where_from(rule: str) -> None:
    what, source = DOC_ROWS[rule]
    assert len(what) > 20
    assert source
    if not rule.startswith("R-PLAN-"):
        section = rule.split("-")[1]
        assert f"CR §{section}" in source or "CR §" in source, (rule, source)


def test_the_check_fails_for_an_undocumented_rule() -> None:
    code = ids_in_code(["# R-3-colour-purple: a colour the rule book never had", "R-9-things-*"])
    assert undocumented(code, set(DOC_ROWS)) == {"R-3-colour-purple", "R-9-things-*"}
    assert undocumented({"R-6-*"}, set(DOC_ROWS)) == set()


def test_the_document_names_its_sources() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for source in ("NICE NG59", "Finucane", "Thomeé", "Silbernagel", "ACSM", "Long et al."):
        assert source in doc, source


def test_the_engine_cli_document_covers_the_commands_and_schemas() -> None:
    doc = (ROOT / "docs" / "engine-cli.md").read_text(encoding="utf-8")
    for command in ("supple screen", "supple plan", "supple decide"):
        assert command in doc
    schemas = sorted((ROOT / "src" / "supple" / "interop" / "schemas").glob("*.schema.json"))
    assert len(schemas) == 6
    for schema in schemas:
        assert schema.name in doc, schema.name
