"""Reminders end to end: set, survive a restart, arrive once, and every answer to them.

Time is a PinnedClock, started at an instant the test names and moved forward by the test;
the tests that depend on the time of day run at each instant of AROUND_THE_CLOCK
(tests/e2e/instants.py). Nothing waits for real longer than the stand-in's settle time (and one
second for the 429 the rate limiter must wait out).
"""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.clock import PinnedClock, to_timestamp
from tgbot.core.knowledge import Library
from tgbot.core.reminder_policy import GIVE_UP_AFTER
from tgbot.localapi import BotMessage, ChatSession
from tgbot.serving.run import running

from .helpers import tap_through
from .instants import (
    DEFAULT_ZONE,
    around_the_clock,
    arrives_when_due,
    calendar_days,
    choose_zone,
    pending_reminder,
    promised,
)

NONE = "🚫 None of these"
EYELID_SELF_CARE = [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, NONE]


StartBot = Callable[[], AbstractAsyncContextManager[BotApplication]]

# A disk that refuses the write recording a send, through each engine's own error path.
FULL_DISK = {
    "sqlite": (
        "CREATE TEMP TRIGGER full_disk BEFORE UPDATE OF status ON reminders"
        " WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " RAISE EXCEPTION 'could not extend file: No space left on device'; END $$",
        "CREATE TRIGGER full_disk BEFORE UPDATE OF status ON reminders FOR EACH ROW"
        " WHEN (NEW.status = 'sent') EXECUTE FUNCTION full_disk()",
    ),
}
SPACE_AGAIN = {
    "sqlite": "DROP TRIGGER full_disk",
    "postgresql": "DROP TRIGGER full_disk ON reminders",
}


@pytest.fixture
def start_bot(settings: Settings, library: Library, clock: PinnedClock) -> object:
    @asynccontextmanager
    async def start() -> AsyncIterator[BotApplication]:
        application = build_application(settings, library=library, clock=clock)
        async with running(application):
            yield application

    return start


async def finish_check(chat: ChatSession, path: list[str] = EYELID_SELF_CARE) -> BotMessage:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    return await tap_through(chat, path)


async def set_reminder(chat: ChatSession, label: str = "In 3 days") -> str:
    await finish_check(chat)
    choices = (await chat.tap("⏰ Remind me")).last
    assert "When should I ask you" in choices.text
    assert choices.button_texts[:2] == ["In 3 days", "In 1 week"]
    assert choices.button_texts[-1] == "No thanks"
    return (await chat.tap(label, choices)).last.text


async def arrival(chat: ChatSession, bot: BotApplication) -> BotMessage:
    since = chat.api.call_count
    await bot.bot_data.services.reminders.sweep()
    await chat.api.wait_for_calls(chat.chat.id, since)
    return chat.last


async def reminder_after_four_days(
    chat: ChatSession, bot: BotApplication, clock: PinnedClock
) -> BotMessage:
    """Set a 3-day reminder after a check, then let four days pass until it arrives."""
    await set_reminder(chat)
    clock.advance(timedelta(days=4))
    return await arrival(chat, bot)


@around_the_clock
async def test_a_reminder_survives_a_restart_and_arrives_once(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock, zone: str | None
) -> None:
    async with start_bot() as bot:
        tz = await choose_zone(chat, zone)
        confirmation = await set_reminder(chat)
        pending = await pending_reminder(bot, chat)
        assert confirmation.startswith(
            f"OK. I will ask you on {promised(bot, chat, pending.due_at, tz)}. "
        )
        assert "/reminders" in confirmation
        assert await bot.bot_data.services.reminders.repo.count_pending() == 1
        (episode,) = await bot.bot_data.services.finished_checks.for_user(chat.user.id)
    # Three days on, or four where it was put off to the morning after a late-evening check.
    ago = calendar_days(episode.created_at, pending.due_at, tz)
    assert ago == (4 if episode.created_at.astimezone(tz).hour >= 22 else 3)
    clock.set(pending.due_at)
    since = chat.api.call_count
    async with start_bot() as bot:
        await chat.api.wait_for_calls(chat.chat.id, since)  # the start-up sweep sends it
        reminder = chat.last
        assert reminder.text.startswith(
            f"👋 {ago} days ago you told me about a twitch in your eyelid"
        )
        assert "How is it now?" in reminder.text
        assert "late" not in reminder.text
        assert reminder.button_texts == [
            "✅ Gone",
            "🔁 Still there",
            "⚠️ Worse, or new signs",
            "💤 Ask me tomorrow",
            "📓 Log today",
        ]
        await bot.bot_data.services.reminders.sweep()
        await chat.api.wait_for_calls(chat.chat.id, chat.api.call_count, at_least=0, settle=0.3)
    sent = [m for m in chat.bot_messages if "you told me about" in m.text]
    assert len(sent) == 1


