"""The instants the time-dependent end-to-end tests start their clock at, and what those
tests need to compute what the user should see then.

The suite once failed before about 09:00 London time: "three days and an hour later" is not
yet due when the reminder moved out of the night. So the tests that depend on the time of day,
the date or DST are parametrized over AROUND_THE_CLOCK: the three times of day (UTC) that
catch quiet hours and midnight, each on the eve of a DST change of London or New York (2026:
London 29 Mar and 25 Oct at 01:00 UTC, New York 8 Mar 07:00 UTC and 1 Nov 06:00 UTC), with
the user in that zone, plus the morning that failed, for a user who never chose a zone.

=====================  ================  ========================  ================================
id                     clock start, UTC  the user's wall clock     "In 3 days" arrives
=====================  ================  ========================  ================================
london-spring-2330Z    Sat 28 Mar 23:30  Sat 23:30 GMT             Wed 09:00 BST (quiet; +80.5 h,
                                                                   4 calendar days)
utc-0730Z              Wed 3 Jun 07:30   Wed 07:30 (no zone set)   Sat 09:00 UTC (quiet; +73.5 h)
london-autumn-0730Z    Sat 24 Oct 07:30  Sat 08:30 BST             Tue 08:30 GMT (+73 h)
new-york-spring-0030Z  Sat 7 Mar 00:30   Fri 19:30 EST             Mon 19:30 EDT (+71 h: "about
                                                                   5 days" at "Still there")
new-york-autumn-0730Z  Sat 31 Oct 07:30  Sat 03:30 EDT             Tue 09:00 EST (quiet; +78.5 h)
=====================  ================  ========================  ================================

Expected texts are computed from the instant (calendar days in the user's zone, hours
elapsed), never loosened: "4 days ago" where the reminder lands four calendar days on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.clock import PinnedClock
from tgbot.core.reminder_policy import in_quiet_hours
from tgbot.core.timezones import zone_city
from tgbot.localapi import BotMessage, ChatSession
from tgbot.storage.reminder_rows import Reminder

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
DEFAULT_ZONE = ZoneInfo("UTC")
"""The bot's DEFAULT_TIMEZONE in the tests' settings: the zone of a user who chose none."""

AROUND_THE_CLOCK = [
    # (clock start, the zone the user picks in /settings; None: they pick none)
    pytest.param(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), LONDON, id="london-spring-2330Z"),
    pytest.param(datetime(2026, 6, 3, 7, 30, tzinfo=UTC), None, id="utc-0730Z"),
    pytest.param(datetime(2026, 10, 24, 7, 30, tzinfo=UTC), LONDON, id="london-autumn-0730Z"),
    pytest.param(datetime(2026, 3, 7, 0, 30, tzinfo=UTC), NEW_YORK, id="new-york-spring-0030Z"),
    pytest.param(datetime(2026, 10, 31, 7, 30, tzinfo=UTC), NEW_YORK, id="new-york-autumn-0730Z"),
]

around_the_clock = pytest.mark.parametrize(("clock_start", "zone"), AROUND_THE_CLOCK)
"""Run the test once per instant: it gets ``clock_start`` (the clock fixture starts there)
and ``zone`` (for ``choose_zone``)."""


def zone_of(zone: str | None) -> ZoneInfo:
    """The user's zone: the one they picked, else the bot's default."""
    return DEFAULT_ZONE if zone is None else ZoneInfo(zone)


async def choose_zone(chat: ChatSession, zone: str | None) -> ZoneInfo:
    """The user picks ``zone`` in /settings (None: they leave it); returns their zone."""
    if zone is not None:
        # Typed right after /settings, in any language (the buttons are named by city, in the
        # user's language); the answer names the zone's city in that language too.
        await chat.send("/settings")
        language = (chat.user.language_code or "en").split("-")[0]
        assert zone_city(zone, language) in (await chat.send(zone)).last.text
    return zone_of(zone)


def calendar_days(since: datetime, until: datetime, zone: ZoneInfo) -> int:
    """Days between two moments by the calendar on the user's wall: Saturday 23:30 to
    Wednesday 09:00 is 4, though only 3 days and 8.5 hours pass."""
    return (until.astimezone(zone).date() - since.astimezone(zone).date()).days


async def pending_reminder(bot: BotApplication, chat: ChatSession) -> Reminder:
    (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
    return pending


def promised(bot: BotApplication, chat: ChatSession, due: datetime, zone: ZoneInfo) -> str:
    """A due time as the user reads it in a confirmation: "Sat 6 Jun, 09:00 (UTC)"."""
    return bot.bot_data.services.local_clock(zone, chat.user.language_code).soon(due)


async def arrives_when_due(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock, zone: ZoneInfo
) -> tuple[BotMessage, Reminder]:
    """The pending reminder, read from the database, at a humane local time: the clock is set
    to its due time and it arrives. Returns the message and the row."""
    pending = await pending_reminder(bot, chat)
    assert not in_quiet_hours(pending.due_at.astimezone(zone).time()), "never at night"
    clock.set(pending.due_at)
    since = chat.api.call_count
    await bot.bot_data.services.reminders.sweep()
    await chat.api.wait_for_calls(chat.chat.id, since)
    return chat.last, pending
