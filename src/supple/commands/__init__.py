"""Sub-commands of ``supple``, one module per area.

Each module has ``register(subparsers)`` that adds its parsers and sets ``handler`` to a
function taking the parsed arguments and returning an exit code. Handlers raise
``CommandError`` for a problem the user can fix: the CLI prints it on one line and exits
non-zero, never with a traceback.
"""

from __future__ import annotations

COMMAND_MODULES: tuple[str, ...] = (
    "supple.commands.server",
    "supple.commands.accounts",
    "supple.commands.library",
    "supple.commands.engine",
    "supple.commands.program",
    "supple.commands.reminders",
    "supple.commands.importer",
    "supple.commands.tokens",
)


class CommandError(Exception):
    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