async def test_a_reminder_due_during_downtime_says_it_is_late(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot():
        await set_reminder(chat)
    clock.advance(timedelta(days=6))
    since = chat.api.call_count
    async with start_bot():
        await chat.api.wait_for_calls(chat.chat.id, since)
        assert "6 days ago" in chat.last.text
        assert "Sorry, this reminder is late" in chat.last.text


async def test_gone_closes_the_check_kindly(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        reminder = await reminder_after_four_days(chat, bot, clock)
        done = (await chat.tap("✅ Gone", reminder)).last
        assert "Good to hear it is gone" in done.text
        (episode,) = await bot.bot_data.services.finished_checks.for_user(chat.user.id)
        assert episode.closed_at is not None
        again = await chat.press(reminder.button("✅ Gone").callback_data or "")
        assert again.callback_answer is not None
        assert "expired" in again.callback_answer["text"]


async def test_still_there_before_two_weeks_offers_another_reminder(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await reminder_after_four_days(chat, bot, clock)
        reply = (await chat.tap("🔁 Still there")).last
        assert reply.text.startswith("Thanks for telling me. It has been about ")
        assert "In 3 days" in reply.button_texts
        confirmation = (await chat.tap("In 1 week")).last
        assert confirmation.text.startswith("OK. I will ask you on")


async def test_still_there_at_two_weeks_advises_a_doctor(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        # "Less than a week" counts as 3 days at the check; 11 more days make two weeks.
        await set_reminder(chat, "In 1 week")
        clock.advance(timedelta(days=11, hours=1))
        await arrival(chat, bot)
        reply = (await chat.tap("🔁 Still there")).last
        assert "two weeks or more" in reply.text
        assert "book a visit with a doctor" in reply.text
        assert "Tell the doctor" in reply.text
        assert "not a diagnosis" in reply.text


async def test_worse_restarts_the_check_at_the_emergency_signs(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await reminder_after_four_days(chat, bot, clock)
        reply = await chat.tap("⚠️ Worse, or new signs")
        assert "starting with the signs that need help now" in reply.messages[0].text
        assert "Question 1 of" in reply.last.text
        assert "😶 Face droops on one side" in reply.last.button_texts


async def test_snooze_asks_again_tomorrow(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await reminder_after_four_days(chat, bot, clock)
        reply = (await chat.tap("💤 Ask me tomorrow")).last
        assert reply.text.startswith("OK. I will ask you again on")
        (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
        wait = pending.due_at - clock.now()
        assert timedelta(hours=10) < wait <= timedelta(days=1, hours=11)
        clock.advance(timedelta(days=1, hours=12))
        assert "you told me about" in (await arrival(chat, bot)).text


async def test_reminders_lists_and_cancels(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        assert "no reminders" in (await chat.send("/reminders")).last.text
        await set_reminder(chat)
        listing = (await chat.send("/reminders")).last
        assert "your twitch check" in listing.text
        (cancel,) = listing.button_texts
        assert cancel.startswith("✖️ Cancel")
        assert "cancelled" in (await chat.tap(cancel)).last.text
        assert await bot.bot_data.services.reminders.repo.pending_for(chat.user.id) == []
        clock.advance(timedelta(days=4))
        await bot.bot_data.services.reminders.sweep()
        assert bot.bot_data.services.reminders.scheduled_count == 0


async def test_remind_command_uses_the_latest_open_check(
    start_bot: StartBot, chat: ChatSession
) -> None:
    async with start_bot():
        assert "allow that with /privacy" in (await chat.send("/remind")).last.text
        await finish_check(chat)
        reply = (await chat.send("/remind")).last
        assert "When should I ask you" in reply.text
        assert (await chat.tap("No thanks")).last.text.startswith("OK, no reminder")


async def test_quiet_hours_move_a_reminder_to_nine_in_the_users_timezone(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await chat.send("/settings")
        picked = (await chat.tap("Kolkata")).last
        assert "Kolkata" in picked.text
        kolkata = ZoneInfo("Asia/Kolkata")
        clock.set(datetime(2026, 6, 4, 23, 30, tzinfo=kolkata))
        confirmation = await set_reminder(chat)
        assert ", 09:00 (" in confirmation
        (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
        assert pending.due_at.astimezone(kolkata).hour == 9


async def test_a_typed_timezone_is_checked(start_bot: StartBot, chat: ChatSession) -> None:
    async with start_bot() as bot:
        await chat.send("/settings")
        assert "like Europe/Paris" in (await chat.tap("⌨️ Type my own")).last.text
        assert "don't know that time zone" in (await chat.send("Mars/Base")).last.text
        await chat.send("/settings")
        await chat.tap("⌨️ Type my own")
        assert "Chicago" in (await chat.send("America/Chicago")).last.text
        record = await bot.bot_data.services.users.get(chat.user.id)
        assert record is not None
        assert record.timezone == "America/Chicago"
        # The next text is routed as usual again.
        assert "A twitch is" in (await chat.send("my eyelid twitches")).last.text


async def test_a_blocked_user_is_marked_and_their_reminders_cancelled(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        chat.api.block_bot(chat.user)
        clock.advance(timedelta(days=4))
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        assert await services.reminders.deliver(pending.reminder_id) == "blocked"
        record = await services.users.get(chat.user.id)
        assert record is not None
        assert record.blocked is True
        assert await services.reminders.repo.pending_for(chat.user.id) == []


async def test_429_waits_retry_after_and_sends_once(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        chat.api.rate_limit_next(retry_after=1)
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        assert await services.reminders.deliver(pending.reminder_id) == "sent"
        assert ("sendMessage", 429, "Too Many Requests: retry after 1") in chat.api.rejected
        assert len([m for m in chat.bot_messages if "you told me about" in m.text]) == 1


async def ride_out_outage(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock, reminder_id: int, outage: timedelta
) -> list[str]:
    """Every sendMessage answers 500 for ``outage`` (on the test's clock); the reminder is
    tried at each send time the service gives it until it stops retrying."""
    services = bot.bot_data.services
    began = clock.now()
    chat.api.fail_next("sendMessage", 500, "Internal Server Error", times=10**9)
    outcomes: list[str] = []
    while len(outcomes) < 1_000:
        if clock.now() - began >= outage:
            chat.api.faults.clear()
        outcomes.append(await services.reminders.deliver(reminder_id))
        if outcomes[-1] != "retry":
            break
        row = await services.reminders.repo.get(reminder_id)
        assert row is not None
        assert row.status == "pending"
        clock.advance(row.send_at - clock.now() + timedelta(seconds=1))
    return outcomes


@pytest.mark.parametrize(
    ("outage", "tries"), [(timedelta(seconds=90), 7), (timedelta(minutes=10), 10)]
)
async def test_an_outage_of_minutes_delays_a_reminder_but_never_drops_it(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock, outage: timedelta, tries: int
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
        outcomes = await ride_out_outage(bot, chat, clock, pending.reminder_id, outage)
        # Backoff 2, 4, 8 ... s: the end of the outage is noticed within a doubling of it
        # (fewer tries if real time passes meanwhile on a busy machine: the clock is real too).
        assert outcomes[-1] == "sent"
        assert set(outcomes[:-1]) == {"retry"}
        assert len(outcomes) <= tries
        # Four calendar days on (five if the outage ran past midnight).
        (episode,) = await bot.bot_data.services.finished_checks.for_user(chat.user.id)
        ago = calendar_days(episode.created_at, clock.now(), DEFAULT_ZONE)
        assert chat.last.text.startswith(f"👋 {ago} days ago you told me about a twitch")
        sent = await bot.bot_data.services.reminders.repo.get(pending.reminder_id)
        assert sent is not None
        assert sent.status == "sent"


async def test_backoff_is_capped_so_the_end_of_a_long_outage_is_noticed_soon(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        repo = bot.bot_data.services.reminders.repo
        (pending,) = await repo.pending_for(chat.user.id)
        chat.api.fail_next("sendMessage", 500, "Internal Server Error", times=10**9)
        waits = []
        for _ in range(14):
            assert await bot.bot_data.services.reminders.deliver(pending.reminder_id) == "retry"
            row = await repo.get(pending.reminder_id)
            assert row is not None
            waits.append(round((row.send_at - clock.now()).total_seconds()))
            clock.advance(row.send_at - clock.now() + timedelta(seconds=1))
        # Send times are stored in whole seconds: each wait is within a second of its delay.
        expected = [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600, 600, 600, 600]
        assert all(abs(w - e) <= 1 for w, e in zip(waits, expected, strict=True)), waits


async def test_a_reminder_that_lost_its_point_is_given_up_and_the_user_told_once(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        (pending,) = await bot.bot_data.services.reminders.repo.pending_for(chat.user.id)
        # Half an hour before it loses its point (GIVE_UP_AFTER), Telegram goes away for good.
        clock.advance(pending.due_at + GIVE_UP_AFTER - timedelta(minutes=30) - clock.now())
        outcomes = await ride_out_outage(bot, chat, clock, pending.reminder_id, timedelta(days=30))
        chat.api.faults.clear()
        assert outcomes[-1] == "missed"
        assert set(outcomes[:-1]) == {"retry"}
        assert not any("you told me about" in m.text for m in chat.bot_messages)
    async with start_bot():  # the promise to tell them survives a restart
        reply = await chat.send("/help", at_least=2)
        note, answer = reply.messages[:2]
        assert "could not send you a reminder I promised" in note.text
        assert "/twitch" in answer.text  # then the help they asked for
        again = await chat.send("/help")
        assert all("could not send you a reminder" not in m.text for m in again.messages)


async def test_crashes_before_the_send_use_no_retry(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        repo = bot.bot_data.services.reminders.repo
        (pending,) = await repo.pending_for(chat.user.id)
        for _ in range(10):  # claimed, then "killed" before the send, then restarted
            assert await repo.claim(pending.reminder_id, clock.now()) is not None
            assert await repo.recover_interrupted() == 1
        row = await repo.get(pending.reminder_id)
        assert row is not None
        assert row.attempts == 0
        chat.api.fail_next("sendMessage", 502, "Bad Gateway")
        tried = clock.now()  # the clock runs on while the send is tried: measure from here
        assert await bot.bot_data.services.reminders.deliver(pending.reminder_id) == "retry"
        row = await repo.get(pending.reminder_id)
        assert row is not None
        assert row.attempts == 1
        took = (clock.now() - tried).total_seconds()
        assert 1 <= (row.send_at - tried).total_seconds() <= 2 + took


async def test_a_failed_write_after_the_send_is_retried_not_resent(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        # The disk refuses the write that records the send (a trigger raises as a full disk
        # would, through the same sqlite3 error path).
        for statement in FULL_DISK[services.db.engine]:
            await services.db.execute(statement)
        assert await services.reminders.deliver(pending.reminder_id) == "sent"
        assert services.reminders.unwritten_count == 1
        row = await services.reminders.repo.get(pending.reminder_id)
        assert row is not None
        assert row.status == "sending"
        await services.db.execute(SPACE_AGAIN[services.db.engine])
        for _ in range(50):
            if services.reminders.unwritten_count == 0:
                break
            await asyncio.sleep(0.1)
        row = await services.reminders.repo.get(pending.reminder_id)
        assert row is not None
        assert row.status == "sent"
    since = chat.api.call_count
    async with start_bot():
        await chat.api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.5)
    reminders = [m for m in chat.bot_messages if "you told me about" in m.text]
    assert len(reminders) == 1, "sent once, not again at the restart"


async def test_a_crash_mid_send_is_sent_again_at_start_up(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        claimed = await services.reminders.repo.claim(pending.reminder_id, pending.due_at)
        assert claimed is not None  # and then the process "crashes" before sending
    clock.advance(timedelta(days=4))
    since = chat.api.call_count
    async with start_bot():
        await chat.api.wait_for_calls(chat.chat.id, since)
        assert "you told me about" in chat.last.text


async def test_only_a_near_window_of_many_pending_reminders_is_in_memory(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await finish_check(chat)
        services = bot.bot_data.services
        (episode,) = await services.finished_checks.for_user(chat.user.id)
        far = to_timestamp(clock.now() + timedelta(days=30))
        near = to_timestamp(clock.now() + timedelta(minutes=2))
        ids = services.db.pseudonym(chat.user.id), services.db.pseudonym(chat.chat.id)
        # One statement: a statement trigger keeps PostgreSQL's counts in one step.
        async with services.db.transaction() as conn:
            await conn.execute(
                "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)"
                " INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, created_at)"
                " SELECT ?, ?, ?, CAST(? AS BIGINT) + i, CAST(? AS BIGINT) + i, 0 FROM seq",
                (19_999, *ids, episode.episode_id, far, far),
            )
            await conn.executemany(
                "INSERT INTO reminders"
                " (user_id, chat_id, episode_id, due_at, send_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, 0)",
                [(*ids, episode.episode_id, near, near)] * 3,
            )
        await services.reminders.sweep()
        assert services.reminders.scheduled_count == 3
        query = (
            "SELECT reminder_id FROM reminders"
            " WHERE status = 'pending' AND send_at <= ? ORDER BY send_at LIMIT 10"
        )
        if services.db.engine == "sqlite":
            plan = [
                str(row[3])
                for row in await services.db.fetchall(f"EXPLAIN QUERY PLAN {query}", (near,))
            ]
        else:
            await services.db.execute("ANALYZE reminders")
            plan = [str(row[0]) for row in await services.db.fetchall(f"EXPLAIN {query}", (near,))]
        assert any("reminders_to_send" in line for line in plan), "uses the index"
        await chat.send("/forget")
        await chat.tap("🗑️ Yes, delete it all")
        assert services.reminders.scheduled_count == 0, "/forget drops the jobs too"


async def test_still_there_about_cramps_at_two_weeks_advises_a_doctor(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await chat.send("/spasm")
        await chat.tap("🩺 Check my symptoms")
        await tap_through(
            chat,
            [
                NONE,
                "🧍 My back",
                "⏱️ Seconds up to 10 minutes",
                "1️⃣ This is the first time",
                NONE,
                NONE,
                "👍 Yes, it helped",
            ],
        )
        await chat.tap("⏰ Remind me")
        await chat.tap("In 1 week")
        clock.advance(timedelta(days=15))
        reminder = await arrival(chat, bot)
        assert "cramps in your back" in reminder.text
        reply = (await chat.tap("🔁 Still there")).last
        assert "two weeks or more" in reply.text


async def test_gone_cancels_the_checks_other_reminders(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        reminder = await reminder_after_four_days(chat, bot, clock)
        await chat.send("/remind")
        await chat.tap("In 3 days")
        services = bot.bot_data.services
        assert len(await services.reminders.repo.pending_for(chat.user.id)) == 1
        await chat.tap("✅ Gone", reminder)
        assert await services.reminders.repo.pending_for(chat.user.id) == []
        assert "no reminders" in (await chat.send("/reminders")).last.text


async def test_a_retried_reminder_still_says_it_is_late(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=6))
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        chat.api.fail_next("sendMessage", 502, "Bad Gateway")
        assert await services.reminders.deliver(pending.reminder_id) == "retry"
        assert await services.reminders.deliver(pending.reminder_id) == "not_pending", (
            "not due again before its backoff"
        )
        clock.advance(timedelta(seconds=3))
        assert await services.reminders.deliver(pending.reminder_id) == "sent"
        assert "Sorry, this reminder is late" in chat.last.text


async def test_a_429_that_outlasts_the_rate_limiter_is_retried_without_using_the_budget(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        await set_reminder(chat)
        clock.advance(timedelta(days=4))
        services = bot.bot_data.services
        (pending,) = await services.reminders.repo.pending_for(chat.user.id)
        # The rate limiter retries three times (waiting a second each); the fourth 429 reaches
        # the service.
        chat.api.fail_next(
            "sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=4
        )
        assert await services.reminders.deliver(pending.reminder_id) == "retry"
        retried = await services.reminders.repo.get(pending.reminder_id)
        assert retried is not None
        assert retried.attempts == 0
        clock.advance(timedelta(seconds=2))
        assert await services.reminders.deliver(pending.reminder_id) == "sent"


async def test_cancelling_one_reminder_keeps_the_others_listed(
    start_bot: StartBot, chat: ChatSession
) -> None:
    async with start_bot():
        await set_reminder(chat)
        await set_reminder(chat, "In 1 week")
        listing = (await chat.send("/reminders")).last
        assert len(listing.button_texts) == 2
        after = (await chat.tap(listing.button_texts[0])).last
        assert after.text.startswith("OK, I cancelled that reminder.")
        assert after.button_texts == [listing.button_texts[1]]


async def test_time_zones_are_forgiving_and_a_command_drops_the_question(
    start_bot: StartBot, chat: ChatSession
) -> None:
    async with start_bot() as bot:
        await chat.send("/settings")
        await chat.tap("⌨️ Type my own")
        assert "Paris" in (await chat.send("europe/paris")).last.text
        await chat.send("/settings")
        await chat.tap("⌨️ Type my own")
        assert "Question" not in (await chat.send("/help")).last.text
        assert "A twitch is" in (await chat.send("eyelid twitching")).last.text
        record = await bot.bot_data.services.users.get(chat.user.id)
        assert record is not None
        assert record.timezone == "Europe/Paris"


async def test_a_city_typed_after_the_reminders_offer_sets_the_zone(
    start_bot: StartBot, chat: ChatSession
) -> None:
    async with start_bot() as bot:
        first = (await chat.tap("In 3 days", await _choices(chat))).last
        assert "If not, send me your city, or tap below" in first.text
        assert (await chat.send("München")).last.text == "Done. I now go by the time in Berlin."
        record = await bot.bot_data.services.users.get(chat.user.id)
        assert record is not None
        assert record.timezone == "Europe/Berlin"


async def test_reminder_times_show_their_zone_and_the_first_offers_to_set_it(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock
) -> None:
    async with start_bot() as bot:
        first = (await chat.tap("In 3 days", await _choices(chat))).last
        due = (await pending_reminder(bot, chat)).due_at
        assert first.text.startswith(
            f"OK. I will ask you on {promised(bot, chat, due, DEFAULT_ZONE)}. "
        )
        assert " (UTC). " in first.text
        assert "I used the time zone UTC for this, because you have not chosen one" in first.text
        assert first.button_texts == ["🌍 Set my time zone"]
        settings = (await chat.tap("🌍 Set my time zone", first)).last
        assert settings.text.startswith("⚙️ Settings")
        assert (await chat.tap("Berlin", settings)).last.text == (
            "Done. I now go by the time in Berlin."
        )
        listing = (await chat.send("/reminders")).last
        assert "(Berlin)" in listing.text
        second = (await chat.tap("In 1 week", await _choices(chat))).last
        assert "(Berlin)" in second.text
        assert "because you have not chosen one" not in second.text
        assert second.button_texts == []
        assert await bot.bot_data.services.reminders.repo.count_for(chat.user.id) == 2


async def test_a_second_reminder_without_a_chosen_zone_does_not_ask_again(
    start_bot: StartBot, chat: ChatSession
) -> None:
    async with start_bot():
        await chat.tap("In 3 days", await _choices(chat))
        again = (await chat.tap("In 1 week", await _choices(chat))).last
        assert "because you have not chosen one" not in again.text
        assert "(UTC)" in again.text


@around_the_clock
async def test_still_there_counts_the_days_and_says_what_they_mean(
    start_bot: StartBot, chat: ChatSession, clock: PinnedClock, zone: str | None
) -> None:
    async with start_bot() as bot:
        tz = await choose_zone(chat, zone)
        await set_reminder(chat)  # "less than a week": about 3 days old at the check
        (episode,) = await bot.bot_data.services.finished_checks.for_user(chat.user.id)
        reminder, first = await arrives_when_due(bot, chat, clock, tz)
        early = (await chat.tap("🔁 Still there", reminder)).last.text
        await chat.tap("In 3 days")
        reminder, second = await arrives_when_due(bot, chat, clock, tz)
        later = (await chat.tap("🔁 Still there", reminder)).last.text
    # Whole days the twitch has lasted: 3 at the check, and the hours since (71 over a
    # spring-forward weekend: "about 5 days"; 80.5 from a late evening: still 6).
    days = (timedelta(days=3) + first.due_at - episode.created_at).days
    assert days in (5, 6)
    assert early.startswith(f"Thanks for telling me. It has been about {days} days.")
    assert "still early" in early
    days = (timedelta(days=3) + second.due_at - episode.created_at).days
    assert days in (8, 9)
    assert later.startswith(f"Thanks for telling me. It has been about {days} days now")
    assert f"the two-week mark is about {14 - days} days away" in later


async def _choices(chat: ChatSession) -> BotMessage:
    await finish_check(chat)
    return (await chat.tap("⏰ Remind me")).last
