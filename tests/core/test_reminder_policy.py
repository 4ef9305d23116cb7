"""Reminder scheduling policy: choices, humane local times across DST, two-week rule, retries."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.reminder_policy import (
    BASE_DELAY,
    CHOICE_DAYS,
    MAX_DELAY,
    MORNING,
    ONSET_BEFORE,
    QUIET_END,
    QUIET_START,
    ReminderChoice,
    available_choices,
    checkin_has_lapsed,
    checkin_missed,
    diary_onset,
    due_at,
    estimated_onset,
    following_checkin,
    has_lost_its_point,
    humane,
    in_quiet_hours,
    is_late,
    next_checkin,
    raw_due,
    reaches_two_weeks,
    retry_delay,
    twitch_age,
    two_week_mark,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
DURATIONS = ("days", "one_two_weeks", "over_two_weeks", "months_on_off")
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)

C = ReminderChoice


def local(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A UTC instant given as a local wall time in `tz`."""
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def wall(instant: datetime, tz: ZoneInfo) -> datetime:
    """The naive local wall time of an instant, for readable assertions."""
    return instant.astimezone(tz).replace(tzinfo=None)


# --- constants and the duration contract --------------------------------------------------


def test_choice_values_fit_callback_data() -> None:
    assert [c.value for c in C] == ["3d", "1w", "2w", "1d"]
    assert C("2w") is C.TWO_WEEK_MARK


def test_onset_covers_every_spec_duration_answer() -> None:
    assert set(ONSET_BEFORE) == set(DURATIONS)


def test_quiet_hours_constants() -> None:
    assert (time(22), time(8), time(9)) == (QUIET_START, QUIET_END, MORNING)
    assert not in_quiet_hours(MORNING)


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        (time(21, 59, 59), False),
        (time(22), True),
        (time(23, 59), True),
        (time(0), True),
        (time(7, 59, 59), True),
        (time(8), False),
        (time(12), False),
    ],
)
def test_in_quiet_hours_edges(clock: time, quiet: bool) -> None:
    assert in_quiet_hours(clock) is quiet


# --- two-week mark and choices ------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "days_after_episode"),
    [
        ("days", 11),
        ("one_two_weeks", 4),
        ("over_two_weeks", -1),
        ("months_on_off", -46),
        (None, 14),
        ("not_an_answer", 14),
    ],
)
def test_two_week_mark_per_duration(answer: str | None, days_after_episode: int) -> None:
    assert two_week_mark(NOW, answer) == NOW + timedelta(days=days_after_episode)
    assert estimated_onset(NOW, answer) == NOW + timedelta(days=days_after_episode - 14)


def test_two_week_mark_is_utc_whatever_the_input_zone() -> None:
    episode = datetime(2026, 6, 10, 14, 0, tzinfo=BERLIN)
    mark = two_week_mark(episode, "days")
    assert mark.tzinfo is UTC
    assert mark == datetime(2026, 6, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answer", "offers_mark"),
    [
        ("days", True),  # 11 days ahead
        ("one_two_weeks", True),  # 4 days ahead: exactly a day after the 3-day option
        ("over_two_weeks", False),  # already past
        ("months_on_off", False),
        (None, True),  # 14 days ahead
    ],
)
def test_available_choices_right_after_triage(answer: str | None, offers_mark: bool) -> None:
    choices = available_choices(NOW, NOW, answer)
    assert choices[:2] == (C.THREE_DAYS, C.ONE_WEEK)
    assert (C.TWO_WEEK_MARK in choices) is offers_mark
    assert C.SNOOZE not in choices


@pytest.mark.parametrize(
    ("mark_in", "offered"),
    [
        (timedelta(hours=23, minutes=59), False),  # less than a day away
        (DAY, True),
        (timedelta(days=2, hours=1), False),  # within a day of the 3-day option
        (timedelta(days=2), True),
        (timedelta(days=6, hours=12), False),  # within a day of the 1-week option
        (timedelta(days=8), True),
        (-DAY, False),  # already past
    ],
)
def test_available_choices_mark_distance(mark_in: timedelta, offered: bool) -> None:
    # With no duration answer the mark is exactly 14 days after the episode.
    episode = NOW + mark_in - timedelta(days=14)
    assert (C.TWO_WEEK_MARK in available_choices(NOW, episode, None)) is offered


