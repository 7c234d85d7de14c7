"""The clinical numbers the app applies, each defined once (docs/clinical-rules.md).

Every module that applies one of these rules imports it from here (``planner``, ``progression``
and ``safety`` re-export the ones their callers already use), so a threshold cannot drift
between the planner, the decisions, the screen and the terminal. The numbers are conventions
from the sources in docs/clinical-rules.md; a clinician may override them for a patient.
"""

from __future__ import annotations

from typing import Final

# Section 1, R-1-rescreen: the screen is asked again every 7 days, and after a logged pain of
# 8/10 or more (before, during, after or the next morning).
RESCREEN_PAIN: Final = 8
RESCREEN_EVERY_DAYS: Final = 7

# Section 1, R-1-g4: after 6 weeks of the program, weekly mean pain that has not improved by an
# important change (section 8, R-8-important-change), counted only when the first week's mean
# pain was 3 or more.
G4_WEEKS: Final = 6
G4_MIN_FIRST_WEEK_PAIN: Final = 3

# Section 3, R-3-colour-red / R-3-colour-amber: pain during or after of 6 or more is red, of 4
# or 5 amber; next-morning pain 2 or more above the baseline is red.
RED_PAIN: Final = 6
AMBER_PAIN: Final = 4
RED_NEXT_ABOVE_BASELINE: Final = 2

# Section 3, R-3-trend-*: mean next-morning pain up by 2 (regress) or by 1 (no progress).
TREND_REGRESS: Final = 2
TREND_NO_PROGRESS: Final = 1

# Section 3, R-3-program-pause: red sessions on 3 or more dates, or a next-morning pain of 8 or
# more, in the last 7 days.
PAUSE_RED_DAYS: Final = 3
PAUSE_NEXT_PAIN: Final = 8

# Section 3, R-3-flare-day: pain of 7 or more at the start of a session (or when planning).
FLARE_PAIN: Final = 7

# Section 8, R-8-important-change: an important improvement is 2 points or 30 % on the pain
# scale (the smaller, for G4), and 2 points on a PSFS activity.
IMPORTANT_CHANGE_POINTS: Final = 2
IMPORTANT_CHANGE_FRACTION: Final = (3, 10)  # 30 %, as a fraction
PSFS_IMPORTANT_CHANGE: Final = 2
