"""The daily-program commands in-process: ``supple start``, ``today``, ``why``, ``morning``,
``log``, ``progress``, ``export``, ``confirm-clinician`` and the interactive ``screen``, on the
test database, with the clock set and standard input given as lines."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import OperationalError

from supple.accounts.models import Role, User
from supple.cli import main
from supple.commands import terminal
from supple.programs import services
from supple.programs.models import Consent, Decision, Profile, ScreenRecord, Session
from tests.conftest import PASSWORD
from tests.factories import NOW, do_session

pytestmark = pytest.mark.django_db


def answers(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


INTAKE_LINES = ("4", "3", "45", "y", "15", "4, 5, 7", "3", "none")
NO_TO_ALL = ("n",) * 18


# -- supple start -----------------------------------------------------------------------------


def test_start_on_a_fresh_install_makes_the_account_and_the_first_plan(
    library: None,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers(
        monkeypatch,
        "pat",
        "short",  # too short: asked again
        PASSWORD,
        PASSWORD,
        "maybe",  # not y/n: asked again
        "y",
        "eleven",  # not a number: asked again
        *INTAKE_LINES,
        *NO_TO_ALL,
    )
    assert main(["start"]) == 0
    out = capsys.readouterr().out
    assert "Please try again: This password is too short" in out
    assert "Please try again: answer y (yes) or n (no), not 'maybe'" in out
    assert "Please try again: give a whole number from 0 to 10, not 'eleven'" in out
    assert "Safety check: clear" in out
    assert "Today, Monday 02 November: phase 1" in out
    pat = User.objects.get(username="pat")
    assert pat.role == Role.PATIENT
    assert pat.check_password(PASSWORD)
    assert Consent.objects.get(user=pat).accepted_at == NOW
    profile = Profile.objects.get(user=pat)
    assert (profile.pain_now, profile.age, profile.minutes) == (4, 45, 15)
    assert profile.equipment == ["chair", "mat", "wall"]
    screen = ScreenRecord.objects.get(user=pat)
    assert (screen.outcome, screen.trigger) == ("clear", "intake")
    assert all(value is False for value in screen.answers.values())


def test_start_again_updates_the_profile_and_keeps_the_notice(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Enter keeps each previous answer; the pain and the exclusions change.
    answers(monkeypatch, "6", "", "", "", "", "", "", "Bridge, fooo", "bridge", "n")
    assert main(["start"]) == 0
    out = capsys.readouterr().out
    assert "Before you start" not in out  # accepted once
    assert "'fooo' is not an exercise in the library" in out
    profile = Profile.objects.get(pk=enrolled.pk)
    assert profile.pain_now == 6
    assert profile.intake_pain == 4  # the first intake's pain stays the baseline
    assert profile.age == enrolled.age
    assert profile.exclude == ["bridge"]
    assert ScreenRecord.objects.filter(user=enrolled.user).count() == 1


def test_start_stops_at_an_emergency_answer_and_says_only_that(
    library: None,
    patient: User,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers(monkeypatch, "y", *INTAKE_LINES, "n", "y", "y")  # E2: yes, and yes again
    assert main(["start"]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("after that you will be asked these questions again.")
    assert "Seek emergency care now: call 112" in out
    assert "Today," not in out
    screen = ScreenRecord.objects.get(user=patient)
    assert screen.outcome == "emergency"
    assert screen.answers == {"E1": False, "E2": True}


def test_a_mistaken_emergency_answer_can_be_taken_back(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # E2: yes by mistake, "no" to the confirmation, then "no" to the question asked again.
    answers(monkeypatch, "n", "y", "n", "n", *("n",) * 17)
    assert main(["screen"]) == 0
    out = capsys.readouterr().out
    assert "Supple will stop your exercises for 24 hours. Is yes right?" in out
    screen = ScreenRecord.objects.filter(user=enrolled.user).latest("taken_at")
    assert screen.outcome == "clear"
    assert screen.answers["E2"] is False


def test_start_again_does_not_offer_the_old_pain(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Enter at the pain question asks again: yesterday's pain is not today's.
    answers(monkeypatch, "", "5", "", "", "", "", "", "", "", "n")
    assert main(["start"]) == 0
    out = capsys.readouterr().out
    question = next(line for line in out.splitlines() if "How bad is your back pain" in line)
    assert "[4]" not in question
    assert "Please try again: give a whole number from 0 to 10" in out
    assert Profile.objects.get(pk=enrolled.pk).pain_now == 5


def test_start_without_answers_stops_with_a_clear_line_and_keeps_nothing_half_done(
    library: None,
    patient: User,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers(monkeypatch, "y", "4", "3")
    assert main(["start"]) == 1
    assert "no answer: standard input closed" in capsys.readouterr().err
    assert not Profile.objects.filter(user=patient).exists()


def test_start_refuses_to_go_on_without_the_notice(
    library: None,
    patient: User,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers(monkeypatch, "n")
    assert main(["start"]) == 1
    assert "the notice must be accepted" in capsys.readouterr().err
    assert not Consent.objects.filter(user=patient).exists()


# -- which user -------------------------------------------------------------------------------


def test_the_only_patient_is_picked_and_others_need_user(
    enrolled: Profile,
    clinician: User,
    outsider: User,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["today"]) == 1
    assert "there are 2 accounts here (oscar, pat): choose one with --user NAME" in (
        capsys.readouterr().err
    )
    assert main(["today", "--user", "PAT"]) == 0
    assert "Today, Monday 02 November" in capsys.readouterr().out
    assert main(["today", "--user", "cleo"]) == 1
    assert "'cleo' is a clinician account" in capsys.readouterr().err
    assert main(["today", "--user", "nobody"]) == 1
    assert "there is no account named 'nobody'" in capsys.readouterr().err
    # Oscar has no intake: his own program is not Pat's.
    assert main(["today", "--user", "oscar"]) == 1
    assert "answer the first questions" in capsys.readouterr().err


def test_no_account_says_what_to_do(at: list[datetime], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log"]) == 1
    assert "there is no account yet: run `supple start`" in capsys.readouterr().err


# -- today, why -------------------------------------------------------------------------------


def test_today_json_lists_doses_and_the_reason_for_every_change(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pat = enrolled.user
    do_session(pat, NOW, p_during=2)
    do_session(pat, NOW + timedelta(days=1), p_during=2)
    services.log_morning(pat, 2, NOW + timedelta(days=2))
    at.append(NOW + timedelta(days=2, hours=1))
    assert main(["today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["date"] == "2026-11-04"
    assert data["safety"]["may_exercise"] is True
    assert data["morning_check_due"] is False
    assert data["items"]
    assert all(item["dose"] for item in data["items"])
    assert sum(item["seconds"] for item in data["items"]) <= data["seconds"] + 60
    changed = [item for item in data["items"] if item["change"]]
    assert changed, "two green sessions change some doses"
    for item in changed:
        assert item["change"]["reason"]
    assert {c["decision"] for c in data["changes"]} <= {"progress", "hold", "regress", "pause"}
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "Since last time" in out
    # One plain sentence per change, not the engine's labelled reason.
    assert "steps up to" in out
    assert "held:" not in out
    assert "stepped up:" not in out


def test_today_flare_and_the_due_screen(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["today", "--flare", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["flare"] is True
    at.append(NOW + timedelta(days=8))
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "The safety questions are due: it is 7 days or more since the last check" in out
    assert "supple screen" in out


def test_why_gives_the_safety_status_the_program_decision_and_each_change(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["why"]) == 0
    out = capsys.readouterr().out
    assert "Last answered 01 November 2026: clear." in out
    assert "No decision yet" in out
    do_session(enrolled.user, NOW, p_during=6)  # red
    services.log_morning(enrolled.user, 3, NOW + timedelta(days=1))
    at.append(NOW + timedelta(days=1))
    assert main(["why"]) == 0
    out = capsys.readouterr().out
    assert "continue, pain trend" in out
    decision = Decision.objects.filter(user=enrolled.user, colour="red").first()
    assert decision is not None
    assert decision.decision == "regress"
    # "Steps back" only when the dose went down; at the bottom it stays, and says so.
    expected = "steps back to" if decision.before != decision.after else "its easiest"
    assert expected in out
    assert "(red) Why: " in out


# -- morning ----------------------------------------------------------------------------------


def test_morning_asks_again_on_a_bad_key_and_stores_the_pain(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["morning"]) == 0
    assert "Nothing to check this morning" in capsys.readouterr().out
    do_session(enrolled.user, NOW)
    at.append(NOW + timedelta(days=1))
    answers(monkeypatch, "x", "11", "t")
    assert main(["morning"]) == 0
    out = capsys.readouterr().out
    assert "press a digit 0-9, or t for 10 (not 'x')" in out
    assert "(not '11')" in out
    assert "A pain of 8 or more" in out
    assert Session.objects.get(user=enrolled.user).p_next == 10


def test_morning_takes_the_pain_as_an_argument(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    do_session(enrolled.user, NOW)
    at.append(NOW + timedelta(days=1))
    assert main(["morning", "12"]) == 1
    assert "pain: press a digit 0-9, or t for 10" in capsys.readouterr().err
    assert main(["morning", "3"]) == 0
    assert Session.objects.get(user=enrolled.user).p_next == 3


# -- log and progress -------------------------------------------------------------------------


def test_log_filters_by_date_and_checks_the_dates(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pat = enrolled.user
    for day in range(3):
        do_session(pat, NOW + timedelta(days=day))
    at.append(NOW + timedelta(days=3))
    assert main(["log", "--json", "--since", "2026-11-03"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert [s["date"] for s in sessions] == ["2026-11-04", "2026-11-03"]
    assert sessions[0]["exercises"]
    assert sessions[0]["status"] == "done"
    assert main(["log", "--until", "2026-11-02"]) == 0
    out = capsys.readouterr().out
    assert "Mon 02 Nov" in out
    assert "1 session." in out
    assert main(["log", "--since", "2026-11-05", "--until", "2026-11-01"]) == 1
    assert "--since 2026-11-05 is after --until 2026-11-01" in capsys.readouterr().err
    assert main(["log", "--since", "yesterday"]) == 1
    assert "--since: 'yesterday' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_progress_shows_adherence_streak_chart_and_levels(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    pat = enrolled.user
    for day in range(4):
        do_session(pat, NOW + timedelta(days=day), p_pre=3 + day % 2)
        services.today_for(pat, NOW + timedelta(days=day + 1))  # the daily decisions
    at.append(NOW + timedelta(days=3, hours=2))
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "Last 7 days: 4 of 5 planned days (80%)" in out  # began Sunday 1 November
    assert "Streak: 4 days in a row" in out
    before = next(line for line in out.splitlines() if line.startswith("Before"))
    assert before.rstrip().endswith("▃▄▃▄")  # pains 3, 4, 3, 4 on the last four days
    assert "now " in out
    assert "  green  " in out
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["streak"] == 4
    assert [p["p_pre"] for p in data["pain"]] == [3, 4, 3, 4]
    assert all(d["reason"] for d in data["decisions"])


# -- screen, confirm-clinician ----------------------------------------------------------------


def test_screen_without_answers_asks_and_stores_for_the_person(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # U3 (cancer) yes, not checked by a clinician: urgent.
    lines = ["n"] * 8 + ["n", "n", "yes", "n", "n", "n", "n", "n", "n", "n", "n"]
    answers(monkeypatch, *lines)
    assert main(["screen"]) == 1
    out = capsys.readouterr().out
    assert "Safety check: urgent" in out
    assert "supple confirm-clinician" in out
    record = ScreenRecord.objects.filter(user=enrolled.user).first()
    assert record is not None
    assert record.outcome == "urgent"
    assert record.flags == ["U3"]
    assert main(["go"]) == 1
    assert "confirm-clinician" in capsys.readouterr().out
    assert main(["confirm-clinician"]) == 0
    assert "Recorded: a clinician has seen you after the urgent result" in (capsys.readouterr().out)
    assert services.safety_status(enrolled.user, NOW).may_exercise


def test_confirm_clinician_with_nothing_to_confirm(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["confirm-clinician"]) == 1
    assert "there is nothing to confirm" in capsys.readouterr().err


# -- export -----------------------------------------------------------------------------------


def test_export_writes_json_csv_and_ics(
    enrolled: Profile,
    at: list[datetime],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    do_session(enrolled.user, NOW)
    target = tmp_path / "pat.json"
    assert main(["export", "--format", "json", "--output", str(target)]) == 0
    data = json.loads(target.read_text())
    assert len(data["tables"]["sessions"]) == 1
    archive = tmp_path / "pat.zip"
    assert main(["export", "--format", "csv", "-o", str(archive)]) == 0
    assert any(name.endswith(".csv") for name in zipfile.ZipFile(archive).namelist())
    capsys.readouterr()
    assert main(["export", "--format", "ics"]) == 0
    assert "VERSION:2.0" in capsys.readouterr().out
    assert main(["export", "--format", "json", "-o", str(tmp_path / "missing" / "x")]) == 1
    assert "--output: cannot write in" in capsys.readouterr().err
    assert main(["export", "--format", "json", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_export_writes_a_fhir_bundle_that_reads_back(
    enrolled: Profile,
    at: list[datetime],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from supple.interop import fhir

    do_session(enrolled.user, NOW)
    target = tmp_path / "pat-fhir.json"
    assert main(["export", "--format", "fhir", "--output", str(target)]) == 0
    assert "Wrote" in capsys.readouterr().err
    bundle = fhir.read_json(target.read_bytes())
    assert bundle.type == "collection"
    assert fhir.unresolved_references(bundle) == []
    kinds = [type(e.resource).__name__ for e in bundle.entry or ()]
    assert kinds[:2] == ["Patient", "CarePlan"]
    assert kinds.count("Observation") == 3  # pain before and after, and the minutes
    assert main(["export", "--format", "fhir"]) == 0
    assert fhir.read_json(capsys.readouterr().out).type == "collection"


# -- the database failing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("database is locked", "the database is busy"),
        ("file is not a database", "is not a Supple database or is damaged"),
        ("no such table: programs_profile", "not set up yet: run `supple init`"),
        ("no such column: library_exercise.figure", "older than this version of Supple"),
    ],
)
def test_database_errors_are_one_clear_line(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: str,
    expected: str,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OperationalError(error)

    monkeypatch.setattr(services, "today_for", fail)
    assert main(["today"]) == 1
    captured = capsys.readouterr()
    assert expected in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_help_imports_neither_django_nor_rich() -> None:
    import subprocess

    code = (
        "import sys, supple.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('django', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_export_writes_through_a_link_and_never_replaces_a_device_or_a_pipe(
    enrolled: Profile,
    at: list[datetime],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import os
    import stat

    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["export", "--format", "json", "-o", str(link)]) == 0
    assert f"through the link {link}" in capsys.readouterr().err
    assert link.is_symlink()
    assert json.loads(real.read_text())["tables"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # A named pipe (as a device such as /dev/full) is refused and left as it is, directly or
    # through a link.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    to_pipe = tmp_path / "to-pipe"
    to_pipe.symlink_to(pipe)
    for path in (pipe, to_pipe):
        assert main(["export", "--format", "json", "-o", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("supple: error: --output:")
        assert "is not a regular file" in err
        assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert to_pipe.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link.json",
        "pipe",
        "real.json",
        "to-pipe",
    ]


def test_reminders_fill_the_calendar_that_warned_when_empty(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", "--format", "ics"]) == 0
    captured = capsys.readouterr()
    assert "VEVENT" not in captured.out
    assert captured.err.startswith("supple: warning: the calendar has no events: set your")
    assert "supple reminders --days" in captured.err

    assert main(["reminders", "--days", "Mon,wed,FRI", "--time", "7:30", "--breaks", "on"]) == 0
    out = capsys.readouterr().out
    assert "Routine: Monday, Wednesday, Friday at 07:30" in out
    assert "Sitting breaks: Monday, Tuesday, Wednesday, Thursday, Friday, from 09:00" in out
    assert (
        main(["reminders", "--break-days", "mon-wed", "--from", "10:00", "--until", "12:00"]) == 0
    )
    profile = Profile.objects.get(pk=enrolled.pk)
    assert profile.routine_days == [0, 2, 4]
    assert profile.sitting_days == [0, 1, 2]
    assert f"{profile.sitting_from:%H:%M}-{profile.sitting_until:%H:%M}" == "10:00-12:00"
    capsys.readouterr()
    assert main(["export", "--format", "ics"]) == 0
    captured = capsys.readouterr()
    assert "BEGIN:VEVENT" in captured.out
    assert captured.err == ""

    for bad, message in (
        (["--days", "funday"], "--days: 'funday' is not a day"),
        (["--time", "25:00"], "--time: '25:00' is not a time"),
        (["--every", "5"], "the time between breaks must be a whole number from 10 to 120"),
    ):
        assert main(["reminders", *bad]) == 1
        assert capsys.readouterr().err.startswith(f"supple: error: {message}")
    assert main(["reminders", "--days", "none"]) == 0
    assert "Routine: no days or time set." in capsys.readouterr().out


def test_today_and_progress_stack_each_exercise_below_60_columns(
    enrolled: Profile,
    at: list[datetime],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pat = enrolled.user
    for day in range(3):
        do_session(pat, NOW + timedelta(days=day))
        services.today_for(pat, NOW + timedelta(days=day + 1))
    at.append(NOW + timedelta(days=3, hours=2))
    monkeypatch.setenv("COLUMNS", "40")
    plan = services.today_for(pat, at[-1]).plan
    assert plan is not None
    names = [catalog_names()[item.exercise] for item in plan.items]
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert not any(c in out for c in "┏│┃")  # no table squeezed into 40 columns
    title = lines.index("Today, Thursday 05 November")
    assert lines[title + 1].startswith("Phase 1, about ")
    for n, name in enumerate(names, start=1):
        # The name on its line, then the dose and time under it, indented under the name.
        at_name = lines.index(f"{n}. {name}") if len(name) < 36 else None
        if at_name is not None:
            assert lines[at_name + 1].startswith("   ")
        # A time such as "1 min 50 s" is never cut over two lines.
        item = plan.items[n - 1]
        assert any(line.endswith(terminal.minutes_text(item.seconds)) for line in lines)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 40
    assert not any(c in out for c in "┏│┃")
    decision_lines = [line for line in out.splitlines() if line.endswith(": green")]
    assert decision_lines
    assert all(line.startswith("    ") for line in decision_lines)


def catalog_names() -> dict[str, str]:
    from supple.library.services import current_catalog

    return {e.id: e.name for e in current_catalog().exercises}
