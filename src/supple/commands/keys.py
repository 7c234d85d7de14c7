"""Single keys without Enter, and the player's clock.

On a terminal the keys are read in cbreak mode (termios): a key press arrives at once, Ctrl-C
still interrupts. When standard input is not a terminal (a pipe, a file, a test) each line is
one "key" (so "10" works at a pain prompt), read by a background thread so that countdowns
never wait for input. Time comes from one ``Clock`` whose ``speed`` makes tests fast.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import sys
import threading
import time
from types import TracebackType
from typing import IO, Any, Protocol


class Keys(Protocol):
    def read_key(self, timeout: float | None) -> str | None:
        """The next key (a line, without a terminal) within ``timeout`` real seconds, None
        when none came; ``timeout=None`` waits, and raises EOFError when input has ended (on a
        terminal, Ctrl-D or a closed terminal raise it at once, whatever the timeout)."""


class Clock:
    """Player time: real monotonic seconds times ``speed`` (1 for people, more in tests)."""

    def __init__(self, speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError("speed must be above 0")
        self.speed = speed

    def now(self) -> float:
        return time.monotonic() * self.speed

    def real(self, seconds: float) -> float:
        """Real seconds for ``seconds`` of player time."""
        return seconds / self.speed


class TerminalKeys:
    """Keys from standard input: cbreak on a terminal, lines otherwise. A context manager that
    always puts the terminal back as it was."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdin
        try:
            self.fd: int | None = self.stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None
        self.is_tty = self.fd is not None and os.isatty(self.fd)
        self._saved: list[Any] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._ended = False
        self._pending = ""
        self._reader: threading.Thread | None = None

    def __enter__(self) -> TerminalKeys:
        if self.is_tty and self.fd is not None:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        else:
            self._reader = threading.Thread(target=self._read_lines, daemon=True)
            self._reader.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        if self._saved is not None and self.fd is not None:
            import termios

            # The terminal may be gone (a closed window): then there is nothing to put back.
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def _read_lines(self) -> None:
        try:
            for line in self.stream:
                self._lines.put(line.rstrip("\r\n"))
        except (OSError, ValueError):
            pass
        self._lines.put(None)

    def read_key(self, timeout: float | None) -> str | None:
        if self.is_tty:
            return self._read_tty(timeout)
        if self._ended:
            if timeout is None:
                raise EOFError
            time.sleep(timeout)
            return None
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            self._ended = True
            if timeout is None:
                raise EOFError
            return None
        return line.strip()

    def _read_tty(self, timeout: float | None) -> str | None:
        assert self.fd is not None
        if not self._pending:
            try:
                ready, _, _ = select.select([self.fd], [], [], timeout)
                if not ready:
                    return None
                data = os.read(self.fd, 64)
            except OSError:
                raise EOFError from None  # the terminal is gone
            # Ctrl-D (end of input) arrives as a character in cbreak mode: a way out too.
            if not data or data.startswith(b"\x04"):
                raise EOFError
            if data.startswith(b"\x1b"):
                return None  # an arrow or function key: not one of ours
            # Keys typed quickly arrive together: hand them out one at a time.
            self._pending = data.decode("utf-8", "replace")
        key, self._pending = self._pending[0], self._pending[1:]
        return "\n" if key in "\r\n" else key
