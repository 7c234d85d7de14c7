"""One exercise's timeline (R-PLAN-timeline): every timed part of a session item, in order.

The one timing model of a session (docs/clinical-rules.md, R-PLAN-time-model): the planner's
estimate is the sum of these segments, the terminal player plays them, and the browser's
player plays the same segments as the server sends them. Nothing else computes session time.

- Every exercise starts with a get-ready (``GET_READY_S``).
- A held repetition is the hold, then a relax of ``HOLD_TRANSITION_S`` to come out of it
  (after every hold, the last one too: the time to move in and out of the position).
- A repetition exercise is one segment of ``reps`` repetitions at the kind's pace
  (``REP_SECONDS``); an exercise with neither hold nor repetitions is ``UNTIMED_S`` at one's
  own pace.
- A one-sided exercise is done on both sides within each set, with one switch of sides
  (``SIDE_SWITCH_S``) per set; sets are separated by a rest (``REST_BETWEEN_SETS_S``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, Protocol

# Seconds per repetition at the stated pace, by kind: a slow breath takes 6 s; a mobility,
# control or strength repetition 4 s (2 s each way, ACSM's moderate tempo).
REP_SECONDS: Final[Mapping[str, int]] = {
    "breathing": 6,
    "mobility": 4,
    "stretch": 4,
    "control": 4,
    "strength": 4,
    "functional": 4,
}
# The pace of a kind the table does not name.
DEFAULT_REP_SECONDS: Final = 4
# Moving into and out of each hold.
HOLD_TRANSITION_S: Final = 2
# Switching to the other side, once per set of a one-sided exercise.
SIDE_SWITCH_S: Final = 5
# Rest between two sets.
REST_BETWEEN_SETS_S: Final = 30
# The get-ready countdown before each exercise.
GET_READY_S: Final = 5
# An exercise with neither a hold nor repetitions (a walk given in words) counts this long.
UNTIMED_S: Final = 120

Kind = Literal["ready", "hold", "relax", "reps", "move", "switch", "rest"]

# Kinds of exercise whose time is a duration, not a held position: "For 1–2 min", not "Hold".
TIMED_KINDS: Final = ("breathing", "functional")

# What each kind of segment is called on screen.
TITLES: Final[Mapping[str, str]] = {
    "ready": "Get ready",
    "hold": "Hold",
    "relax": "Relax",
    "reps": "Repetitions",
    "move": "At your own pace",
    "switch": "Switch sides",
    "rest": "Rest",
}


# The title of a hold of a breathing exercise or a walk ("For 1 min", never "Hold").
TIMED_HOLD_TITLE: Final = "Keep going"


class DoseLike(Protocol):
    @property
    def hold_s(self) -> int | None: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def sets(self) -> int: ...
    @property
    def per_side(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Segment:
    """One timed part of an exercise."""

    kind: Kind
    seconds: int
    # Where in the exercise: "Set 2 of 3 · Other side · Hold 1 of 5" (empty when obvious).
    where: str = ""
    # Repetitions in a "reps" segment, and seconds per repetition.
    reps: int = 0
    pace: int = 0
    # A hold of a breathing exercise or a walk is a duration, not a held position.
    timed: bool = False

    @property
    def title(self) -> str:
        return TIMED_HOLD_TITLE if self.timed and self.kind == "hold" else TITLES[self.kind]

    @property
    def work(self) -> bool:
        """Counts as exercise done (not a get-ready, a switch or a rest)."""
        return self.kind in ("hold", "relax", "reps", "move")

    def as_dict(self) -> dict[str, object]:
        """The JSON form the browser's player plays."""
        return {
            "kind": self.kind,
            "seconds": self.seconds,
            "title": self.title,
            "where": self.where,
            "reps": self.reps,
            "pace": self.pace,
            "timed": self.timed,
        }


def rep_seconds(kind: str) -> int:
    return REP_SECONDS.get(kind, DEFAULT_REP_SECONDS)


def build(kind: str, dose: DoseLike) -> tuple[Segment, ...]:
    """The segments of one exercise of ``kind`` at ``dose``, in order."""
    sets = max(1, dose.sets)
    sides = ("First side", "Other side") if dose.per_side else ("",)
    segments = [Segment("ready", GET_READY_S)]
    for set_number in range(1, sets + 1):
        if set_number > 1:
            segments.append(
                Segment("rest", REST_BETWEEN_SETS_S, f"Next: set {set_number} of {sets}")
            )
        for side_index, side in enumerate(sides):
            if side_index > 0:
                segments.append(Segment("switch", SIDE_SWITCH_S, "Next: other side"))
            where = _join(f"Set {set_number} of {sets}" if sets > 1 else "", side)
            segments.extend(_work(kind, dose, where))
    return tuple(segments)


def _work(kind: str, dose: DoseLike, where: str) -> list[Segment]:
    if dose.hold_s is not None:
        count = dose.reps if dose.reps is not None else 1
        out = []
        for rep in range(1, count + 1):
            label = _join(where, f"Hold {rep} of {count}" if count > 1 else "")
            out.append(Segment("hold", dose.hold_s, label, timed=kind in TIMED_KINDS))
            out.append(Segment("relax", HOLD_TRANSITION_S, where))
        return out
    if dose.reps is not None:
        pace = rep_seconds(kind)
        return [Segment("reps", pace * dose.reps, where, reps=dose.reps, pace=pace)]
    return [Segment("move", UNTIMED_S, where)]


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def total_seconds(segments: tuple[Segment, ...] | list[Segment]) -> int:
    return sum(segment.seconds for segment in segments)


def clock(seconds: int) -> str:
    """A countdown as shown: "45" under a minute, "1:30" or "14:57" from a minute up."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return str(seconds)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"
