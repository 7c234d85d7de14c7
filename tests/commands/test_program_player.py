"""``supple go`` in-process: the player's beats against the planner's time model, and whole
sessions driven by scripted keys on a fake clock (no real waiting), checked in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from supple.accounts.models import User
from supple.cli import build_parser
from supple.commands import CommandError, terminal_player, user_database
from supple.commands.keys import Clock
from supple.content import load_catalog
from supple.domain import planner, progression, timeline
from supple.programs import services
from supple.programs.models import Profile, Session
from tests.factories import NOW, do_session

pytestmark = pytest.mark.django_db
CATALOG = load_catalog()


class FakeClock(Clock):
    def __init__(self, speed: float = 10.0) -> None:
        super().__init__(speed)
        self.t = 0.0

    def now(self) -> float:
        return self.t


class ScriptedKeys:
    """Prompts take ``answers`` in order; ``timed`` keys are pressed when the player's clock
    reaches their time (a key of None raises KeyboardInterrupt: Ctrl-C)."""

    def __init__(
        self, clock: FakeClock, answers: list[str], timed: list[tuple[float, str | None]] = ()
    ) -> None:
        self.clock = clock
        self.answers = list(answers)
        self.timed = list(timed)

    def read_key(self, timeout: float | None) -> str | None:
        if timeout is None:
            if not self.answers:
                raise EOFError
            return self.answers.pop(0)
        if self.timed and self.clock.t >= self.timed[0][0]:
            key = self.timed.pop(0)[1]
            if key is None:
                raise KeyboardInterrupt
            return key
        self.clock.t += timeout * self.clock.speed
        return None


def go(*extra: str, answers: list[str], timed: list[tuple[float, str | None]] = ()) -> int:
    args = build_parser().parse_args(["go", "--plain", "--no-voice", *extra])
    clock = FakeClock()
    return terminal_player.run_go(args, keys=ScriptedKeys(clock, answers, timed), clock=clock)


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    moments = [NOW]
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(user_database, "current_time", lambda: moments[-1])
    return moments


def todays_items(user: User) -> list[dict[str, object]]:
    plan = services.today_for(user, NOW).plan
    assert plan is not None
    return [item.as_dict() for item in plan.items]


def test_the_beats_last_what_the_planner_estimates_for_every_exercise() -> None:
    for exercise in CATALOG.exercises:
        for dose in (progression.starting_dose(exercise), progression.top_dose(exercise)):
            item = {**dose.as_dict(), "sets": dose.sets}
            beats = terminal_player.timeline(item, exercise)
            assert terminal_player.timeline_seconds(beats) == planner.estimate_seconds(
                exercise, dose
            ), exercise.id
            assert beats[0].kind == "ready"
            # The terminal plays the domain's timeline, segment for segment.
            segments = timeline.build(exercise.kind, dose)
            assert [(b.kind, b.seconds) for b in beats] == [
                (s.kind, float(s.seconds)) for s in segments
            ]
            if dose.per_side:
                assert sum(b.kind == "switch" for b in beats) == dose.sets
            assert sum(b.kind == "rest" for b in beats) == dose.sets - 1


def test_the_live_countdown_shows_minutes_and_seconds_from_a_minute_up() -> None:
    assert terminal_player._countdown(45) == "45 s"
    assert terminal_player._countdown(897) == "14:57"


def test_a_whole_session_is_saved_as_it_happens(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = enrolled
    items = len(todays_items(profile.user))
    keys = ["x", "3"] + ["2", "maybe", "n"] * items + ["2"]
    assert go(answers=keys) == 0
    out = capsys.readouterr().out
    assert "Please try again: press a digit 0-9, or t for 10 (not 'x')" in out
    assert "Please try again: press y or n (not 'maybe')" in out
    assert "Get ready: 5 s" in out
    assert "Well done" in out
    session = Session.objects.get(user=profile.user)
    assert (session.status, session.source, session.p_pre, session.p_post) == ("done", "cli", 3, 2)
    entries = list(session.entries.all())
    assert len(entries) == items
    assert all(e.completed and e.p_during == 2 and not e.spread for e in entries)
    assert session.position == {"index": items, "stage": "ready"}


def test_skip_quit_and_pause_by_key(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Pause in the first exercise's work, go on, then skip it part-way (its pain is asked);
    # skip the second during its get-ready (nothing asked); quit in the third part-way: it
    # is kept as partly done with its pain, not as skipped (issue 12, item 1).
    timed = [(7.0, "p"), (30.0, " "), (31.0, "s"), (32.0, "s"), (50.0, "q")]
    assert go(answers=["3", "4", "n", "5", "n", ""], timed=timed) == 0
    out = capsys.readouterr().out
    assert "Paused: p or space to go on" in out
    assert "Stopped: 0 of 8 exercises done, 2 partly done, 1 skipped" in out
    session = Session.objects.get(user=enrolled.user)
    assert session.status == "stopped"
    assert session.p_post is None
    first, second, third = session.entries.order_by("position")
    assert (first.p_during, first.completed, first.skipped) == (4, False, False)
    assert (second.skipped, second.p_during) == (True, None)
    assert (third.skipped, third.completed, third.p_during) == (False, False, 5)
    assert third.seconds_done is not None
    assert (third.reps_done or 0) > 0 or third.seconds_done > 0


def test_spreading_symptoms_end_the_session_with_advice(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert go(answers=["2", "3", "y", "3"]) == 0
    out = capsys.readouterr().out
    assert "Stop here for today: symptoms spread down your leg" in out
    session = Session.objects.get(user=enrolled.user)
    assert session.status == "stopped"
    assert session.entries.count() == 1


def test_ctrl_c_keeps_what_was_done(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Ctrl-C during the second exercise.
    item = todays_items(enrolled.user)[0]
    first = terminal_player.timeline_seconds(
        terminal_player.timeline(item, CATALOG.exercise(str(item["exercise"])))
    )
    assert go(answers=["3", "2", "n"], timed=[(first + 8, None)]) == 130
    out = capsys.readouterr().out
    session = Session.objects.get(user=enrolled.user)
    assert session.status == "stopped"
    done, cut_short = session.entries.order_by("position")
    assert (done.p_during, done.completed) == (2, True)
    # The exercise under way is kept as partly done, its pain missing (never 0).
    assert (cut_short.p_during, cut_short.completed, cut_short.skipped) == (None, False, False)
    assert cut_short.seconds_done is not None
    names = {e.id: e.name for e in CATALOG.exercises}
    assert f"{names[cut_short.exercise]}: partly done (" in out
    assert f"{names[done.exercise]}: done, pain during it 2/10" in out
    assert "The session is saved as stopped" in out


def test_a_finished_exercise_whose_pain_was_not_answered_is_kept_as_done(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Input ends at "Worst pain during ...?" after the first exercise was done whole.
    with pytest.raises(CommandError, match="standard input closed"):
        go(answers=["3"])
    out = capsys.readouterr().out
    session = Session.objects.get(user=enrolled.user)
    assert session.status == "stopped"
    [entry] = session.entries.all()
    assert (entry.completed, entry.skipped, entry.p_during) == (True, False, None)
    assert "done, pain during it not answered" in out


def test_go_says_when_a_pain_answer_changes_the_plan(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The announced plan is the usual one; a pain of 8 makes it a flare day: said, and the
    # new plan listed before the first exercise.
    usual = len(todays_items(enrolled.user))
    assert go(answers=["8", ""], timed=[(0.0, "q")]) == 0
    out = capsys.readouterr().out
    flare_plan = Session.objects.get(user=enrolled.user).plan
    announced, after = out.split("today is a flare day", 1)
    assert f"Today: {usual} exercises" in announced
    listed, _first = after.split("Exercise 1 of", 1)
    assert f"The plan now: {len(flare_plan)} exercise" in listed
    for n, item in enumerate(flare_plan, start=1):
        assert f"{n}. {item['name']} · " in listed


def test_the_morning_check_comes_first_and_a_high_pain_makes_a_flare_day(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    do_session(enrolled.user, NOW - timedelta(days=1) + timedelta(hours=2))
    at.append(NOW + timedelta(hours=1))
    assert go(answers=["4", "7", ""], timed=[(0.0, "q")]) == 0
    out = capsys.readouterr().out
    assert "First, yesterday's check" in out
    assert "today is a flare day" in out
    yesterday, today = Session.objects.filter(user=enrolled.user).order_by("started_at")
    assert yesterday.p_next == 4
    assert today.flare


def test_go_refuses_when_the_screen_is_due(
    enrolled: Profile,
    at: list[datetime],
    capsys: pytest.CaptureFixture[str],
) -> None:
    at.append(NOW + timedelta(days=8))
    assert go(answers=[]) == 1
    assert "The safety questions are due" in capsys.readouterr().out
    assert not Session.objects.filter(user=enrolled.user).exists()


def test_a_breathing_exercise_and_a_walk_are_said_as_durations_not_holds() -> None:
    from supple.domain.timeline import TIMED_KINDS

    timed = [e for e in CATALOG.exercises if e.kind in TIMED_KINDS]
    assert {"breathing-body-scan", "walk"} <= {e.id for e in timed}
    for exercise in timed:
        dose = progression.starting_dose(exercise)
        item = {**dose.as_dict(), "sets": dose.sets}
        beats = [
            terminal_player.worded(b, exercise.kind)
            for b in terminal_player.timeline(item, exercise)
        ]
        work = [b for b in beats if b.kind == "hold"]
        assert work, exercise.id
        for beat in work:
            assert "Hold" not in beat.label, exercise.id
            assert beat.label.endswith(f"For {terminal_player._seconds(beat.seconds)}")
            assert beat.cue in (
                "Again",
                f"Begin, for {terminal_player.spoken_duration(beat.seconds)}",
            )
    assert terminal_player.spoken_duration(60) == "1 minute"
    assert terminal_player.spoken_duration(150) == "2 minutes 30 seconds"


@pytest.mark.parametrize("columns", [30, 40, 100])
def test_the_live_area_fits_the_terminal_and_its_bar_takes_the_width(columns: int) -> None:
    import io

    from rich.console import Console

    out = Console(file=io.StringIO(), width=columns, force_terminal=True)
    live = terminal_player.Player.__new__(terminal_player.Player)
    live.out = out
    beat = terminal_player.Beat("hold", 60, "First side · Set 2 of 3 · Hold 3 of 10", "Hold")
    screen = live.screen(beat, "Draw-in with alternating leg raises", 3, 8, 45, 0, paused=True)
    lines = out.render_lines(screen, out.options, pad=False)
    # Five lines, none wider than the terminal: a wider one would wrap and be drawn again.
    assert len(lines) == 5
    assert all(sum(len(seg.text) for seg in line) <= columns for line in lines)
    bar = "".join(seg.text for seg in lines[3])
    assert len(bar) == terminal_player.bar_width(columns)
    assert len(bar) >= min(columns - 2, 60) - 1
