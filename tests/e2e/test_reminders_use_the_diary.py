"""Reminders that use the record: "Still there" counts the days the diary shows (the two-week
rule; diary days are the user's calendar days, so that test runs at each instant of
AROUND_THE_CLOCK, tests/e2e/instants.py), and "Worse" asks the emergency signs, then only what
can change."""

from datetime import timedelta

from tests.e2e.test_diary import allow_keeping, log_day
from tests.e2e.test_reminders import arrival, finish_check
from tgbot.bot.context import BotApplication
from tgbot.core.clock import PinnedClock
from tgbot.localapi import BotMessage, ChatSession

from .instants import around_the_clock, choose_zone


async def reminder_in_3_days(
    chat: ChatSession, bot: BotApplication, clock: PinnedClock
) -> BotMessage:
    """A self-care check ("less than a week"), a 3-day reminder, four days on."""
    await finish_check(chat)
    await chat.tap("⏰ Remind me")
    await chat.tap("In 3 days")
    clock.advance(timedelta(days=4))
    return await arrival(chat, bot)


@around_the_clock
async def test_still_there_counts_the_days_the_diary_shows(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock, zone: str | None
) -> None:
    await choose_zone(chat, zone)
    await allow_keeping(chat)
    await log_day(chat, "🙂 A little", "👁️ Eyelid", [])  # logged ten days before the check
    clock.advance(timedelta(days=10))
    reminder = await reminder_in_3_days(chat, bot, clock)
    reply = (await chat.tap("🔁 Still there", reminder)).last
    # The check alone says 3 + 4 = 7 days; the diary says 14.
    assert "two weeks or more" in reply.text
    assert "book a visit with a doctor" in reply.text


async def test_still_there_without_a_diary_counts_from_the_check(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    await allow_keeping(chat)
    await log_day(chat, "😌 None today", None, [])  # a day without it dates nothing
    clock.advance(timedelta(days=10))
    reminder = await reminder_in_3_days(chat, bot, clock)
    reply = (await chat.tap("🔁 Still there", reminder)).last
    assert reply.text.startswith("Thanks for telling me. It has been about 7 days")
    assert "two weeks or more" not in reply.text


async def test_worse_asks_the_emergency_signs_then_only_what_can_change(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    reminder = await reminder_in_3_days(chat, bot, clock)
    reply = await chat.tap("⚠️ Worse, or new signs", reminder)
    assert "starting with the signs that need help now" in reply.messages[0].text
    signs = reply.last
    assert "😶 Face droops on one side" in signs.button_texts
    symptoms = (await chat.tap("🚫 None of these", signs)).last
    # Not "where is it?" nor "how long?" again: those came from the check.
    assert "👁️ Eyelid" not in symptoms.button_texts
    assert "📅 Less than a week" not in symptoms.button_texts
    assert "🫳 Weakness" in symptoms.button_texts
    await chat.tap("🫳 Weakness", symptoms)
    triggers = (await chat.tap("✅ Done")).last
    assert "☕ Coffee, tea or energy drinks" in triggers.button_texts
    await chat.tap("☕ Coffee, tea or energy drinks", triggers)
    outcome = (await chat.tap("✅ Done")).last
    assert "See a doctor" in outcome.text
    services = bot.bot_data.services
    first, again = await services.finished_checks.for_user(chat.user.id)
    assert again.level == "doctor"
    # The outcome rests on the merged answers: the place kept, the duration moved on (three
    # days at the check, seven now), the new symptoms and triggers.
    assert again.answers["location"] == ("eyelid",)
    assert first.answers["duration"] == ("days",)
    assert again.answers["duration"] == ("one_two_weeks",)
    assert again.answers["symptoms"] == ("weakness",)
    assert again.answers["triggers"] == ("caffeine",)


async def test_worse_still_ends_at_once_on_an_emergency_sign(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    reminder = await reminder_in_3_days(chat, bot, clock)
    signs = (await chat.tap("⚠️ Worse, or new signs", reminder)).last
    outcome = (await chat.tap("😶 Face droops on one side", signs)).last
    assert "Call 112, 999 or 911 now" in outcome.text
    (_, again) = await bot.bot_data.services.finished_checks.for_user(chat.user.id)
    assert again.level == "emergency"
