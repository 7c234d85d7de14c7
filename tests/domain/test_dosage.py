"""The dosage model: ranges, formatting for people, and reading the seeds' dosage phrases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supple.domain.dosage import (
    SECONDS_PER_DEEP_BREATH,
    Dosage,
    DosageError,
    ParsedDose,
    Range,
    dosage_from_dict,
    format_dosage,
    format_seconds,
    format_time_range,
    parse_dosage_phrase,
    range_from_list,
)

# Numbers the seeds write in words ("Repeat three times each leg").
WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    30: "thirty",
    60: "sixty",
}

# Frequencies the parser reads back as written by format_dosage.
CANONICAL_FREQUENCIES = (
    "repeat often",
    "morning and night",
    "morning, afternoon and evening",
    "once a day",
    "every 30 minutes",
    "every 25–30 minutes",
    "3 times a day",
    "2–3 days a week",
)


def ranges(low: int = 0, high: int = 100_000) -> st.SearchStrategy[Range]:
    return st.tuples(st.integers(low, high), st.integers(low, high)).map(
        lambda t: Range(min(t), max(t))
    )


def dosages(frequencies: st.SearchStrategy[str | None]) -> st.SearchStrategy[Dosage]:
    return st.builds(
        Dosage,
        hold_s=st.none() | ranges(0, 20_000),
        reps=st.none() | ranges(0, 500),
        sets=st.none() | ranges(0, 50),
        per_side=st.booleans(),
        frequency=frequencies,
    )


def spelled(n: int, use_words: bool) -> str:
    return WORDS[n] if use_words and n in WORDS else str(n)


# -- Range and Dosage ------------------------------------------------------------------------


def test_a_range_upside_down_is_refused() -> None:
    with pytest.raises(DosageError):
        Range(10, 5)
    with pytest.raises(DosageError):
        Range(-1, 5)


def test_range_from_list_reads_pairs_and_null() -> None:
    assert range_from_list([5, 10]) == Range(5, 10)
    assert range_from_list(None) is None
    for bad in ([5], [1, 2, 3], ["5", 10], [True, 2], "5-10", [10, 5]):
        with pytest.raises(DosageError):
            range_from_list(bad)


def test_dosage_from_dict_names_the_bad_field() -> None:
    with pytest.raises(DosageError, match=r"^reps: "):
        dosage_from_dict({"hold_s": None, "reps": [10, 5], "sets": None, "per_side": False})
    with pytest.raises(DosageError, match=r"^per_side: "):
        dosage_from_dict({"per_side": "yes"})


@given(dosages(st.none() | st.text(min_size=1)))
def test_dosage_survives_a_round_trip_through_as_dict(d: Dosage) -> None:
    assert dosage_from_dict(d.as_dict()) == d


# -- format_dosage ---------------------------------------------------------------------------


def test_it_formats_the_examples_of_the_issue() -> None:
    lying_twist = Dosage(Range(30, 120), None, None, True, "repeat often")
    assert format_dosage(lying_twist) == "Hold 30 s–2 min · each side · repeat often"
    leg_lift = Dosage(None, Range(10, 10), Range(3, 3), True, None)
    assert format_dosage(leg_lift) == "10 reps · 3 sets · each side"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (60, "1 min"), (90, "1 min 30 s"), (3900, "1 h 5 min")],
)
def test_format_seconds(seconds: int, text: str) -> None:
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("r", "text"),
    [
        (Range(5, 10), "5–10 s"),
        (Range(60, 120), "1–2 min"),
        (Range(30, 120), "30 s–2 min"),
        (Range(900, 1200), "15–20 min"),
        (Range(15, 15), "15 s"),
    ],
)
def test_format_time_range(r: Range, text: str) -> None:
    assert format_time_range(r) == text


def test_a_breathing_or_functional_time_is_a_duration_not_a_hold() -> None:
    walk = Dosage(Range(60, 120), None, None, False, "every 25–30 minutes of sitting")
    assert format_dosage(walk, "functional") == "For 1–2 min · every 25–30 minutes of sitting"
    assert format_dosage(walk, "breathing").startswith("For 1–2 min")
    assert format_dosage(walk, "stretch").startswith("Hold 1–2 min")
    assert parse_dosage_phrase(format_dosage(walk, "functional")).hold_s == Range(60, 120)


def test_singular_and_empty_doses_read_well() -> None:
    assert format_dosage(Dosage(None, Range(1, 1), Range(1, 1), False, None)) == "1 rep · 1 set"
    assert format_dosage(Dosage(None, None, None, False, None)) == "No set dose"
    assert format_dosage(Dosage(None, None, None, False, "once a day")) == "Once a day"


@given(dosages(st.none() | st.text()))
def test_format_never_crashes_and_is_never_empty(d: Dosage) -> None:
    text = format_dosage(d)
    assert text.strip()
    assert "\n" not in text or (d.frequency is not None and "\n" in d.frequency)


@given(
    dosages(st.none() | st.sampled_from(CANONICAL_FREQUENCIES)),
    st.sampled_from([None, "stretch", "breathing", "functional"]),
)
def test_parse_reads_back_what_format_writes(d: Dosage, kind: str | None) -> None:
    parsed = parse_dosage_phrase(format_dosage(d, kind))
    assert parsed.to_dosage() == d
    assert parsed.ambiguities == ()


# -- parse_dosage_phrase: the seeds' own phrases -----------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "hold", "reps", "sets", "per_side"),
    [
        ("Hold for 30 seconds to 2 minutes", (30, 120), None, None, False),
        ("Hold this position for 30 seconds to 2 minutes.", (30, 120), None, None, False),
        ("Repeat 5 to 10 times", None, (5, 10), None, False),
        ("Repeat 5 to 10 times going to both the left and right.", None, (5, 10), None, True),
        ("3 sets of 10", None, (10, 10), (3, 3), False),
        ("10 times to each side", None, (10, 10), None, True),
        ("Repeat 10x to each side.", None, (10, 10), None, True),
        ("Hold that position for a couple of seconds.", (2, 2), None, None, False),
        ("Hold it for a few seconds then lower the knee.", (3, 3), None, None, False),
        ("Hold this position for a second or two, and then return", (1, 2), None, None, False),
        ("1 minute", (60, 60), None, None, False),
        ("Step 3: Hold for 1 minute and rest.", (60, 60), None, None, False),
        ("5-10 seconds", (5, 10), None, None, False),
        (
            "roll your bent knees to one side and hold for 5 to 10 seconds.",
            (5, 10),
            None,
            None,
            False,
        ),
        ("Hold for 30 sec if possible.", (30, 30), None, None, False),
        ("Hold for one second then slowly lower", (1, 1), None, None, False),
        ("Repeat three times each leg.", None, (3, 3), None, True),
        ("Repeat 3-5 times.", None, (3, 5), None, False),
        ("Repeat 10 times & do 3 sets.", None, (10, 10), (3, 3), False),
        ("Do 3 sets on each side.", None, None, (3, 3), True),
        ("Repeat 10 repetitions, and note any changes", None, (10, 10), None, False),
        ("Then switch legs and repeat in the opposite direction.", None, None, None, True),
        ("Do the same for other leg.", None, None, None, True),
        ("do the lying static leg raise for 15 to 20 minutes.", (900, 1200), None, None, False),
        ("Hold 1 min 30 s–2 min 5 s", (90, 125), None, None, False),
    ],
)
def test_it_reads_the_seeds_phrases(
    phrase: str,
    hold: tuple[int, int] | None,
    reps: tuple[int, int] | None,
    sets: tuple[int, int] | None,
    per_side: bool,
) -> None:
    parsed = parse_dosage_phrase(phrase)
    assert parsed.hold_s == (Range(*hold) if hold else None)
    assert parsed.reps == (Range(*reps) if reps else None)
    assert parsed.sets == (Range(*sets) if sets else None)
    assert parsed.per_side is per_side


def test_deep_breaths_are_counted_and_converted() -> None:
    parsed = parse_dosage_phrase("Repeat for 10 deep breaths.")
    assert parsed.breaths == Range(10, 10)
    assert parsed.hold_s is None
    assert parsed.hold_or_breaths_s() == Range(10 * SECONDS_PER_DEEP_BREATH, 60)
    assert parsed.fragments("breaths") == ("10 deep breaths",)


def test_a_rest_is_not_a_hold() -> None:
    parsed = parse_dosage_phrase("Do this for a 1 minute then rest for 30 seconds.")
    assert parsed.hold_s == Range(60, 60)
    assert parsed.rest_s == Range(30, 30)


def test_every_n_minutes_is_how_often_not_a_hold() -> None:
    parsed = parse_dosage_phrase("take breaks from sitting (every 25-30 minutes for 1-2 minutes)")
    assert parsed.frequency == "every 25–30 minutes"
    assert parsed.hold_s == Range(60, 120)


@pytest.mark.parametrize(
    ("phrase", "frequency"),
    [
        (
            "You can repeat this stretch 2 to 3 times in the morning and at night.",
            "morning and night",
        ),
        ("You can repeat this 2 to 3 times in the morning and night.", "morning and night"),
        ("performed in the morning, afternoon and evening.", "morning, afternoon and evening"),
        ("Step 5: Repeat often.", "repeat often"),
        ("at least once per day, preferably at the same time", "once a day"),
        ("Do it 3 times a day", "3 times a day"),
        ("So every 30 minutes, get up.", "every 30 minutes"),
    ],
)
def test_it_reads_how_often(phrase: str, frequency: str) -> None:
    assert parse_dosage_phrase(phrase).frequency == frequency


def test_reps_stated_twice_become_a_range_and_are_flagged() -> None:
    parsed = parse_dosage_phrase("Do 3 sets of 10 with 15 reps for each set.")
    assert parsed.sets == Range(3, 3)
    assert parsed.reps == Range(10, 15)
    assert len(parsed.ambiguities) == 1
    assert "reps" in parsed.ambiguities[0]
    assert parsed.fragments("reps") == ("3 sets of 10", "15 reps")


@pytest.mark.parametrize(
    "phrase",
    [
        "Hold the stretch for 20 seconds or more.",
        "Repeat at least 3x.",
        "Hold the position as long as you can, starting with 3 deep breaths.",
    ],
)
def test_floors_without_ceilings_are_open_ended(phrase: str) -> None:
    assert parse_dosage_phrase(phrase).open_ended


@pytest.mark.parametrize(
    "phrase",
    [
        "With your top leg, raise it about 18 inches while keeping it extended and out straight.",
        "Keep your right knee bent at 90 degrees and extend your right hip.",
        "It is Exercise #10 of the Limited Mobility Exercises.",
        "Raise your head and shoulders about 2 inches off the floor.",
        "Once you are on your side, bend your knees.",
        "Someone done often.",
        "",
    ],
)
def test_numbers_that_are_not_doses_are_ignored(phrase: str) -> None:
    parsed = parse_dosage_phrase(phrase)
    assert parsed == ParsedDose()
    assert parsed.is_empty
    assert not parsed.states_amount


def test_long_runs_of_digits_are_read_in_one_pass() -> None:
    # Each number is anchored at the start of its run of digits: before that, scanning a long
    # run backtracked from every position and 20,000 digits took minutes.
    assert parse_dosage_phrase("9" * 20_000).is_empty
    assert parse_dosage_phrase("9" * 20_000 + " seconds").is_empty  # not a dose either
    assert parse_dosage_phrase("1" * 7 + " seconds").hold_s == Range(1_111_111, 1_111_111)


# -- parse_dosage_phrase: properties -----------------------------------------------------------


@given(st.text())
def test_parse_never_crashes(text: str) -> None:
    parsed = parse_dosage_phrase(text)
    for r in (parsed.hold_s, parsed.reps, parsed.sets, parsed.breaths, parsed.rest_s):
        assert r is None or 0 <= r.low <= r.high


DOSE_WORDS = (
    "an",
    "hour",
    "week",
    "1",
    "2.5",
    "30",
    "9999999",
    "three",
    "a",
    "couple",
    "of",
    "few",
    "second",
    "or",
    "two",
    "to",
    "-",
    "–",
    "seconds",
    "sec",
    "s",
    "minutes",
    "min",
    "h",
    "hours",
    "sets",
    "set",
    "reps",
    "times",
    "x",
    "repetitions",
    "every",
    "rest",
    "for",
    "hold",
    "deep",
    "breaths",
    "each",
    "side",
    "other",
    "leg",
    "at",
    "least",
    "more",
    "once",
    "a",
    "day",
    "in",
    "the",
    "morning",
    "and",
    "night",
    "repeat",
    "often",
    ".",
    ",",
    "\u00a0",
)


# No deadline: a parse takes about 0.3 ms (linear in the words, no backtracking blow-up), but
# the first call compiles the patterns and a loaded CI machine stalls threads for hundreds of
# milliseconds; Hypothesis's 200 ms wall-clock deadline then measured the machine, not the code.
@settings(deadline=None)
@given(st.lists(st.sampled_from(DOSE_WORDS), max_size=30).map(" ".join))
def test_parse_never_crashes_on_dose_like_word_salad(text: str) -> None:
    parsed = parse_dosage_phrase(text)
    assert parsed.is_empty == (parsed.evidence == ())
    for name, fragment in parsed.evidence:
        assert " ".join(fragment.split()) in " ".join(text.split()), (name, fragment)


@given(
    ranges(1, 59),
    st.booleans(),
    st.sampled_from(["Hold for {} to {} seconds", "Hold {}-{} seconds", "hold for {}–{} secs"]),
)
def test_a_phrased_hold_in_seconds_parses_to_its_range(r: Range, words: bool, form: str) -> None:
    phrase = form.format(spelled(r.low, words), spelled(r.high, words))
    assert parse_dosage_phrase(phrase).hold_s == r


@given(ranges(1, 59), ranges(1, 20))
def test_a_phrased_hold_across_units_parses_to_its_range(seconds: Range, minutes: Range) -> None:
    phrase = f"Hold this position for {seconds.low} seconds to {minutes.high} minutes."
    assert parse_dosage_phrase(phrase).hold_s == Range(seconds.low, minutes.high * 60)


@given(ranges(1, 30), st.booleans(), st.booleans())
def test_a_phrased_repetition_range_parses_to_its_range(r: Range, words: bool, side: bool) -> None:
    phrase = f"Repeat {spelled(r.low, words)} to {spelled(r.high, words)} times"
    if side:
        phrase += " to each side"
    parsed = parse_dosage_phrase(phrase)
    assert parsed.reps == r
    assert parsed.per_side is side


@given(st.integers(1, 10), st.integers(1, 30), st.booleans())
def test_sets_of_reps_parse_to_both(sets: int, reps: int, words: bool) -> None:
    parsed = parse_dosage_phrase(f"{spelled(sets, words)} sets of {spelled(reps, words)}")
    assert parsed.sets == Range(sets, sets)
    assert parsed.reps == Range(reps, reps)


@given(st.integers(1, 60))
def test_deep_breaths_parse_to_their_count(n: int) -> None:
    parsed = parse_dosage_phrase(f"Continue for at least {n} deep breaths.")
    assert parsed.breaths == Range(n, n)
    assert parsed.hold_or_breaths_s() == Range(
        n * SECONDS_PER_DEEP_BREATH, n * SECONDS_PER_DEEP_BREATH
    )
