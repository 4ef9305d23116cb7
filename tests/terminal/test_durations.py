"""``/wait``'s durations: the short forms people type, and a clear word for the rest."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tgbot.terminal.durations import DurationError, describe, parse_duration, short


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("30m", timedelta(minutes=30)),
        ("12h", timedelta(hours=12)),
        ("3d", timedelta(days=3)),
        ("2w", timedelta(weeks=2)),
        ("1d12h", timedelta(days=1, hours=12)),
        (" 1w 2D ", timedelta(days=9)),
    ],
)
def test_short_forms(text: str, delta: timedelta) -> None:
    assert parse_duration(text) == delta


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("soon", "can't read 'soon' as a time: write e.g. 30m, 12h, 3d, 2w or 1d12h"),
        ("3", "can't read '3' as a time"),
        ("3 days", "can't read '3 days' as a time"),
        ("0d", "the time to wait must be more than zero"),
        ("400d", "waiting more than a year at once is not supported"),
    ],
)
def test_what_cannot_be_read_says_how_to_write_it(text: str, problem: str) -> None:
    with pytest.raises(DurationError) as error:
        parse_duration(text)
    assert str(error.value).startswith(problem)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(days=3), "3 days"),
        (timedelta(days=1, hours=12), "1 day 12 hours"),
        (timedelta(days=15, minutes=1), "2 weeks 1 day 1 minute"),
        (timedelta(minutes=45), "45 minutes"),
    ],
)
def test_described_in_words(delta: timedelta, words: str) -> None:
    assert describe(delta) == words


def test_short_is_what_wait_reads_rounded_up_to_the_minute() -> None:
    delta = timedelta(days=2, hours=17, minutes=4, seconds=1)
    assert short(delta) == "2d17h5m"
    assert parse_duration(short(delta)) == timedelta(days=2, hours=17, minutes=5)
    assert short(timedelta(seconds=10)) == "1m"
    # A fraction of a second past a whole minute still needs the next minute to arrive.
    assert short(timedelta(hours=1, microseconds=400_000)) == "1h1m"
    assert short(timedelta(hours=1)) == "1h"
