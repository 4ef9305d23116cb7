"""``/wait 3d``: how far to move the clock, written the short way people write it."""

from __future__ import annotations

import math
import re
from datetime import timedelta

_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_PART = re.compile(r"(\d+)\s*([mhdw])")
_WHOLE = re.compile(r"(?:\d+\s*[mhdw]\s*)+")
LONGEST = timedelta(days=365)
"""Further than a year is a typo, not a test of reminders."""


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    """``30m``, ``12h``, ``3d``, ``2w``, or a sum like ``1d12h``; at least a minute."""
    cleaned = text.strip().lower()
    if not _WHOLE.fullmatch(cleaned):
        raise DurationError(
            f"can't read {text.strip()!r} as a time: write e.g. 30m, 12h, 3d, 2w or 1d12h"
        )
    total = timedelta()
    for amount, unit in _PART.findall(cleaned):
        total += timedelta(**{_UNITS[unit]: int(amount)})
    if total <= timedelta():
        raise DurationError("the time to wait must be more than zero")
    if total > LONGEST:
        raise DurationError("waiting more than a year at once is not supported")
    return total


def describe(delta: timedelta) -> str:
    """``3 days``, ``1 day 12 hours``, ``45 minutes``."""
    days, seconds = delta.days, delta.seconds
    parts = [
        (days // 7, "week"),
        (days % 7, "day"),
        (seconds // 3600, "hour"),
        (seconds % 3600 // 60, "minute"),
    ]
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words) or "no time"


def short(delta: timedelta) -> str:
    """The way /wait reads it, rounded up to the minute: ``2d17h5m``. Up from the microsecond:
    a wait a fraction of a second short of a reminder would show nothing."""
    minutes = math.ceil(delta / timedelta(minutes=1))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "1m"