# --- due_at: quiet hours ------------------------------------------------------------------

ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland")


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("hour", "minute", "expected_day", "expected_clock"),
    [
        (14, 30, 11, time(14, 30)),  # daytime: kept
        (21, 59, 11, time(21, 59)),
        (22, 0, 12, MORNING),  # evening: next morning
        (23, 30, 12, MORNING),
        (0, 15, 11, MORNING),  # after midnight: same morning
        (7, 59, 11, MORNING),
        (8, 0, 11, time(8)),
    ],
)
def test_snooze_respects_quiet_hours(
    zone: str, hour: int, minute: int, expected_day: int, expected_clock: time
) -> None:
    tz = ZoneInfo(zone)
    now = local(tz, 2026, 6, 10, hour, minute)
    due = due_at(C.SNOOZE, now, now, "days", tz)
    assert due.tzinfo is UTC
    assert wall(due, tz) == datetime.combine(datetime(2026, 6, expected_day).date(), expected_clock)


@pytest.mark.parametrize("zone", ZONES)
def test_three_days_and_week_keep_local_time(zone: str) -> None:
    tz = ZoneInfo(zone)
    now = local(tz, 2026, 1, 20, 10, 5)
    assert wall(due_at(C.THREE_DAYS, now, now, None, tz), tz) == datetime(2026, 1, 23, 10, 5)
    assert wall(due_at(C.ONE_WEEK, now, now, None, tz), tz) == datetime(2026, 1, 27, 10, 5)


# --- due_at: daylight-saving changes ------------------------------------------------------


def test_berlin_spring_forward_keeps_local_time() -> None:
    now = local(BERLIN, 2026, 3, 27, 14, 0)  # CET, clocks go forward on Sunday 29 March
    due = due_at(C.THREE_DAYS, now, now, "days", BERLIN)
    assert wall(due, BERLIN) == datetime(2026, 3, 30, 14, 0)
    assert due - now == timedelta(days=3) - timedelta(hours=1)  # the night lost an hour


def test_berlin_spring_forward_evening_moves_to_nine() -> None:
    now = local(BERLIN, 2026, 3, 28, 23, 0)
    due = due_at(C.SNOOZE, now, now, None, BERLIN)
    assert wall(due, BERLIN) == datetime(2026, 3, 30, 9, 0)
    assert due == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_berlin_spring_forward_nonexistent_wall_time() -> None:
    now = local(BERLIN, 2026, 3, 28, 2, 30)  # 02:30 does not exist on the 29th
    assert wall(raw_due(C.SNOOZE, now, now, None, BERLIN), BERLIN) == datetime(2026, 3, 29, 3, 30)
    due = due_at(C.SNOOZE, now, now, None, BERLIN)
    assert due == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 CEST


def test_berlin_fall_back_keeps_local_time() -> None:
    now = local(BERLIN, 2026, 10, 20, 10, 0)  # CEST, clocks go back on Sunday 25 October
    due = due_at(C.ONE_WEEK, now, now, None, BERLIN)
    assert wall(due, BERLIN) == datetime(2026, 10, 27, 10, 0)
    assert due == datetime(2026, 10, 27, 9, 0, tzinfo=UTC)  # CET is UTC+1


def test_berlin_fall_back_evening_moves_to_nine() -> None:
    now = local(BERLIN, 2026, 10, 24, 23, 0)
    due = due_at(C.SNOOZE, now, now, None, BERLIN)
    assert due == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # 09:00 CET


def test_berlin_fall_back_ambiguous_wall_time_takes_first() -> None:
    now = local(BERLIN, 2026, 10, 24, 2, 30)  # 02:30 happens twice on the 25th
    raw = raw_due(C.SNOOZE, now, now, None, BERLIN)
    assert raw == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    assert due_at(C.SNOOZE, now, now, None, BERLIN) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_new_york_spring_forward() -> None:
    noon = local(NEW_YORK, 2026, 3, 5, 12, 0)  # EST; clocks go forward on 8 March
    due = due_at(C.THREE_DAYS, noon, noon, None, NEW_YORK)
    assert due == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)  # 12:00 EDT
    late = local(NEW_YORK, 2026, 3, 7, 23, 30)
    due = due_at(C.SNOOZE, late, late, None, NEW_YORK)
    assert due == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)  # 09:00 EDT on the 9th


def test_two_week_mark_across_dst_lands_at_nine() -> None:
    # FinishedCheck at 23:00 CET with no duration answer: the mark is 14 x 24 h later, which is
    # midnight CEST after the change, inside quiet hours, so the morning of that day.
    episode = local(BERLIN, 2026, 3, 20, 23, 0)
    due = due_at(C.TWO_WEEK_MARK, episode, episode, None, BERLIN)
    assert wall(two_week_mark(episode, None), BERLIN) == datetime(2026, 4, 4, 0, 0)
    assert wall(due, BERLIN) == datetime(2026, 4, 4, 9, 0)


# --- due_at: the two-week mark ------------------------------------------------------------


def test_two_week_mark_daytime_is_exact() -> None:
    due = due_at(C.TWO_WEEK_MARK, NOW, NOW, "days", BERLIN)
    assert due == NOW + timedelta(days=11)


