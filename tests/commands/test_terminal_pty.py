"""The installed ``supple`` command in a real pseudo-terminal (pexpect), time made fast with the
hidden ``--speed`` option, each test on its own SQLite copy of an initialised data directory;
what the commands store is read back with sqlite3.

Single keys are sent without Enter: the player reads them in cbreak mode.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow

SUPPLE = str(Path(sys.executable).parent / "supple")
FAST = "1000"


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory after `supple init` (migrations and the shipped library), once."""
    folder = tmp_path_factory.mktemp("supple-data")
    result = subprocess.run(
        [SUPPLE, "init"], env=child_env(folder), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return folder


def child_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SUPPLE_USER")}
    env.update(SUPPLE_DATA_DIR=str(folder), TERM="xterm", COLUMNS="100", LINES="40")
    return env


@pytest.fixture(scope="module")
def started(initialised: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """After `supple start` typed in a terminal (once for the module: it takes a second)."""
    folder = tmp_path_factory.mktemp("supple-started")
    shutil.copytree(initialised, folder, dirs_exist_ok=True)
    start(folder)
    return folder


@pytest.fixture
def data(started: Path, tmp_path: Path) -> Path:
    """A fresh copy of the started data directory for one test."""
    folder = tmp_path / "data"
    shutil.copytree(started, folder)
    return folder


def spawn(data: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        SUPPLE,
        list(args),
        env=child_env(data),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )
    child.delaybeforesend = None
    return child


def query(data: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(data / "supple.sqlite3") as conn:
        return list(conn.execute(sql))


def start(data: Path) -> None:
    """`supple start` typed in a terminal, with a wrong answer on the way."""
    child = spawn(data, "start")
    child.expect("Username")
    child.sendline("pat")
    child.expect(r"Password \(10")
    # getpass flushes what was typed before it turned echo off: wait for that first.
    child.waitnoecho(timeout=10)
    child.sendline(PASSWORD)
    child.expect("same password again")
    child.waitnoecho(timeout=10)
    child.sendline(PASSWORD)
    child.expect("Do you accept this")
    child.sendline("y")
    child.expect("How bad is your back pain right now")
    child.sendline("lots")
    child.expect("Please try again:.*give a whole number from 0 to 10, not 'lots'")
    for answer in ("3", "4", "50", "y", "15", "4, 5, 7", "3", ""):
        child.sendline(answer)
    for _ in range(18):
        child.expect(r"\(y/n\)")
        child.sendline("n")
    child.expect("Safety check: clear")
    child.expect("supple go")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def answer_exercise(child: pexpect.spawn, pain: str = "2") -> None:
    child.expect(r"Worst pain during")
    child.send(pain)
    child.expect(r"spread down your leg")
    child.send("n")


def test_start_then_a_whole_session_with_keys_in_a_terminal(data: Path) -> None:
    # `start` ran in the fixture, in a terminal, through a wrong answer.
    assert query(data, "select pain_now, age, minutes from programs_profile") == [(3, 50, 15)]
    assert query(data, "select outcome, trigger from programs_screenrecord") == [
        ("clear", "intake")
    ]
    child = spawn(data, "go", "--speed", FAST, "--no-voice")
    transcript = io.StringIO()
    child.logfile_read = transcript
    child.expect("How is your back pain right now")
    child.send("x")
    child.expect(r"press a digit 0-9, or t for 10 \(not 'x'\)")
    child.send("3")
    child.send("p")  # read by the first countdown: pause
    child.expect("PAUSED")
    child.send(" ")  # space goes on
    answered = 0
    while True:
        index = child.expect([r"Worst pain during", r"How is your back pain now"])
        if index == 1:
            break
        child.send("2")
        child.expect("spread down your leg")
        child.send("n")
        answered += 1
    child.send("1")
    child.expect("Well done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = transcript.getvalue()
    assert output.count("\a") > 3 * answered  # a bell at each change
    assert "Switch sides" in output or "Hold" in output
    sessions = query(data, "select status, source, p_pre, p_post, plan from programs_session")
    assert [row[:4] for row in sessions] == [("done", "cli", 3, 1)]
    assert answered == len(json.loads(str(sessions[0][4])))
    entries = query(data, "select p_during, completed, skipped from programs_exerciselog")
    assert entries == [(2, 1, 0)] * answered


def test_ctrl_c_and_a_closed_terminal_keep_what_was_done(data: Path) -> None:
    child = spawn(data, "go", "--speed", FAST, "--no-voice")
    child.expect("How is your back pain right now")
    child.send("4")
    answer_exercise(child)
    child.expect("Worst pain during")
    child.sendintr()  # Ctrl-C
    child.expect("Stopped.")
    child.expect("Saved:")
    child.expect("done, pain during it not answered")
    child.expect("The session is saved as stopped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    # The terminal closes in the middle of the next session (SIGHUP).
    child = spawn(data, "go", "--speed", FAST, "--no-voice")
    child.expect("How is your back pain right now")
    child.send("5")
    answer_exercise(child, "3")
    answer_exercise(child, "3")
    child.expect("Worst pain during")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129
    sessions = query(
        data,
        "select s.status, s.p_pre, count(e.id) from programs_session s "
        "left join programs_exerciselog e on e.session_id = s.id "
        "group by s.id order by s.started_at",
    )
    # The exercise waiting for its pain answer is kept too (done, its pain missing).
    assert sessions == [("stopped", 4, 2), ("stopped", 5, 3)]
    assert query(data, "select count(*) from programs_exerciselog where p_during is null") == [(2,)]


def test_the_break_timer_counts_and_stores_breaks(data: Path) -> None:
    child = spawn(
        data, "breaks", "--once", "--minutes", "10", "--break-minutes", "1", "--speed", "20000"
    )
    child.expect("Breaks today: 0")
    child.expect("Time for a break: 1 minutes. Try: ")
    child.expect(r"Did you take it\? \(y/n\)")
    child.send("y")
    child.expect("Break saved. Breaks today: 1.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rows = query(data, "select client_id, exercise from programs_sittingbreak")
    assert len(rows) == 1
    assert rows[0][0]
    assert rows[0][1]


def test_a_file_that_is_not_a_database_and_a_locked_database(data: Path) -> None:
    # Another program holds the write lock: a writing command waits, then says so.
    holder = sqlite3.connect(data / "supple.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = subprocess.run(
            [SUPPLE, "confirm-clinician", "--db-timeout", "0.2"],
            env=child_env(data),
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "the database is busy: another program" in result.stderr
    assert "Traceback" not in result.stderr

    for name in ("supple.sqlite3-wal", "supple.sqlite3-shm"):
        (data / name).unlink(missing_ok=True)
    (data / "supple.sqlite3").write_bytes(b"these are not the bytes of a database\n" * 100)
    for command in (["today"], ["go", "--no-voice"]):
        result = subprocess.run(
            [SUPPLE, *command],
            env=child_env(data),
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 1, command
        assert "is not a Supple database or is damaged" in result.stderr, command
        assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------------------------
# Every way out of `supple go` keeps what was done (issue 12, item 1), read back from the
# database: a finished exercise whose pain was not asked yet is done with its pain missing,
# an exercise under way is partly done with the time done.

LOGS = (
    "select completed, skipped, p_during, seconds_done from programs_exerciselog order by position"
)


def go_in_a_hold(data: Path, *extra: str) -> pexpect.spawn:
    """`supple go --plain` at 20 times the speed, stopped 10 s into the first exercise's long
    hold (the plain display tells the time left every 10 seconds)."""
    child = spawn(data, "go", "--plain", "--speed", "20", "--no-voice", *extra)
    child.expect("How is your back pain right now")
    child.send("3")
    child.expect(r"Exercise 1 of")
    child.expect(r"\d+ s left")
    return child


def go_at_the_first_pain_prompt(data: Path) -> pexpect.spawn:
    child = spawn(data, "go", "--speed", FAST, "--no-voice")
    child.expect("How is your back pain right now")
    child.send("3")
    child.expect("Worst pain during")
    return child


def session_status(data: Path) -> list[tuple[object, ...]]:
    return query(data, "select status, p_post from programs_session")


def assert_partly_done(data: Path, *, pain: int | None = None) -> None:
    [(completed, skipped, p_during, seconds_done)] = query(data, LOGS)
    assert (completed, skipped, p_during) == (0, 0, pain)
    assert isinstance(seconds_done, int)
    assert seconds_done >= 10
    assert session_status(data) == [("stopped", None)]


def assert_done_without_pain(data: Path) -> None:
    [(completed, skipped, p_during, seconds_done)] = query(data, LOGS)
    assert (completed, skipped, p_during) == (1, 0, None)
    assert isinstance(seconds_done, int)
    assert seconds_done > 0
    assert session_status(data) == [("stopped", None)]


def test_ctrl_c_at_the_pain_prompt_keeps_the_finished_exercise(data: Path) -> None:
    child = go_at_the_first_pain_prompt(data)
    child.sendintr()
    child.expect(r"Saved:\s+\S.*: done, pain during it not answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert_done_without_pain(data)


def test_ctrl_c_during_a_hold_keeps_it_as_partly_done(data: Path) -> None:
    child = go_in_a_hold(data)
    child.sendintr()
    child.expect(r"partly done \(\d+ s of 1 min\), pain during it not answered")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert_partly_done(data)


def test_q_during_a_hold_asks_its_pain_and_keeps_it_as_partly_done(data: Path) -> None:
    child = go_in_a_hold(data)
    child.send("q")
    child.expect("Worst pain during")
    child.send("4")
    child.expect("spread down your leg")
    child.send("n")
    child.expect("How is your back pain now")
    child.send("\r")
    child.expect(r"Stopped: 0 of \d+ exercises done, 1 partly done")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert_partly_done(data, pain=4)


def test_sighup_during_a_hold_keeps_it_as_partly_done(data: Path) -> None:
    child = go_in_a_hold(data)
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129
    assert_partly_done(data)


def test_sigterm_at_the_pain_prompt_keeps_the_finished_exercise(data: Path) -> None:
    child = go_at_the_first_pain_prompt(data)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 143
    assert_done_without_pain(data)


def test_the_terminal_closing_during_a_hold_keeps_it_as_partly_done(data: Path) -> None:
    child = go_in_a_hold(data)
    # The window closes: the terminal's other end goes away (the kernel hangs up the session).
    child.close(force=True)
    assert not child.isalive()
    assert_partly_done(data)


def test_ctrl_d_in_a_hold_ends_the_session_and_keeps_it(data: Path) -> None:
    child = go_in_a_hold(data)
    child.sendeof()
    child.expect(r"partly done \(\d+ s of 1 min\)")
    child.expect("supple: error: standard input closed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert_partly_done(data)


def test_ctrl_d_at_the_pain_prompt_keeps_the_finished_exercise(data: Path) -> None:
    child = go_at_the_first_pain_prompt(data)
    child.sendeof()
    child.expect("done, pain during it not answered")
    child.expect("supple: error: no answer: standard input closed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert_done_without_pain(data)


def test_piped_input_that_ends_at_the_pain_prompt_keeps_the_finished_exercise(
    data: Path,
) -> None:
    result = subprocess.run(
        [SUPPLE, "go", "--speed", "10000", "--no-voice"],
        env=child_env(data),
        input="3\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "done, pain during it not answered" in result.stdout
    assert result.stderr.strip().splitlines() == ["supple: error: no answer: standard input closed"]
    assert_done_without_pain(data)


@pytest.mark.parametrize(
    "command", [["today", "--json"], ["export", "--format", "json"], ["log", "--json"]]
)
def test_a_full_disk_or_a_closed_pipe_is_one_line(data: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [SUPPLE, *command],
            env=child_env(data),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "supple: error: cannot write the output: No space left on device"
    ]
    # The reader goes away before anything is written.
    process = subprocess.Popen(
        [SUPPLE, *command],
        env=child_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate()
    assert process.returncode == 1
    assert err.splitlines() == ["supple: error: cannot write the output: the reader stopped early"]


def test_a_break_not_taken_is_not_stored(data: Path) -> None:
    child = spawn(
        data, "breaks", "--once", "--minutes", "10", "--break-minutes", "1", "--speed", "20000"
    )
    child.expect(r"Did you take it\? \(y/n\)")
    child.send("n")
    child.expect("Not saved: only the breaks you take are counted.")
    child.expect("Breaks today: 0.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert query(data, "select count(*) from programs_sittingbreak") == [(0,)]
