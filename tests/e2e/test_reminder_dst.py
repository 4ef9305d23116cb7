"""Reminders across daylight-saving changes, end to end: the real Application, the local Bot
API stand-in, and a stopped clock set to moments around the 2026 changes.

What tgbot/core/reminder_policy.py promises, and what these tests hold it to:

- "In 3 days", "In 1 week" and "Ask me tomorrow" add calendar days to the user's local wall
  time (CHOICE_DAYS), so the reminder keeps its local hour across a DST change: 71 hours of
  UTC over a spring-forward weekend, 73 or 169 over a fall-back one.
- A local wall time skipped by the spring-forward gap moves forward by the gap (02:30 ->
  03:30), never earlier (`_from_wall`).
- 22:00 (inclusive) to 08:00 (exclusive) local is quiet; a reminder due then moves to 09:00
  local, the next morning from the evening, the same morning after midnight (`humane`).

"When it arrives" is pinned from both sides: a sweep just outside the service's five-minute
window does not schedule it, delivering it one second before its time finds nothing due, and
at its time it reaches the stand-in, once. The clock is stopped (a PinnedClock that does not
tick), so the time the service stamps on the sent reminder is exactly the moment the test set.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_reminders import arrival, set_reminder
from tgbot.bot.context import BotApplication
from tgbot.bot.reminder_service import WINDOW
from tgbot.core.clock import PinnedClock, from_timestamp
from tgbot.localapi import BotMessage, ChatSession

BERLIN = ZoneInfo("Europe/Berlin")  # 2026-03-29: 02:00 CET (+01) -> 03:00 CEST (+02)
NEW_YORK = ZoneInfo("America/New_York")  # 2026-11-01: 02:00 EDT (-04) -> 01:00 EST (-05)
REMINDER_TEXT = "you told me about a twitch in your eyelid"
REMINDER_BUTTONS = [
    "✅ Gone",
    "🔁 Still there",
    "⚠️ Worse, or new signs",
    "💤 Ask me tomorrow",
    "📓 Log today",
]


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two moments. Subtracting two datetimes that share a ZoneInfo gives
    their wall-clock difference instead, which would hide the very hour these tests are about."""
    return end.astimezone(UTC) - start.astimezone(UTC)


@pytest.fixture
def clock(clock_start: datetime) -> PinnedClock:
    """Stopped: it shows what the test set, and nothing else, so moments are exact."""
    return PinnedClock(clock_start, ticking=False)


async def choose_timezone(chat: ChatSession, zone: str) -> None:
    # The preset buttons are named by city ("Europe/London" is "London").
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    await chat.send("/settings")
    assert (await chat.tap(city)).last.text == f"Done. I now go by the time in {city}."


def reminders_sent(chat: ChatSession) -> list[str]:
    """Texts of every reminder the stand-in received for this chat (edits excluded)."""
    texts = (
        str(call.params.get("text", ""))
        for call in chat.api.calls_for(chat.chat.id)
        if call.method == "sendMessage"
    )
    return [text for text in texts if REMINDER_TEXT in text]


async def arrives_exactly_at(
    chat: ChatSession, bot: BotApplication, clock: PinnedClock, due: datetime
) -> tuple[BotMessage, datetime]:
    """Not scheduled a sweep before, not deliverable a second before, sent at ``due``, once.

    Returns the reminder as the user sees it and the time the service recorded sending it
    (UTC; the tests read it in the user's zone). The clock is left ten minutes after ``due``.
    """
    due = due.astimezone(UTC)  # arithmetic below in real time, not in wall time
    services = bot.bot_data.services
    before = len(reminders_sent(chat))
    (pending,) = await services.reminders.repo.pending_for(chat.user.id)

    since = chat.api.call_count
    clock.set(due - WINDOW - timedelta(minutes=1))
    assert await services.reminders.sweep() == 0, "scheduled too early"
    clock.set(due - timedelta(seconds=1))
    assert await services.reminders.deliver(pending.reminder_id) == "not_pending"
    await chat.api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.2)
    assert len(reminders_sent(chat)) == before, "sent before its time"

    clock.set(due)
    message = await arrival(chat, bot)
    assert REMINDER_TEXT in message.text
    assert message.button_texts == REMINDER_BUTTONS
    row = await services.db.fetchone(
        "SELECT status, sent_at FROM reminders WHERE reminder_id = ?", (pending.reminder_id,)
    )
    assert row is not None
    assert row["status"] == "sent"
    sent_at = from_timestamp(row["sent_at"])
    assert sent_at == due

    # Once: a later sweep finds nothing, and nothing more reaches the stand-in.
    since = chat.api.call_count
    clock.set(due + timedelta(minutes=10))
    assert await services.reminders.sweep() == 0
    await chat.api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.2)
    assert len(reminders_sent(chat)) == before + 1
    return message, sent_at


