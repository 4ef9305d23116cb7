"""When to send a reassessment reminder or an evening check-in, at a humane local time, and
how to retry delivery.

Pure functions only: no Telegram, no database, no event loop, so the rules can be tested
exhaustively. Every datetime must be timezone-aware; inputs may use any zone, results are UTC.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo


class ReminderReply(StrEnum):
    """The answers under a delivered reminder."""

    GONE = "gone"
    STILL_THERE = "still"
    WORSE = "worse"
    ASK_TOMORROW = "snooze"


class ReminderChoice(StrEnum):
    """What the user picked after a triage outcome; values are short for callback data."""

    THREE_DAYS = "3d"
    ONE_WEEK = "1w"
    TWO_WEEK_MARK = "2w"
    # Offered on a delivered reminder ("not now"), not in the first set of choices.
    SNOOZE = "1d"


# Calendar days in the user's own zone, so "in 3 days" keeps its wall-clock time across DST.
CHOICE_DAYS: Final[Mapping[ReminderChoice, int]] = {
    ReminderChoice.THREE_DAYS: 3,
    ReminderChoice.ONE_WEEK: 7,
    ReminderChoice.SNOOZE: 1,
}

# How long before the episode the twitch probably started, by the `duration` answer of the
# twitch flow (clinical-spec.md). Each value sits inside its answer's range without
# overstating it: `days` means "under a week", so 3 days is roughly its middle;
# `one_two_weeks` -> 10 days, the middle of 7-14; `over_two_weeks` -> 15 days, just past the
# two-week line it already crossed; `months_on_off` -> 60 days, about two months. A missing or
# unknown answer counts as zero: assume the twitch just started, so the two-week advice is
# never brought forward on a guess.
ONSET_BEFORE: Final[Mapping[str, timedelta]] = {
    "days": timedelta(days=3),
    "one_two_weeks": timedelta(days=10),
    "over_two_weeks": timedelta(days=15),
    "months_on_off": timedelta(days=60),
}

# NHS: see a GP if a twitch lasts more than 2 weeks.
TWO_WEEKS: Final = timedelta(days=14)
# A reminder sooner than this is not worth offering, and choices closer than this are duplicates.
MIN_GAP: Final = timedelta(days=1)
# Past this, the reminder text apologises for being late (e.g. the bot was down).
LATE_AFTER: Final = timedelta(days=1)

# No reminders at night: 22:00 inclusive to 08:00 exclusive, local time; they move to 09:00.
QUIET_START: Final = time(22)
QUIET_END: Final = time(8)
MORNING: Final = time(9)

# Delivery retries after a network error or a 5xx: 2, 4, 8 ... s, at most MAX_DELAY apart,
# for as long as the reminder still has a point. An outage of minutes or hours delays
# reminders; it never drops them.
BASE_DELAY: Final = 2.0
MAX_DELAY: Final = 600.0
# A reminder asks "how is it now?" about one check. Two weeks past its time (longer than
# the longest choice, "in 1 week", and the two-week mark where the advice changes) that
# question has lost its point: the bot stops trying and tells the user at their next visit
# that it could not reach them. A reminder late for less goes out with an apology.
GIVE_UP_AFTER: Final = timedelta(days=14)


# The evening diary check-in (opt-in): the local hours offered, all outside quiet hours so
# that "every evening at 21:00" never turns into a morning message.
CHECKIN_HOURS: Final = (18, 19, 20, 21)
# With no diary entry for this long (counted from the last entry, or from the day the
# check-ins began), they stop by themselves and say so.
CHECKIN_STOP_AFTER: Final = timedelta(days=14)


def _utc(value: datetime, name: str) -> datetime:
    """Return `value` in UTC; a naive datetime is a bug in the caller, so refuse it."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def _from_wall(wall: datetime, tz: ZoneInfo) -> datetime:
    """Turn a naive local wall time into a UTC instant, resolving DST edges.

    A wall time skipped by a spring-forward gap moves forward by the gap (02:30 -> 03:30),
    so it is never earlier than asked for. A wall time that happens twice when clocks go back
    takes its first occurrence.
    """
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first == second:
        return first
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return min(first, second)  # ambiguous: it exists twice
    # In a gap the offset from before the jump is the smaller one, giving the later instant.
    return max(first, second)


