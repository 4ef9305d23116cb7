"""The evening check-in end to end: offered after /log, at the local hour picked, asked for
at any hour (AROUND_THE_CLOCK, tests/e2e/instants.py) and across a DST change (a stopped clock
moved by the test), skipped on a day already logged, through a restart, a block (403) and
Telegram's flood limit (429), stopped with one tap or by itself after 14 days without an
entry; in /reminders, /mydata (words and JSON) and deleted by /forget."""

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.instants import DEFAULT_ZONE, around_the_clock, zone_of
from tests.e2e.test_diary import allow_keeping, log_day
from tests.e2e.test_reminder_dst import choose_timezone, elapsed, local
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.bot.reminder_service import WINDOW
from tgbot.config import Settings
from tgbot.core.clock import PinnedClock, from_timestamp
from tgbot.core.knowledge import Library
from tgbot.core.timezones import zone_city
from tgbot.localapi import BotMessage, ChatSession
from tgbot.serving.run import running

BERLIN = ZoneInfo("Europe/Berlin")  # 2026-03-29: 02:00 CET (+01) -> 03:00 CEST (+02)
NEW_YORK = ZoneInfo("America/New_York")  # 2026-11-01: 02:00 EDT (-04) -> 01:00 EST (-05)
ASK = "🌙 Evening check-in. ⚡ Muscle twitching: how much today?"
OFFER = "🌙 Ask me every evening"
STOP = "🔕 Stop evening check-ins"
CHECKIN_BUTTONS = ["😌 None today", "🙂 A little", "😣 A lot", STOP]

StartBot = Callable[[], AbstractAsyncContextManager[BotApplication]]


@pytest.fixture
def clock(clock_start: datetime) -> PinnedClock:
    """Stopped: the test sets each moment (clock.set), so the times recorded are exact."""
    return PinnedClock(clock_start, ticking=False)


pytestmark = pytest.mark.usefixtures("documents_started")


@pytest.fixture
def start_bot(settings: Settings, library: Library, clock: PinnedClock) -> StartBot:
    @asynccontextmanager
    async def start() -> AsyncIterator[BotApplication]:
        application = build_application(settings, library=library, clock=clock)
        async with running(application):
            yield application

    return start


@pytest.fixture
async def bot(start_bot: StartBot) -> AsyncIterator[BotApplication]:
    async with start_bot() as application:
        yield application


def checkins_sent(chat: ChatSession) -> list[str]:
    texts = (
        str(call.params.get("text", ""))
        for call in chat.api.calls_for(chat.chat.id)
        if call.method == "sendMessage"
    )
    return [text for text in texts if "Evening check-in" in text or "14 days" in text]


async def ask_every_evening(
    chat: ChatSession, zone: str | None, at: datetime, hour: str = "20:00"
) -> str:
    """In ``zone`` (None: the user never picks one) at ``at``: consent, a first entry, then
    "Ask me every evening" at ``hour``."""
    await chat.send("/start")
    if zone is not None:
        await choose_timezone(chat, zone)
    await allow_keeping(chat)
    saved = (await chat.send("/log")).last
    saved = (await chat.tap("😌 None today", saved)).last
    assert saved.text.startswith("✅ Saved: none today.")
    assert saved.button_texts == [OFFER]
    picker = (await chat.tap(OFFER, saved)).last
    assert f"Your time zone is {zone_city(zone or DEFAULT_ZONE.key, 'en')}" in picker.text
    assert picker.button_texts == [
        "🕗 At 18:00",
        "🕗 At 19:00",
        "🕗 At 20:00",
        "🕗 At 21:00",
        "No thanks",
    ]
    return (await chat.tap(f"🕗 At {hour}", picker)).last.text