def local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %-d %b %H:%M %Z")


async def remind_over_the_change(
    bot: BotApplication,
    chat: ChatSession,
    clock: PinnedClock,
    *,
    zone: str,
    asked: datetime,
    due: datetime,
    choice: str = "In 3 days",
) -> tuple[str, BotMessage, str]:
    """The user in ``zone`` picks ``choice`` at ``asked``; the reminder arrives at ``due``.
    Returns the confirmation, the reminder as the user sees it, and when it was sent, read
    in the user's zone."""
    clock.set(asked)
    await choose_timezone(chat, zone)
    confirmation = await set_reminder(chat, choice)
    message, sent_at = await arrives_exactly_at(chat, bot, clock, due)
    return confirmation, message, local(sent_at, ZoneInfo(zone))


async def test_spring_forward_keeps_the_local_hour_of_in_3_days(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # Catches "now + 72 hours" in UTC (or in a fixed offset): it would promise and send at
    # 13:00 CEST, an hour late, so the confirmation fails and nothing arrives at 12:00.
    asked = datetime(2026, 3, 27, 12, 0, tzinfo=BERLIN)  # Friday, CET
    due = datetime(2026, 3, 30, 12, 0, tzinfo=BERLIN)  # Monday, CEST
    assert elapsed(asked, due) == timedelta(hours=71), "the weekend is an hour short"
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone="Europe/Berlin", asked=asked, due=due
    )
    assert confirmation.startswith("OK. I will ask you on Mon 30 Mar, 12:00 (")
    assert sent == "Mon 30 Mar 12:00 CEST"
    # Calendar days in the user's zone: "3 days ago", though only 71 hours passed (counting
    # 24-hour periods would say "2 days ago").
    assert message.text.startswith(f"👋 3 days ago {REMINDER_TEXT}")


async def test_fall_back_keeps_the_local_hour_of_in_1_week(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # Catches "now + 7 x 24 hours" in UTC: it would promise and send at 11:00 EST, an hour
    # early, so the confirmation fails and the sweep just before 12:00 finds it due.
    asked = datetime(2026, 10, 29, 12, 0, tzinfo=NEW_YORK)  # Thursday, EDT
    due = datetime(2026, 11, 5, 12, 0, tzinfo=NEW_YORK)  # Thursday, EST
    assert elapsed(asked, due) == timedelta(days=7, hours=1), "the week is an hour long"
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone="America/New_York", asked=asked, due=due, choice="In 1 week"
    )
    assert confirmation.startswith("OK. I will ask you on Thu 5 Nov, 12:00 (")
    assert sent == "Thu 5 Nov 12:00 EST"
    assert message.text.startswith(f"👋 7 days ago {REMINDER_TEXT}")


async def test_fall_back_keeps_the_local_hour_of_in_3_days(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # Catches "now + 72 hours" in UTC: 11:00 EST, an hour early (as in the test above).
    asked = datetime(2026, 10, 30, 12, 0, tzinfo=NEW_YORK)  # Friday, EDT
    due = datetime(2026, 11, 2, 12, 0, tzinfo=NEW_YORK)  # Monday, EST
    assert elapsed(asked, due) == timedelta(hours=73)
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone="America/New_York", asked=asked, due=due
    )
    assert confirmation.startswith("OK. I will ask you on Mon 2 Nov, 12:00 (")
    assert sent == "Mon 2 Nov 12:00 EST"
    assert message.text.startswith(f"👋 3 days ago {REMINDER_TEXT}")


async def test_quiet_hours_after_spring_forward_still_mean_nine_local(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # 07:30 on Thursday, three calendar days on, is 07:30 CEST on Sunday: quiet, so 09:00 CEST.
    # Catches "now + 72 hours" in UTC: that lands at 08:30 CEST, outside quiet hours, so it
    # would be sent half an hour early (the sweep just before 09:00 finds it due).
    asked = datetime(2026, 3, 26, 7, 30, tzinfo=BERLIN)  # Thursday, CET, quiet hours
    due = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)  # Sunday, CEST
    naive = asked.astimezone(UTC) + timedelta(hours=72)
    assert local(naive, BERLIN) == "Sun 29 Mar 08:30 CEST", "naive lands outside quiet hours"
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone="Europe/Berlin", asked=asked, due=due
    )
    assert confirmation.startswith("OK. I will ask you on Sun 29 Mar, 09:00 (")
    assert sent == "Sun 29 Mar 09:00 CEST"
    assert message.text.startswith(f"👋 3 days ago {REMINDER_TEXT}")


