"""The labelled-article scorer runs and the importer keeps its measured level."""

from __future__ import annotations

from tests.importer import score


def test_scorer_prints_its_table_and_the_dev_set_meets_the_targets(capsys) -> None:  # type: ignore[no-untyped-def]
    figures = score.run()
    out = capsys.readouterr().out
    assert "heldout" in out
    assert "F1" in out
    dev = figures["dev"]
    assert dev["f1"] >= 0.9
    for field in ("hold_s", "reps", "sets", "rest_s", "per_side", "frequency"):
        assert dev[field] >= 0.85, field
    # The held-out articles were labelled before tuning; their figures are reported, and
    # must not fall below what was first measured on them.
    assert figures["heldout"]["f1"] >= 0.75