async def pending_checkin_id(bot: BotApplication, chat: ChatSession) -> int:
    (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
    assert pending.checkin is not None
    return pending.reminder_id


async def arrives_at(
    chat: ChatSession, bot: BotApplication, clock: PinnedClock, due: datetime
) -> tuple[BotMessage, datetime]:
    """Not scheduled a sweep before, not deliverable a second before, sent at ``due``, once;
    returns the message and the sent time the service recorded."""
    due = due.astimezone(UTC)
    services = bot.bot_data.services
    reminder_id = await pending_checkin_id(bot, chat)
    before = len(checkins_sent(chat))
    clock.set(due - WINDOW - timedelta(minutes=1))
    assert await services.reminders.sweep() == 0, "scheduled too early"
    clock.set(due - timedelta(seconds=1))
    assert await services.reminders.deliver(reminder_id) == "not_pending"
    clock.set(due)
    since = chat.api.call_count
    await services.reminders.sweep()
    await chat.api.wait_for_calls(chat.chat.id, since)
    message = chat.last
    # The message is out; the job records it a moment later, in its own transaction.
    for _ in range(100):
        row = await services.db.fetchone(
            "SELECT status, sent_at FROM reminders WHERE reminder_id = ?", (reminder_id,)
        )
        if row is None or row["status"] != "sending":
            break
        await asyncio.sleep(0.05)
    assert row is not None
    assert row["status"] == "sent"
    assert len(checkins_sent(chat)) == before + 1
    return message, from_timestamp(row["sent_at"])


async def test_the_checkin_keeps_its_local_hour_across_spring_forward(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    # Catches "the last one + 24 hours": Sunday's would come at 21:00 CEST, an hour late.
    clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=BERLIN))  # Friday, CET
    confirmation = await ask_every_evening(chat, "Europe/Berlin", clock.now())
    assert confirmation.startswith(
        "OK. I will ask you every evening at 20:00 (Berlin), first on 28 Mar 2026."
    ), "Friday is logged: the announcement names the first evening that will be asked"
    # Friday is logged already: that evening's check-in is skipped, the series goes on.
    services = bot.bot_data.services
    clock.set(datetime(2026, 3, 27, 20, 0, tzinfo=BERLIN))
    assert await services.reminders.deliver(await pending_checkin_id(bot, chat)) == "skipped"
    assert checkins_sent(chat) == []

    saturday, sat_sent = await arrives_at(
        chat, bot, clock, datetime(2026, 3, 28, 20, 0, tzinfo=BERLIN)
    )
    assert local(sat_sent, BERLIN) == "Sat 28 Mar 20:00 CET"
    assert ASK in saturday.text
    assert saturday.button_texts == CHECKIN_BUTTONS
    # One tap for the amount, one for the place: the check-in is the /log entry.
    where = (await chat.tap("🙂 A little", saturday)).last
    assert where.text.endswith("where was it today?")
    assert (await chat.tap("👁️ Eyelid", where)).last.text.startswith("✅ Saved for today")

    _, sun_sent = await arrives_at(chat, bot, clock, datetime(2026, 3, 29, 20, 0, tzinfo=BERLIN))
    assert local(sun_sent, BERLIN) == "Sun 29 Mar 20:00 CEST"
    assert elapsed(sat_sent, sun_sent) == timedelta(hours=23)
    entries = await services.diary.since(chat.user.id, datetime(2026, 3, 1).date())
    assert [(e.day.isoformat(), e.amount.value) for e in entries] == [
        ("2026-03-27", "none"),
        ("2026-03-28", "little"),
    ]


@around_the_clock
async def test_a_checkin_asked_for_at_any_hour_comes_each_evening_at_that_hour(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock, zone: str | None
) -> None:
    # Asked for at the instant (after midnight, in the morning, late in the evening, on the
    # eve of a DST change): the first evening is today's unless 20:00 has passed, today's is
    # skipped (logged already), and each one after comes at 20:00 on the user's wall clock.
    tz = zone_of(zone)
    asked = clock.now().astimezone(tz)
    confirmation = await ask_every_evening(chat, zone, asked)
    first = asked.date() + timedelta(days=1 if asked.hour >= 20 else 0)
    # Today is logged (the offer comes after /log): the first evening asked is tomorrow's.
    named = asked.date() + timedelta(days=1)
    assert confirmation.startswith(
        f"OK. I will ask you every evening at 20:00 ({zone_city(tz.key, 'en')}), first on"
        f" {named.day} {named:%b %Y}."
    )
    services = bot.bot_data.services
    if first == asked.date():
        clock.set(datetime.combine(first, time(20), tzinfo=tz))
        assert await services.reminders.deliver(await pending_checkin_id(bot, chat)) == "skipped"
        first += timedelta(days=1)
    evening = datetime.combine(first, time(20), tzinfo=tz)
    message, sent = await arrives_at(chat, bot, clock, evening)
    assert sent == evening
    assert ASK in message.text
    assert message.button_texts == CHECKIN_BUTTONS
    # The check-in's "today" is the user's day: the entry goes on that evening's date.
    assert (await chat.tap("😌 None today", message)).last.text.startswith("✅ Saved")
    after = datetime.combine(first + timedelta(days=1), time(20), tzinfo=tz)
    _, sent_after = await arrives_at(chat, bot, clock, after)
    assert sent_after == after
    assert local(sent_after, tz).endswith("20:00 " + after.strftime("%Z"))
    entries = await services.diary.since(chat.user.id, asked.date() - timedelta(days=1))
    assert [e.day for e in entries] == [asked.date(), first]