def test_stale_two_week_button_waits_a_day() -> None:
    # The mark passed before the button was pressed: remind later, never in the past.
    due = due_at(C.TWO_WEEK_MARK, NOW, NOW, "over_two_weeks", BERLIN)
    assert due == NOW + DAY


# --- lateness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delay", "late"),
    [
        (-DAY, False),
        (timedelta(0), False),
        (DAY, False),
        (DAY + timedelta(seconds=1), True),
        (timedelta(days=5), True),
    ],
)
def test_is_late(delay: timedelta, late: bool) -> None:
    assert is_late(NOW, NOW + delay) is late


# --- two-week rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "elapsed", "age"),
    [
        ("days", timedelta(0), timedelta(days=3)),
        ("days", timedelta(days=2), timedelta(days=5)),
        ("one_two_weeks", DAY, timedelta(days=11)),
        ("over_two_weeks", timedelta(0), timedelta(days=15)),
        ("months_on_off", timedelta(0), timedelta(days=60)),
        (None, timedelta(hours=5), timedelta(hours=5)),
        ("days", -DAY, timedelta(days=3)),  # clock skew: no negative time
    ],
)
def test_twitch_age(answer: str | None, elapsed: timedelta, age: timedelta) -> None:
    assert twitch_age(NOW, answer, NOW + elapsed) == age


@pytest.mark.parametrize(
    ("answer", "threshold"),
    [
        ("days", timedelta(days=11)),
        ("one_two_weeks", timedelta(days=4)),
        (None, timedelta(days=14)),
    ],
)
def test_reaches_two_weeks_boundary(answer: str | None, threshold: timedelta) -> None:
    assert not reaches_two_weeks(NOW, answer, NOW + threshold - timedelta(microseconds=1))
    assert reaches_two_weeks(NOW, answer, NOW + threshold)


@pytest.mark.parametrize("answer", ["over_two_weeks", "months_on_off"])
def test_long_durations_reach_two_weeks_at_once(answer: str) -> None:
    assert reaches_two_weeks(NOW, answer, NOW)


@given(
    answer=st.sampled_from((*DURATIONS, None)),
    elapsed=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)),
)
def test_reaches_two_weeks_agrees_with_mark(answer: str | None, elapsed: timedelta) -> None:
    now = NOW + elapsed
    assert reaches_two_weeks(NOW, answer, now) is (now >= two_week_mark(NOW, answer))


# --- retries ------------------------------------------------------------------------------


def test_retry_delays_double_up_to_the_cap_and_never_give_up() -> None:
    delays = [retry_delay(n) for n in range(1, 13)]
    assert delays == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 600.0, 600.0, 600.0]
    assert retry_delay(10_000) == MAX_DELAY
    assert retry_delay(3, max_delay=5.0) == 5.0


@pytest.mark.parametrize("failures", [0, -1])
def test_retry_failures_are_one_based(failures: int) -> None:
    with pytest.raises(ValueError, match="1-based"):
        retry_delay(failures)


@given(failures=st.integers(min_value=1, max_value=10_000))
def test_retry_delay_bounded_and_growing(failures: int) -> None:
    delay = retry_delay(failures)
    assert BASE_DELAY <= delay <= MAX_DELAY
    assert retry_delay(failures + 1) >= delay


@pytest.mark.parametrize(
    ("late", "lost"),
    [(timedelta(0), False), (timedelta(days=14), False), (timedelta(days=14, seconds=1), True)],
)
def test_a_reminder_loses_its_point_two_weeks_late(late: timedelta, lost: bool) -> None:
    assert has_lost_its_point(NOW, NOW + late) is lost


# --- naive datetimes ----------------------------------------------------------------------

NAIVE = datetime(2026, 6, 10, 12, 0)

CALLS: list[Callable[[], object]] = [
    lambda: two_week_mark(NAIVE, "days"),
    lambda: estimated_onset(NAIVE, None),
    lambda: available_choices(NAIVE, NOW, "days"),
    lambda: available_choices(NOW, NAIVE, "days"),
    lambda: due_at(C.THREE_DAYS, NAIVE, NOW, "days", BERLIN),
    lambda: due_at(C.TWO_WEEK_MARK, NOW, NAIVE, "days", BERLIN),
    lambda: humane(NAIVE, BERLIN),
    lambda: is_late(NAIVE, NOW),
    lambda: is_late(NOW, NAIVE),
    lambda: twitch_age(NAIVE, "days", NOW),
    lambda: reaches_two_weeks(NOW, "days", NAIVE),
]


