"""The tests' clock: it starts where it is told, never at the real now, and moves only as
real time passes (monotonic) or as the test moves it."""

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine

from tgbot.core.clock import PinnedClock

START = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)


def test_it_starts_at_the_instant_given_and_runs_on_in_real_time() -> None:
    clock = PinnedClock(START)
    first = clock.now()
    assert START <= first < START + timedelta(seconds=1)
    time.sleep(0.05)
    assert clock.now() - first >= timedelta(seconds=0.05)
    assert clock.now().tzinfo is UTC


def test_a_start_in_any_offset_is_the_same_instant_in_utc() -> None:
    clock = PinnedClock(datetime(2026, 3, 29, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    assert START <= clock.now() < START + timedelta(seconds=1)


def test_a_stopped_clock_shows_exactly_what_was_set() -> None:
    clock = PinnedClock(START, ticking=False)
    time.sleep(0.01)
    assert clock.now() == START
    clock.advance(timedelta(days=3, hours=1))
    assert clock.now() == START + timedelta(days=3, hours=1)
    moment = datetime(2026, 10, 31, 7, 30, tzinfo=UTC)
    clock.set(moment)
    assert clock.now() == moment


def test_advance_and_set_move_a_running_clock() -> None:
    clock = PinnedClock(START)
    clock.advance(timedelta(days=4))
    assert START + timedelta(days=4) <= clock.now() < START + timedelta(days=4, seconds=1)
    moment = datetime(2026, 10, 24, 7, 30, tzinfo=UTC)
    clock.set(moment)
    assert moment <= clock.now() < moment + timedelta(seconds=1)


def test_moving_the_system_clock_does_not_move_it() -> None:
    clock = PinnedClock(START)
    with time_machine.travel(datetime(2031, 1, 1, 7, 30, tzinfo=UTC), tick=False):
        assert START <= clock.now() < START + timedelta(seconds=1)


def test_naive_moments_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        PinnedClock(datetime(2026, 3, 28, 23, 30))
    with pytest.raises(ValueError, match="timezone-aware"):
        PinnedClock(START).set(datetime(2026, 3, 28, 23, 30))
