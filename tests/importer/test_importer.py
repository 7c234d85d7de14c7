"""The article importer: the seeds, non-doses, whole-list statements, bad input, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from supple.content.loader import load_catalog
from supple.domain.dosage import Range
from supple.interop.article import ArticleError, import_article
from supple.interop.article.doses import parse_sentence

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
LIBRARY = {e.id: e for e in load_catalog().exercises}

# Per seed: each library exercise the seed names, found and matched, with doses that lie
# within the range the library records for it.
EXPECTED = {
    "000": ["lying-twist"],
    "001": [
        "lower-back-rotational-stretch",
        "draw-in-maneuver",
        "pelvic-tilt",
        "lying-lateral-leg-lift",
        "cat-camel",
        "superman",
        "seated-torso-twist-stretch",
        "partial-curl",
        "draw-in-with-alternating-leg-raises",  # its "Optional Addition", matched by steps
    ],
    "002": [
        "partial-curl",
        "knee-to-chest",
        "lying-knee-twist",
        "plank-on-elbows-and-knees",
        "lower-back-rotational-stretch",
        "lumbar-flexion-rotation-stretch",
        "lying-static-leg-raise",
        "all-fours-hip-extension",  # unnamed: matched by its steps
    ],
    "003": [
        "breathing-body-scan",
        "double-knee-to-chest",
        "sciatic-nerve-floss",
        "low-back-roll",
        "mini-push-up",
        "bridge",  # unnamed: matched by its steps
    ],
    "004": ["seated-twist"],
}


def _seed(prefix: str) -> bytes:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


def _within(found: Range | None, recorded: Range | None) -> bool:
    if found is None:
        return True
    return recorded is not None and recorded.low <= found.low and found.high <= recorded.high


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_gives_its_exercises_with_the_library_doses(prefix: str) -> None:
    drafts = import_article(_seed(prefix), LIBRARY.values()).drafts
    matched = {d.match: d for d in drafts if d.match}
    for exercise_id in EXPECTED[prefix]:
        assert exercise_id in matched, f"{exercise_id} not found in seed {prefix}"
        draft, dosage = matched[exercise_id], LIBRARY[exercise_id].dosage
        for field in ("hold_s", "reps", "sets"):
            assert _within(getattr(draft, field), getattr(dosage, field)), (exercise_id, field)
        assert draft.per_side in (None, dosage.per_side), exercise_id
        assert draft.sources, exercise_id


def test_the_seeds_doses_are_read_exactly() -> None:
    superman = next(
        d for d in import_article(_seed("001"), LIBRARY.values()).drafts if d.match == "superman"
    )
    assert (superman.hold_s, superman.reps, superman.sets) == (
        Range(2, 2),
        Range(10, 15),
        Range(3, 3),
    )
    assert superman.sources["sets"] == ["Do 3 sets of 10 with 15 reps for each set."]
    twist = import_article(_seed("000"), LIBRARY.values()).drafts[0]
    # "In the first 10-30 seconds, your initial stiffness..." is not a hold.
    assert twist.hold_s == Range(30, 120)
    assert twist.per_side is True


@pytest.mark.parametrize(
    "sentence",
    [
        "Raise your leg 3 – 6 inches off the floor.",
        "This affects 5-10% of people.",
        "The discs at L4, L5 take the load.",
        "Thirty to 45 minutes of walking a session is plenty.",
        "Bend your knee to 80-90 degrees.",
        "Most people improve within two weeks.",
        "Stop if the pain exceeds 3/10.",
        "Updated on March 30, 2015.",
        "In the first 10-30 seconds your stiffness may stop you.",
    ],
)
def test_numbers_that_are_not_doses_are_not_read(sentence: str) -> None:
    assert parse_sentence(sentence) is None


def test_a_statement_about_the_whole_list_applies_to_each_exercise() -> None:
    text = (
        "Perform the following exercises at least three times a week.\n\n"
        "Pelvic Tilt\n\nLie on your back with knees bent. Flatten your back. Hold for 5 seconds."
        "\n\nBridge\n\nLie on your back with knees bent. Lift your hips. Repeat 10 times, "
        "twice a day.\n"
    )
    drafts = import_article(text, LIBRARY.values()).drafts
    assert [d.name for d in drafts] == ["Pelvic Tilt", "Bridge"]
    assert drafts[0].frequency == {
        "text": "three times a week",
        "times_min": 3,
        "times_max": 3,
        "per": "week",
    }
    assert drafts[1].frequency is not None
    assert drafts[1].frequency["times_min"] == 2
    assert drafts[0].hold_s == Range(5, 5)
    assert drafts[0].reps is None


def test_list_numbers_in_headings_are_not_doses_and_html_is_read() -> None:
    html = (
        "<html><body><nav><a>Home</a> 10 exercises</nav><h2>3Bridge</h2>"
        "<p>Lie on your back with your knees bent. Lift your hips. Hold for 15 seconds.</p>"
        "<p class='wp-caption-text'>A woman lies on a mat 3 times</p>"
        "<p>Read Also: 5 Stretches For Sciatica</p></body></html>"
    )
    drafts = import_article(html.encode(), LIBRARY.values()).drafts
    assert len(drafts) == 1
    assert drafts[0].name == "Bridge"
    assert drafts[0].match == "bridge"
    assert drafts[0].hold_s == Range(15, 15)
    assert drafts[0].reps is None


def test_mojibake_is_repaired_and_a_cut_off_exercise_has_no_doses() -> None:
    text = (
        (
            "Child’s Pose\n\nKneel on the floor. Sit back on your heels. Hold for 30 seconds.\n\n"
            "Cat\n\nStart on your hands and knees. Round your back and hold for 5 sec"
        )
        .encode()
        .decode("latin-1")
        .encode("utf-8")
    )
    drafts = import_article(text).drafts
    assert drafts[0].name == "Child's Pose"  # "Childâ€™s" repaired (quotes made plain)
    assert drafts[1].truncated
    assert drafts[1].hold_s is None


def test_an_unnamed_exercise_gets_a_descriptive_name_marked_as_made_up() -> None:
    text = (
        "Do These Every Day\n\n1. Lie on your back.\n2. Hold for 10 seconds.\n"
        "3. Repeat 5 times.\n1. Stand up straight.\n2. Lean back for 5 seconds.\n"
        "3. Repeat 3 times.\n"
    )
    drafts = import_article(text).drafts
    assert len(drafts) == 2
    assert not drafts[1].name_given
    assert drafts[1].name.startswith("Unnamed exercise")
    assert drafts[1].reps == Range(3, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"x" * (5 * 1024 * 1024 + 1), "5 MB"),
    ],
)
def test_bad_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        import_article(data)


def _supple(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "supple", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )


def test_cli_prints_json_drafts_and_one_line_errors(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("004_*.txt"))
    done = _supple("import", str(seed), "--json")
    assert done.returncode == 0, done.stderr
    drafts = json.loads(done.stdout)["drafts"]
    assert drafts[0]["match"] == "seated-twist"
    assert drafts[0]["hold_s"] == [60, 60]
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "picture.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for bad in (big, tmp_path / "missing.txt", empty, binary):
        done = _supple("import", str(bad))
        assert done.returncode != 0
        assert done.stderr.decode().count("\n") == 1
        assert done.stderr.startswith(b"supple: error:")
    done = _supple("import", "-", stdin=b"<html><body><p>No exercise here.</p></body></html>")
    assert done.returncode == 0
    assert b"no exercises found" in done.stdout


@pytest.mark.parametrize(
    ("phrase", "field", "value"),
    [
        ("Hold the stretch for a count of 30.", "hold_s", Range(30, 30)),
        ("Count to 5, and change the side.", "hold_s", Range(5, 5)),
        ("Repeat with the opposite leg.", "per_side", True),
        ("Repeat on the right side and left side.", "per_side", True),
    ],
)
def test_the_dosage_vocabulary_reads_these_phrasings(
    phrase: str, field: str, value: object
) -> None:
    parsed = parse_sentence(phrase)
    assert parsed is not None
    assert getattr(parsed, field) == value


@pytest.mark.parametrize(
    ("phrase", "frequency"),
    [
        ("Do this twice daily.", "twice a day"),
        ("Do it 3 times daily.", "3 times a day"),
        ("You can perform several times a day.", "several times a day"),
        ("Try doing it once in the morning and once at night.", "morning and night"),
    ],
)
def test_the_dosage_vocabulary_reads_how_often(phrase: str, frequency: str) -> None:
    parsed = parse_sentence(phrase)
    assert parsed is not None
    assert parsed.frequency == frequency


def test_a_second_repeat_of_the_whole_exercise_is_sets() -> None:
    text = (
        "Sciatic Nerve Glide\n\nLay on your back. Pump your foot up and down 10-15 times. "
        "Repeat on the other leg. You may perform this 2-3 times.\n"
    )
    (draft,) = import_article(text).drafts
    assert draft.reps == Range(10, 15)
    assert draft.sets == Range(2, 3)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16", "utf-8-sig"])
def test_articles_in_other_encodings_are_decoded(encoding: str) -> None:
    text = "Pelvic Tilt\n\nLie on your back. Don’t arch too far. Hold for 5 seconds.\n"
    (draft,) = import_article(text.encode(encoding)).drafts
    assert draft.name == "Pelvic Tilt"
    assert draft.hold_s == Range(5, 5)
    assert draft.cautions == ["Don't arch too far."]