def in_quiet_hours(local: time) -> bool:
    """Whether a local wall time is inside the night-time quiet hours."""
    if QUIET_START <= QUIET_END:
        return QUIET_START <= local < QUIET_END
    return local >= QUIET_START or local < QUIET_END


def humane(raw: datetime, tz: ZoneInfo) -> datetime:
    """Move an instant out of the user's quiet hours to 09:00 local; never earlier than `raw`."""
    raw = _utc(raw, "raw")
    local = raw.astimezone(tz)
    if not in_quiet_hours(local.time()):
        return raw
    # Evening -> next morning; after midnight -> the same morning.
    day = local.date() + timedelta(days=1) if local.time() >= QUIET_START else local.date()
    return _from_wall(datetime.combine(day, MORNING), tz)


def onset_before(duration_answer: str | None) -> timedelta:
    """How long before the episode the twitch probably started (zero when unknown)."""
    if duration_answer is None:
        return timedelta(0)
    return ONSET_BEFORE.get(duration_answer, timedelta(0))


def estimated_onset(episode_at: datetime, duration_answer: str | None) -> datetime:
    """When the twitch probably started, from the episode time and its `duration` answer."""
    return _utc(episode_at, "episode_at") - onset_before(duration_answer)


def two_week_mark(episode_at: datetime, duration_answer: str | None) -> datetime:
    """When the twitch would have lasted two weeks, in UTC."""
    return estimated_onset(episode_at, duration_answer) + TWO_WEEKS


def available_choices(
    now: datetime, episode_at: datetime, duration_answer: str | None
) -> tuple[ReminderChoice, ...]:
    """Reminder times to offer after a triage outcome ("no thanks" is the caller's button).

    The two-week mark is offered only when it is at least a day ahead and at least a day away
    from the 3-day and 1-week options, so the buttons never mean the same thing.
    """
    now = _utc(now, "now")
    mark = two_week_mark(episode_at, duration_answer)
    fixed = (ReminderChoice.THREE_DAYS, ReminderChoice.ONE_WEEK)
    if mark - now < MIN_GAP:
        return fixed
    if any(abs(mark - (now + timedelta(days=CHOICE_DAYS[c]))) < MIN_GAP for c in fixed):
        return fixed
    return (*fixed, ReminderChoice.TWO_WEEK_MARK)


def raw_due(
    choice: ReminderChoice,
    now: datetime,
    episode_at: datetime,
    duration_answer: str | None,
    tz: ZoneInfo,
) -> datetime:
    """The reminder time before quiet hours are applied, in UTC.

    Day choices add calendar days to the user's local wall time. The two-week mark is a fixed
    instant; if it is less than a day away (a stale button), it falls back to the snooze
    delay, as the user asked to be reminded later, not now.
    """
    now = _utc(now, "now")
    if choice is ReminderChoice.TWO_WEEK_MARK:
        snooze = raw_due(ReminderChoice.SNOOZE, now, episode_at, duration_answer, tz)
        return max(two_week_mark(episode_at, duration_answer), snooze)
    wall = now.astimezone(tz).replace(tzinfo=None) + timedelta(days=CHOICE_DAYS[choice])
    return _from_wall(wall, tz)


def due_at(
    choice: ReminderChoice,
    now: datetime,
    episode_at: datetime,
    duration_answer: str | None,
    tz: ZoneInfo,
) -> datetime:
    """When to send the reminder for `choice`: the raw time moved out of quiet hours, UTC."""
    return humane(raw_due(choice, now, episode_at, duration_answer, tz), tz)


def is_late(due: datetime, now: datetime) -> bool:
    """Whether a reminder goes out more than a day after it was due (say sorry for it)."""
    return _utc(now, "now") - _utc(due, "due") > LATE_AFTER


