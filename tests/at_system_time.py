"""Run pytest with the system clock, as Python sees it, moved to a time of day (UTC) today:
the proof that the tests depend on their pinned clock, not on the hour they run at. Not part
of the suite; run by hand, e.g.

    .venv/bin/python -m tests.at_system_time 07:30 tests/e2e/test_reminders.py

It travels with time-machine (ticking on from there) as pytest starts, so every datetime.now(),
time.time() and date.today() of the run says that hour; time.monotonic(), which asyncio's
timers and the tests' PinnedClock run on, is left alone.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time
from typing import Any

import pytest


class Travel:
    """A pytest plugin: the system clock moved to ``moment`` for the whole run."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment
        self.traveller: Any = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        # Imported here, once pytest has loaded time-machine's own plugin (so that pytest can
        # still rewrite its asserts).
        import time_machine

        self.traveller = time_machine.travel(self.moment, tick=True)
        self.traveller.start()

    def pytest_report_header(self) -> str:
        return f"system clock moved to {datetime.now(UTC).isoformat(timespec='seconds')}"

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self.traveller is not None:
            self.traveller.stop()


def main(argv: list[str]) -> int:
    if not argv or ":" not in argv[0]:
        print("usage: python -m tests.at_system_time HH:MM [pytest arguments]", file=sys.stderr)
        return 2
    hour, minute = (int(part) for part in argv[0].split(":"))
    moment = datetime.combine(datetime.now(UTC).date(), time(hour, minute), UTC)
    return int(pytest.main(argv[1:], plugins=[Travel(moment)]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
