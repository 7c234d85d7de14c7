from __future__ import annotations


class ProgramError(Exception):
    """A request the program cannot carry out; the message says why, in plain words."""