async def test_the_checkin_keeps_its_local_hour_across_fall_back(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 10, 31, 22, 30, tzinfo=NEW_YORK))  # Saturday night, EDT
    await ask_every_evening(chat, "America/New_York", clock.now(), hour="18:00")
    _, sent = await arrives_at(chat, bot, clock, datetime(2026, 11, 1, 18, 0, tzinfo=NEW_YORK))
    assert local(sent, NEW_YORK) == "Sun 1 Nov 18:00 EST"
    assert elapsed(datetime(2026, 10, 31, 18, 0, tzinfo=NEW_YORK), sent) == timedelta(hours=25)


async def test_a_checkin_due_while_the_bot_was_down_comes_at_start_up(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    async with start_bot():
        await ask_every_evening(chat, "Europe/Berlin", clock.now(), hour="21:00")
    # Down from Monday noon to Tuesday 21:03: Monday's is skipped at start-up (a day late),
    # Tuesday's goes out, three minutes late, at the next sweep.
    clock.set(datetime(2026, 6, 2, 21, 3, tzinfo=BERLIN))
    async with start_bot() as bot:
        services = bot.bot_data.services
        for _ in range(50):
            since = chat.api.call_count
            await services.reminders.sweep()
            await chat.api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.1)
            if checkins_sent(chat):
                break
        assert ASK in chat.last.text
        # The next evening's row comes with the record of this one, just after the send.
        for _ in range(100):
            following = await services.reminders.repo.pending_for(chat.user.id)
            if following:
                break
            await asyncio.sleep(0.05)
        (follow,) = following
        assert local(follow.due_at, BERLIN) == "Wed 3 Jun 21:00 CEST"
    assert len(checkins_sent(chat)) == 1


async def test_a_checkin_too_late_for_its_evening_is_skipped_not_sent_at_night(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now(), hour="21:00")
    services = bot.bot_data.services
    clock.set(datetime(2026, 6, 1, 21, 0, tzinfo=BERLIN))
    await services.reminders.deliver(await pending_checkin_id(bot, chat))  # skipped: logged
    # Tuesday, nothing logged, but Telegram could not be reached until 22:30: quiet hours.
    clock.set(datetime(2026, 6, 2, 22, 30, tzinfo=BERLIN))
    assert await services.reminders.deliver(await pending_checkin_id(bot, chat)) == "skipped"
    assert checkins_sent(chat) == []
    (follow,) = await services.reminders.repo.pending_for(chat.user.id)
    assert local(follow.due_at, BERLIN) == "Wed 3 Jun 21:00 CEST"


async def test_blocking_during_a_checkin_pauses_it_and_unblocking_brings_it_back(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now())
    services = bot.bot_data.services
    await log_day(chat, "🙂 A little", "🦵 Calf", [])  # Monday's entry, updated
    clock.set(datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN))
    await services.reminders.deliver(await pending_checkin_id(bot, chat))  # skipped: logged

    chat.api.block_bot(chat.user)
    clock.set(datetime(2026, 6, 2, 20, 0, tzinfo=BERLIN))
    reminder_id = await pending_checkin_id(bot, chat)
    assert await services.reminders.deliver(reminder_id) == "blocked"
    record = await services.users.get(chat.user.id)
    assert record is not None
    assert record.blocked is True
    assert await services.reminders.repo.pending_for(chat.user.id) == []
    paused = await services.reminders.repo.get(reminder_id)
    assert paused is not None
    assert paused.status == "paused"
    clock.set(datetime(2026, 6, 10, 20, 0, tzinfo=BERLIN))
    assert await services.reminders.sweep() == 0, "nothing is sent while they block the bot"

    # A week later they unblock it: the diary is all there, and the check-in comes back.
    chat.api.blocked_chats.discard(chat.user.id)
    clock.set(datetime(2026, 6, 12, 9, 0, tzinfo=BERLIN))
    since = chat.api.call_count
    chat.api.member_update(chat.user, "kicked", "member")
    await chat.api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.3, timeout=1)
    message, sent = await arrives_at(chat, bot, clock, datetime(2026, 6, 12, 20, 0, tzinfo=BERLIN))
    assert ASK in message.text
    assert local(sent, BERLIN) == "Fri 12 Jun 20:00 CEST"
    (entry,) = await services.diary.since(chat.user.id, datetime(2026, 6, 1).date())
    assert (entry.amount.value, entry.location) == ("little", "calf")


