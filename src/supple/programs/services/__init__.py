"""Program use cases: the one place that both touches the database and calls the domain.

Views, the API and the CLI call these functions; the rules themselves live in
``supple.domain`` (safety, planner, progression).
"""

from supple.programs.services.errors import ProgramError
from supple.programs.services.history import load_history, morning_check_due
from supple.programs.services.intake import (
    IntakeData,
    accept_disclaimer,
    domain_profile,
    has_accepted_disclaimer,
    profile_of,
    save_intake,
)
from supple.programs.services.planning import Today, apply_due_decisions, today_for
from supple.programs.services.progress import Progress, progress_for
from supple.programs.services.safety import (
    SafetyStatus,
    confirm_clinician,
    record_screen,
    safety_status,
)
from supple.programs.services.sessions import (
    finish_session,
    log_exercise,
    log_morning,
    save_position,
    start_session,
)

__all__ = [
    "IntakeData",
    "ProgramError",
    "Progress",
    "SafetyStatus",
    "Today",
    "accept_disclaimer",
    "apply_due_decisions",
    "confirm_clinician",
    "domain_profile",
    "finish_session",
    "has_accepted_disclaimer",
    "load_history",
    "log_exercise",
    "log_morning",
    "morning_check_due",
    "profile_of",
    "progress_for",
    "record_screen",
    "safety_status",
    "save_intake",
    "save_position",
    "start_session",
    "today_for",
]
