"""A pain chart drawn with block characters: one row of bars per series, one column per day,
and a 0-10 scale in the bar heights. Plain text, so it works in any terminal and in a log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

# Nine heights: a blank for 0 would hide a logged 0, so 0 is the lowest visible bar.
BLOCKS = "▁▂▃▄▅▆▇█"
MISSING = "·"


def bar(value: float | None) -> str:
    """One character for a 0-10 value (None: not logged)."""
    if value is None:
        return MISSING
    clamped = min(max(value, 0.0), 10.0)
    return BLOCKS[min(int(clamped / 10 * len(BLOCKS)), len(BLOCKS) - 1)]


def daily(values: Sequence[tuple[date, int | None]]) -> dict[date, float]:
    """The mean value per day, leaving out missing values."""
    sums: dict[date, list[int]] = {}
    for day, value in values:
        if value is not None:
            sums.setdefault(day, []).append(value)
    return {day: sum(v) / len(v) for day, v in sums.items()}


def chart(
    series: Mapping[str, Mapping[date, float]], end: date, days: int, *, label_width: int = 14
) -> list[str]:
    """Rows of text: a date line, then one line per series over the ``days`` up to ``end``."""
    start = end - timedelta(days=days - 1)
    dates = [start + timedelta(days=n) for n in range(days)]
    lines = []
    header = f"{start:%d %b}".ljust(days - 6) + f"{end:%d %b}" if days >= 14 else ""
    lines.append(" " * label_width + header)
    for name, points in series.items():
        row = "".join(bar(points.get(day)) for day in dates)
        lines.append(f"{name:<{label_width}}{row}")
    return lines


def mean(points: Mapping[date, float], start: date, end: date) -> float | None:
    values = [v for d, v in points.items() if start <= d <= end]
    return sum(values) / len(values) if values else None