async def test_a_429_during_a_checkin_is_sent_later_once_and_the_series_goes_on(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now())
    services = bot.bot_data.services
    clock.set(datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN))
    await services.reminders.deliver(await pending_checkin_id(bot, chat))  # skipped: logged
    clock.set(datetime(2026, 6, 2, 20, 0, tzinfo=BERLIN))
    reminder_id = await pending_checkin_id(bot, chat)
    # The rate limiter waits out three (a second each); the fourth reaches the service, which
    # puts the row back with Telegram's retry_after, using none of the retry budget.
    chat.api.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=4
    )
    assert await services.reminders.deliver(reminder_id) == "retry"
    retried = await services.reminders.repo.get(reminder_id)
    assert retried is not None
    assert (retried.status, retried.attempts) == ("pending", 0)
    assert retried.send_at == clock.now() + timedelta(seconds=1)
    assert await services.reminders.deliver(reminder_id) == "not_pending", "not before it"
    clock.set(clock.now() + timedelta(seconds=2))
    assert await services.reminders.deliver(reminder_id) == "sent"
    assert len(checkins_sent(chat)) == 1
    (follow,) = await services.reminders.repo.pending_for(chat.user.id)
    assert local(follow.due_at, BERLIN) == "Wed 3 Jun 20:00 CEST"


async def test_one_tap_stops_the_checkins(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now())
    services = bot.bot_data.services
    clock.set(datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN))
    await services.reminders.deliver(await pending_checkin_id(bot, chat))  # skipped: logged
    message, _ = await arrives_at(chat, bot, clock, datetime(2026, 6, 2, 20, 0, tzinfo=BERLIN))
    stopped = (await chat.tap(STOP, message)).last
    assert stopped.text.startswith("OK, no more evening check-ins.")
    assert await services.reminders.repo.pending_for(chat.user.id) == []
    clock.set(datetime(2026, 6, 3, 20, 0, tzinfo=BERLIN))
    assert await services.reminders.sweep() == 0
    assert "no reminders" in (await chat.send("/reminders")).last.text
    again = await chat.press(message.button(STOP).callback_data or "")
    assert again.callback_answer is not None
    assert "expired" in again.callback_answer["text"]


async def test_fourteen_days_without_an_entry_stop_them_and_say_so(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now())
    services = bot.bot_data.services
    day = datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN)
    for _ in range(14):  # Monday's is skipped (logged); thirteen evenings without an entry
        clock.set(day)
        await services.reminders.deliver(await pending_checkin_id(bot, chat))
        day += timedelta(days=1)
    assert len(checkins_sent(chat)) == 13, checkins_sent(chat)
    assert all("Evening check-in" in text for text in checkins_sent(chat))
    message, _ = await arrives_at(chat, bot, clock, day)  # 15 Jun: 14 days after the entry
    assert message.text.startswith("🌙 You have not logged anything for 14 days")
    assert message.button_texts == [OFFER]
    assert await services.reminders.repo.pending_for(chat.user.id) == []
    picker = (await chat.tap(OFFER, message)).last
    assert picker.text.startswith("🌙 At what time each evening")


async def test_the_checkin_is_in_reminders_mydata_and_gone_after_forget(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now(), hour="19:00")
    listing = (await chat.send("/reminders")).last
    assert (
        "• Every evening at 19:00, a diary check-in (next: Mon 1 Jun, 19:00 (Berlin))"
        in listing.text
    )
    assert listing.button_texts == [STOP]

    photo = (await chat.send("/diary")).last
    assert photo.photo is not None
    assert photo.button_texts == [STOP], "/diary offers to stop them, as they are on"

    summary, document = (await chat.send("/mydata", at_least=2)).messages
    assert "• Evening check-in at 19:00 (Berlin), kept since 1 Jun 2026:" in summary.text
    assert "waiting to be sent" in summary.text
    assert document.document is not None
    (row,) = json.loads(document.document)["reminders"]
    assert (row["kind"], row["local_hour"], row["flow_id"], row["episode_id"]) == (
        "checkin",
        19,
        "twitch",
        None,
    )
    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    services = bot.bot_data.services
    assert await services.reminders.repo.count_for(chat.user.id) == 0
    assert services.reminders.scheduled_count == 0
    clock.set(datetime(2026, 6, 1, 19, 0, tzinfo=BERLIN))
    assert await services.reminders.sweep() == 0