@pytest.mark.parametrize(
    ("zone", "asked", "due", "promised"),
    [
        pytest.param(
            "Europe/Berlin",
            datetime(2026, 3, 26, 1, 30, tzinfo=BERLIN),  # Thursday, CET
            datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN),  # Sunday, CEST
            "Sun 29 Mar 09:00 CEST",
            id="berlin-spring-forward",
        ),
        pytest.param(
            "America/New_York",
            datetime(2026, 10, 29, 0, 30, tzinfo=NEW_YORK),  # Thursday, EDT
            datetime(2026, 11, 1, 9, 0, tzinfo=NEW_YORK),  # Sunday, EST
            "Sun 1 Nov 09:00 EST",
            id="new-york-fall-back",
        ),
    ],
)
async def test_a_quiet_night_that_crosses_the_change_ends_at_nine_new_time(
    bot: BotApplication,
    chat: ChatSession,
    clock: PinnedClock,
    zone: str,
    asked: datetime,
    due: datetime,
    promised: str,
) -> None:
    # The raw due time (01:30 CET / 00:30 EDT on the day of the change) is quiet and still on
    # the old offset; 09:00 that morning is on the new one. Catches a quiet-hours move that
    # keeps the raw time's UTC offset (09:00 +01 = 10:00 CEST, an hour late; 09:00 -04 =
    # 08:00 EST, an hour early, found by the sweep before 09:00).
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone=zone, asked=asked, due=due
    )
    assert confirmation.startswith(f"OK. I will ask you on {promised.rsplit(' ', 2)[0]}, 09:00 (")
    assert sent == promised
    assert message.text.startswith(f"👋 3 days ago {REMINDER_TEXT}")


async def test_a_due_time_in_the_skipped_hour_is_not_lost_and_arrives_once(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # Three days after 02:30 on Thursday is 02:30 on Sunday 29 March, which Berlin skips. The
    # policy moves it forward by the gap (03:30 CEST), which is quiet, so 09:00 CEST that day.
    # Catches a policy that refuses or drops a non-existent local time (no reminder at all)
    # and one that sends it twice. It cannot tell "forward by the gap" from "back by the gap":
    # both are quiet hours, so both end at 09:00.
    asked = datetime(2026, 3, 26, 2, 30, tzinfo=BERLIN)  # Thursday, CET
    skipped = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
    assert local(skipped.astimezone(UTC), BERLIN) == "Sun 29 Mar 03:30 CEST", "02:30 is skipped"
    due = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)  # Sunday, CEST
    confirmation, message, sent = await remind_over_the_change(
        bot, chat, clock, zone="Europe/Berlin", asked=asked, due=due
    )
    assert confirmation.startswith("OK. I will ask you on Sun 29 Mar, 09:00 (")
    assert sent == "Sun 29 Mar 09:00 CEST"
    assert message.text.startswith(f"👋 3 days ago {REMINDER_TEXT}")
    assert reminders_sent(chat) == [message.text]


async def test_ask_me_tomorrow_over_spring_forward_keeps_the_local_hour(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # "Ask me tomorrow" tapped on Saturday 12:10 CET is Sunday 12:10 CEST, 23 hours later.
    # Catches "now + 24 hours" in UTC for the snooze: 13:10 CEST, an hour late.
    asked = datetime(2026, 3, 25, 12, 0, tzinfo=BERLIN)  # Wednesday, CET
    first = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)  # Saturday, CET
    tapped = datetime(2026, 3, 28, 12, 10, tzinfo=BERLIN)
    again = datetime(2026, 3, 29, 12, 10, tzinfo=BERLIN)  # Sunday, CEST
    assert elapsed(tapped, again) == timedelta(hours=23)
    clock.set(asked)
    await choose_timezone(chat, "Europe/Berlin")
    await set_reminder(chat, "In 3 days")
    reminder, _ = await arrives_exactly_at(chat, bot, clock, first)
    clock.set(tapped)
    snoozed = (await chat.tap("💤 Ask me tomorrow", reminder)).last
    assert snoozed.text.startswith("OK. I will ask you again on Sun 29 Mar, 12:10 (")
    _, sent_at = await arrives_exactly_at(chat, bot, clock, again)
    assert local(sent_at, BERLIN) == "Sun 29 Mar 12:10 CEST"
    assert len(reminders_sent(chat)) == 2
