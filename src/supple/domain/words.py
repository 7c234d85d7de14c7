"""Plain words for what the catalogue stores as terms: a position as a person says it."""

from __future__ import annotations

from typing import Final

POSITION_WORDS: Final[dict[str, str]] = {
    "supine": "on your back",
    "prone": "on your front",
    "side-lying": "on your side",
    "quadruped": "on hands and knees",
    "seated": "sitting",
    "standing": "standing",
    "kneeling": "kneeling",
}


def position_words(position: str) -> str:
    """``"quadruped"`` -> "on hands and knees"."""
    return POSITION_WORDS.get(position, position.replace("-", " "))


# The program's phases (docs/clinical-rules.md section 5) as a reader names them.
STAGE_WORDS: Final[dict[int, str]] = {1: "Gentle start", 2: "Building up", 3: "Getting stronger"}


def stage_words(phase: int) -> str:
    """``1`` -> "Gentle start"."""
    return STAGE_WORDS.get(phase, f"Stage {phase}")
