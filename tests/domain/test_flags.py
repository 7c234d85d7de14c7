"""R-11-flags against hand-worked histories: each flag's rule, reason and date, the order of
severity, and a flag marked as seen hidden until a newer one."""

from __future__ import annotations

from datetime import date

from supple.domain.flags import (
    Flag,
    FlagKind,
    G4Facts,
    PatientFacts,
    flags_for,
    most_severe_first,
)
from supple.domain.progression import WeekSums

TODAY = date(2026, 12, 3)  # a Thursday


def kinds(facts: PatientFacts) -> list[FlagKind]:
    return [f.kind for f in flags_for(facts)]


def test_a_quiet_patient_has_no_flag() -> None:
    facts = PatientFacts(
        today=TODAY,
        screen_outcome="clear",
        screen_on=date(2026, 12, 1),
        program_action="continue",
        program_on=date(2026, 12, 2),
        program_since=date(2026, 11, 1),
        last_session=date(2026, 12, 2),
        high_morning_pain=7,
        high_morning_on=date(2026, 12, 1),
    )
    assert flags_for(facts) == []


def test_every_flag_at_once_comes_in_the_order_of_the_rule() -> None:
    # First week Nov 1-7: pain 5, 6, 5 (mean 5.33); last 7 days 5, 5 (mean 5): a drop of 0.33,
    # under both 2 points and 30 % of 5.33 (1.6): G4 holds, dated 6 weeks after Nov 1.
    facts = PatientFacts(
        today=date(2026, 12, 20),
        screen_outcome="urgent",
        screen_on=date(2026, 12, 19),
        program_action="pause",
        program_on=date(2026, 12, 10),
        program_reason="a next-morning pain of 8",
        paused_exercises=2,
        paused_on=date(2026, 12, 9),
        g4=G4Facts(date(2026, 11, 1), WeekSums(16, 3), WeekSums(10, 2)),
        program_since=date(2026, 10, 30),
        last_session=date(2026, 12, 10),
        high_morning_pain=8,
        high_morning_on=date(2026, 12, 14),
    )
    found = flags_for(facts)
    assert [f.kind for f in found] == list(FlagKind)
    assert [f.on for f in found] == [
        date(2026, 12, 19),
        date(2026, 12, 10),
        date(2026, 12, 9),
        date(2026, 12, 13),
        date(2026, 12, 17),
        date(2026, 12, 14),
    ]
    assert found[0].reason == "Safety questions: needs to be seen within 48 hours"
    assert found[1].reason == "Program paused: a next-morning pain of 8"
    assert found[2].reason == "2 exercises paused after two red sessions"
    assert "5.3 in the first week and 5.0 in the last 7 days" in found[3].reason
    assert found[4].reason == "No session since Thu 10 Dec"
    assert found[5].reason == "Pain of 8/10 the morning after a session"


def test_a_screen_flags_any_outcome_but_clear() -> None:
    for outcome in ("emergency", "urgent", "clearance", "gp", "incomplete"):
        facts = PatientFacts(today=TODAY, screen_outcome=outcome, screen_on=TODAY)
        assert kinds(facts) == [FlagKind.SCREEN], outcome


def test_no_session_for_7_days_counts_from_the_last_session_or_the_start() -> None:
    six = PatientFacts(
        today=TODAY, program_since=date(2026, 11, 1), last_session=date(2026, 11, 27)
    )
    assert kinds(six) == []
    seven = PatientFacts(
        today=TODAY, program_since=date(2026, 11, 1), last_session=date(2026, 11, 26)
    )
    assert kinds(seven) == [FlagKind.NO_SESSION]
    never = PatientFacts(today=TODAY, program_since=date(2026, 11, 26))
    (flag,) = flags_for(never)
    assert flag.reason == "No session since the program began on Thu 26 Nov"
    assert flag.on == TODAY
    # No program (no intake yet): nothing is expected of them.
    assert kinds(PatientFacts(today=TODAY, last_session=date(2026, 10, 1))) == []


def test_morning_pain_flags_from_8() -> None:
    seven = PatientFacts(today=TODAY, high_morning_pain=7, high_morning_on=TODAY)
    eight = PatientFacts(today=TODAY, high_morning_pain=8, high_morning_on=TODAY)
    assert kinds(seven) == []
    assert kinds(eight) == [FlagKind.MORNING_PAIN]


def test_g4_needs_six_weeks_a_first_week_of_3_and_no_important_drop() -> None:
    start = date(2026, 10, 22)  # exactly 6 weeks before TODAY
    flat = G4Facts(start, WeekSums(12, 3), WeekSums(12, 3))  # 4 -> 4
    assert kinds(PatientFacts(today=TODAY, g4=flat)) == [FlagKind.G4]
    younger = G4Facts(date(2026, 10, 23), WeekSums(12, 3), WeekSums(12, 3))
    assert kinds(PatientFacts(today=TODAY, g4=younger)) == []
    low = G4Facts(start, WeekSums(8, 3), WeekSums(8, 3))  # first week 2.67: under 3
    assert kinds(PatientFacts(today=TODAY, g4=low)) == []
    # 4 -> 2.8 is a drop of 1.2 = 30 % of 4: an important change, no flag.
    better = G4Facts(start, WeekSums(4, 1), WeekSums(14, 5))
    assert kinds(PatientFacts(today=TODAY, g4=better)) == []
    # 4 -> 3 is 25 %: not enough.
    little = G4Facts(start, WeekSums(4, 1), WeekSums(3, 1))
    assert kinds(PatientFacts(today=TODAY, g4=little)) == [FlagKind.G4]
    no_recent = G4Facts(start, WeekSums(12, 3), WeekSums(0, 0))
    assert kinds(PatientFacts(today=TODAY, g4=no_recent)) == []


def test_a_flag_marked_seen_stays_hidden_until_a_newer_one() -> None:
    paused = PatientFacts(
        today=TODAY,
        program_action="pause",
        program_on=date(2026, 12, 1),
        seen={"program-pause": date(2026, 12, 1)},
    )
    assert kinds(paused) == []
    newer = PatientFacts(
        today=TODAY,
        program_action="pause",
        program_on=date(2026, 12, 2),
        seen={"program-pause": date(2026, 12, 1)},
    )
    assert kinds(newer) == [FlagKind.PROGRAM_PAUSE]
    # Seeing one kind hides no other.
    other = PatientFacts(
        today=TODAY,
        high_morning_pain=9,
        high_morning_on=date(2026, 12, 1),
        seen={"program-pause": date(2026, 12, 3)},
    )
    assert kinds(other) == [FlagKind.MORNING_PAIN]


def test_patients_sort_by_their_most_severe_flag_then_the_newest() -> None:
    def only(kind: FlagKind, on: date) -> list[Flag]:
        facts = {
            FlagKind.SCREEN: PatientFacts(today=TODAY, screen_outcome="gp", screen_on=on),
            FlagKind.MORNING_PAIN: PatientFacts(
                today=TODAY, high_morning_pain=8, high_morning_on=on
            ),
        }[kind]
        return flags_for(facts)

    rows = [
        ([], "Amy"),
        (only(FlagKind.MORNING_PAIN, date(2026, 12, 2)), "Bob"),
        (only(FlagKind.SCREEN, date(2026, 11, 20)), "Cat"),
        (only(FlagKind.SCREEN, date(2026, 12, 1)), "Dan"),
        ([], "abe"),
    ]
    assert [rows[i][1] for i in most_severe_first(rows)] == ["Dan", "Cat", "Bob", "abe", "Amy"]