async def test_the_offer_needs_consent_and_no_thanks_sets_nothing(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await allow_keeping(chat)
    saved = (await chat.tap("😌 None today", (await chat.send("/log")).last)).last
    picker = (await chat.tap(OFFER, saved)).last
    declined = (await chat.tap("No thanks", picker)).last
    assert declined.text.startswith("OK, no evening check-ins.")
    assert await bot.bot_data.services.reminders.repo.pending_for(chat.user.id) == []
    # A forged hour (a quiet one) is refused, and so is a tap before consent.
    forged = await chat.press(
        (picker.button("🕗 At 20:00").callback_data or "").replace(":20", ":23")
    )
    assert forged.callback_answer is not None
    assert "expired" in forged.callback_answer["text"]


async def test_withdrawing_consent_ends_the_checkins(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await ask_every_evening(chat, "Europe/Berlin", clock.now())
    await chat.send("/privacy")
    await chat.tap("Stop keeping")
    services = bot.bot_data.services
    clock.set(datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN))
    assert await services.reminders.deliver(await pending_checkin_id(bot, chat)) == "closed"
    assert await services.reminders.repo.pending_for(chat.user.id) == []
    assert checkins_sent(chat) == []


async def test_diary_offers_the_checkin_and_stops_it_under_the_chart(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))
    await allow_keeping(chat)
    await log_day(chat, "🙂 A little", "🦵 Calf", [])
    photo = (await chat.send("/diary")).last
    assert photo.button_texts == [OFFER]
    picker = (await chat.tap(OFFER, photo)).last
    assert (await chat.tap("🕗 At 21:00", picker)).last.text.startswith("OK. I will ask you")
    photo = (await chat.send("/diary")).last
    reply = await chat.tap(STOP, photo)
    assert reply.last.text.startswith("OK, no more evening check-ins.")
    assert chat.api.messages[chat.chat.id][photo.message_id].photo is not None, "chart kept"
    assert await bot.bot_data.services.reminders.repo.pending_for(chat.user.id) == []


async def test_mydata_tells_each_evening_as_it_went_in_order(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN))  # Monday
    await ask_every_evening(chat, "Europe/Berlin", clock.now(), hour="20:00")
    services = bot.bot_data.services
    # Monday: already logged, so skipped.
    clock.set(datetime(2026, 6, 1, 20, 0, tzinfo=BERLIN))
    assert await services.reminders.deliver(await pending_checkin_id(bot, chat)) == "skipped"
    # Tuesday: sent, and answered under it, with what came before.
    tuesday, _ = await arrives_at(chat, bot, clock, datetime(2026, 6, 2, 20, 0, tzinfo=BERLIN))
    await chat.tap("🙂 A little", tuesday)
    await chat.tap("👁️ Eyelid")
    await chat.tap("☕ Coffee, tea or energy drinks")
    await chat.tap("✔️ Done")
    # Wednesday: sent, no answer. Thursday's is waiting.
    await arrives_at(chat, bot, clock, datetime(2026, 6, 3, 20, 0, tzinfo=BERLIN))

    summary = (await chat.send("/mydata", at_least=2)).messages[0]
    lines = summary.text.splitlines()
    evenings = [line.rsplit("2026: ", 1)[1] for line in lines if "Evening check-in" in line]
    assert evenings == [
        "Mon, 1 Jun 2026, 20:00, not sent: you had already logged that day",
        "Tue, 2 Jun 2026, 20:00, sent and answered",
        "Wed, 3 Jun 2026, 20:00, sent, no answer yet",
        "Thu, 4 Jun 2026, 20:00, waiting to be sent",
    ]
    # The diary's dates as every other date here, and what came before it.
    assert "• 1 Jun 2026: ⚡ Muscle twitching, none" in lines
    assert (
        "• 2 Jun 2026: ⚡ Muscle twitching, a little, 👁️ Eyelid;"
        " before it: ☕ Coffee, tea or energy drinks"
    ) in lines
    assert "2026-06" not in summary.text
    assert "• Your Telegram is in: English." in lines
