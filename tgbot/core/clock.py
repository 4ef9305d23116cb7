"""The one source of "now", so tests and the terminal chat can move time forward."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """The system clock plus an offset that can grow, for fast-forwarding time."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


class PinnedClock:
    """A clock that starts at a moment its owner names, never at the real now, so the time
    of day, the date and DST are the same on every run (the tests' clock).

    It runs on from there at the pace of real time (``time.monotonic``, so a change of the
    system clock does not move it), and waits of a few real seconds (a retry, a 429) still
    pass on it. ``ticking=False`` stops it: it shows exactly what was set. ``advance`` and
    ``set`` move it.
    """

    def __init__(self, start: datetime, *, ticking: bool = True) -> None:
        self.ticking = ticking
        self._moment = _aware(start, "start")
        self._since = time.monotonic()

    def now(self) -> datetime:
        if not self.ticking:
            return self._moment
        return self._moment + timedelta(seconds=time.monotonic() - self._since)

    def advance(self, delta: timedelta) -> None:
        self._moment += delta

    def set(self, moment: datetime) -> None:
        self._moment = _aware(moment, "moment")
        self._since = time.monotonic()


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(UTC)


def to_timestamp(moment: datetime) -> int:
    return int(moment.timestamp())


def from_timestamp(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