@pytest.mark.parametrize("call", CALLS)
def test_naive_datetime_rejected(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


# --- properties over every zone -----------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=500, deadline=None)
@given(
    choice=st.sampled_from(C),
    now=instants,
    episode_ago=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    answer=st.sampled_from((*DURATIONS, None)),
    tz=st.timezones(),
)
def test_due_at_is_humane_and_never_early(
    choice: ReminderChoice,
    now: datetime,
    episode_ago: timedelta,
    answer: str | None,
    tz: ZoneInfo,
) -> None:
    episode = now - episode_ago
    raw = raw_due(choice, now, episode, answer, tz)
    due = due_at(choice, now, episode, answer, tz)
    assert due.tzinfo is UTC
    assert not in_quiet_hours(due.astimezone(tz).time())
    assert due >= raw
    # Quiet hours delay by at most 22:00 -> 09:00 next day, plus a DST hour.
    assert due - raw <= timedelta(hours=12)
    # Calendar-day arithmetic can differ from exact 24 h steps only by a DST shift.
    if choice in CHOICE_DAYS:
        target = now + timedelta(days=CHOICE_DAYS[choice])
        assert abs(raw - target) <= timedelta(hours=3)
    else:
        assert raw >= now + DAY - timedelta(hours=3)


@settings(max_examples=500, deadline=None)
@given(raw=instants, tz=st.timezones())
def test_humane_moves_only_quiet_times(raw: datetime, tz: ZoneInfo) -> None:
    due = humane(raw, tz)
    assert not in_quiet_hours(due.astimezone(tz).time())
    if in_quiet_hours(raw.astimezone(tz).time()):
        assert due.astimezone(tz).time() >= MORNING
        assert raw < due <= raw + timedelta(hours=12)
    else:
        assert due == raw


# The evening check-in.
BERLIN_ZONE = ZoneInfo("Europe/Berlin")


def test_next_checkin_is_tonight_if_still_ahead_else_tomorrow_at_the_same_wall_hour() -> None:
    noon = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN_ZONE)
    tonight = next_checkin(noon, 20, BERLIN_ZONE)
    assert tonight == datetime(2026, 3, 28, 20, 0, tzinfo=BERLIN_ZONE)
    tomorrow = next_checkin(tonight, 20, BERLIN_ZONE)
    assert tomorrow.astimezone(BERLIN_ZONE).strftime("%d %H:%M %Z") == "29 20:00 CEST"
    assert tomorrow - tonight == timedelta(hours=23)
    with pytest.raises(ValueError, match="0-23"):
        next_checkin(noon, 24, BERLIN_ZONE)


def test_checkins_lapse_after_fourteen_quiet_days_counted_from_the_later_start() -> None:
    since = date(2026, 6, 1)
    assert not checkin_has_lapsed(None, since, date(2026, 6, 14))
    assert checkin_has_lapsed(None, since, date(2026, 6, 15))
    assert not checkin_has_lapsed(date(2026, 6, 10), since, date(2026, 6, 23))
    assert checkin_has_lapsed(date(2026, 6, 10), since, date(2026, 6, 24))
    assert not checkin_has_lapsed(date(2026, 5, 1), since, date(2026, 6, 14)), "from since"


def test_a_checkin_is_missed_the_next_day_or_in_quiet_hours_and_the_next_one_follows() -> None:
    due = datetime(2026, 6, 1, 21, 0, tzinfo=BERLIN_ZONE)
    assert not checkin_missed(due, due + timedelta(minutes=50), BERLIN_ZONE)
    assert checkin_missed(due, due + timedelta(hours=1, minutes=1), BERLIN_ZONE)  # 22:01
    assert checkin_missed(due, due + timedelta(days=1, hours=-5), BERLIN_ZONE)  # next day
    week_later = due + timedelta(days=7, minutes=3)
    assert following_checkin(due, week_later, 21, BERLIN_ZONE) == due + timedelta(days=7)
    assert following_checkin(due, due, 21, BERLIN_ZONE) == due + timedelta(days=1)


def test_the_diary_can_make_a_twitch_older_never_younger() -> None:
    episode_at = datetime(2026, 6, 11, 12, 0, tzinfo=UTC)
    now = episode_at + timedelta(days=4)
    # "Less than a week" counts as 3 days: 7 days at the reminder, by the check alone.
    assert twitch_age(episode_at, "days", now) == timedelta(days=7)
    logged = diary_onset(date(2026, 6, 1), BERLIN_ZONE)
    assert logged == datetime(2026, 5, 31, 22, 0, tzinfo=UTC)  # midnight in Berlin
    assert reaches_two_weeks(episode_at, "days", now, logged)
    later = diary_onset(date(2026, 6, 14), BERLIN_ZONE)
    assert twitch_age(episode_at, "days", now, later) == timedelta(days=7)
    assert diary_onset(None, BERLIN_ZONE) is None