def diary_onset(first_symptom_day: date | None, tz: ZoneInfo) -> datetime | None:
    """The start, in UTC, of the first local day the diary shows symptoms on."""
    if first_symptom_day is None:
        return None
    return _from_wall(datetime.combine(first_symptom_day, time(0)), tz)


def twitch_age(
    episode_at: datetime,
    duration_answer: str | None,
    now: datetime,
    diary_since: datetime | None = None,
) -> timedelta:
    """How long the twitch has lasted: estimated age at the episode plus the time since, or,
    where the diary shows it earlier (``diary_since``, see diary_onset), since then.

    The diary only ever adds evidence: a twitch logged for two weeks has lasted two weeks
    whatever was answered at the check; a diary that starts later changes nothing. A `now`
    before the episode (clock skew) counts as no time elapsed, not negative time.
    """
    now = _utc(now, "now")
    elapsed = max(now - _utc(episode_at, "episode_at"), timedelta(0))
    age = onset_before(duration_answer) + elapsed
    if diary_since is not None:
        age = max(age, now - _utc(diary_since, "diary_since"))
    return age


def reaches_two_weeks(
    episode_at: datetime,
    duration_answer: str | None,
    now: datetime,
    diary_since: datetime | None = None,
) -> bool:
    """Whether a twitch still present at `now` has lasted two weeks, so a doctor is advised."""
    return twitch_age(episode_at, duration_answer, now, diary_since) >= TWO_WEEKS


def retry_delay(failures: int, max_delay: float = MAX_DELAY) -> float:
    """Seconds to wait after ``failures`` failed sends in a row (1-based): doubling from
    BASE_DELAY, capped at ``max_delay``."""
    if failures < 1:
        raise ValueError(f"failures is 1-based, got {failures}")
    # min() before the power: 2.0 ** 10_000 overflows a float.
    return min(BASE_DELAY * 2.0 ** min(failures - 1, 64), max_delay)


def has_lost_its_point(due: datetime, now: datetime) -> bool:
    """Whether a reminder not sent yet is too late to send at all (see GIVE_UP_AFTER)."""
    return _utc(now, "now") - _utc(due, "due") > GIVE_UP_AFTER


def next_checkin(after: datetime, hour: int, tz: ZoneInfo) -> datetime:
    """The first local ``hour``:00 strictly after ``after``, in UTC, out of quiet hours.

    A wall-clock hour: 20:00 stays 20:00 local across a DST change (23 or 25 hours apart).
    """
    if hour not in range(24):
        raise ValueError(f"hour must be 0-23, got {hour}")
    after = _utc(after, "after")
    day = after.astimezone(tz).date()
    candidate = _from_wall(datetime.combine(day, time(hour)), tz)
    if candidate <= after:
        candidate = _from_wall(datetime.combine(day + timedelta(days=1), time(hour)), tz)
    return humane(candidate, tz)


def checkin_has_lapsed(last_entry: date | None, since: date, today: date) -> bool:
    """Whether the check-ins should stop: no diary entry for CHECKIN_STOP_AFTER, counted from
    the last entry or from the day they began, whichever is later."""
    quiet_since = max(last_entry, since) if last_entry is not None else since
    return today - quiet_since >= CHECKIN_STOP_AFTER


def checkin_missed(due: datetime, now: datetime, tz: ZoneInfo) -> bool:
    """Whether an evening check-in is too late to send: "how was today?" makes no sense the
    next day or in the night. It is skipped; the next evening's comes as usual."""
    local_now = _utc(now, "now").astimezone(tz)
    local_due = _utc(due, "due").astimezone(tz)
    return local_now.date() > local_due.date() or in_quiet_hours(local_now.time())


def following_checkin(due: datetime, now: datetime, hour: int, tz: ZoneInfo) -> datetime:
    """The evening after the one ``due``, or the first after it that is not missed at ``now``
    (after downtime): tonight's still comes, a few minutes late, if tonight is not over."""
    following = next_checkin(due, hour, tz)
    while following < now and checkin_missed(following, now, tz):
        following = next_checkin(following, hour, tz)
    return following
