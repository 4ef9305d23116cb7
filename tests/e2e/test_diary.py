"""The diary end to end: /log on several days (the clock moved), /diary's chart decoded,
/summary's PDF read back, "Log today" under a reminder, and consent first. A diary day is the
user's own calendar day: the test of "today" runs at each instant of AROUND_THE_CLOCK
(tests/e2e/instants.py), near midnight and DST changes, in the user's zone (and so do the
check-in's entries, tests/e2e/test_checkin.py)."""

import io
import json
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.helpers_release import VERSION
from tgbot.bot.context import BotApplication
from tgbot.core.clock import PinnedClock
from tgbot.localapi import ChatSession

from .instants import DEFAULT_ZONE, around_the_clock, arrives_when_due, choose_zone

NONE = "🚫 None of these"
EYELID_DOCTOR = [
    NONE,
    "👁️ Eyelid",
    "⏳ More than 2 weeks",
    "🫳 Weakness",
    "✅ Done",
    "☕ Coffee, tea or energy drinks",
    "✅ Done",
]

pytestmark = pytest.mark.usefixtures("documents_started")


async def allow_keeping(chat: ChatSession) -> None:
    await chat.send("/privacy")
    await chat.tap("✅ Keep my checks")


async def log_day(chat: ChatSession, amount: str, where: str | None, before: list[str]) -> str:
    """One /log entry: how much, where, what came before; returns the last text shown."""
    await chat.send("/log")
    reply = (await chat.tap(amount)).last
    if where is None:
        return reply.text
    reply = (await chat.tap(where)).last
    for label in before:
        reply = (await chat.tap(label)).last
    return (await chat.tap("✔️ Done")).last.text


async def test_log_asks_for_consent_first(bot: BotApplication, chat: ChatSession) -> None:
    reply = (await chat.send("/log")).last
    assert reply.text.startswith("I can keep a diary only if you let me keep your checks")
    assert reply.button_texts == ["✅ Allow it and log today"]
    assert (
        await bot.bot_data.services.diary.since(
            chat.user.id, bot.bot_data.services.clock.now().date()
        )
        == []
    )


@around_the_clock
async def test_the_usual_entry_takes_two_taps_and_a_second_one_updates_the_day(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock, zone: str | None
) -> None:
    tz = await choose_zone(chat, zone)
    today = clock.now().astimezone(tz).date()
    await allow_keeping(chat)
    ask = (await chat.send("/log")).last
    assert ask.text == "📓 Muscle twitching: how much today?" or ask.text.endswith(
        "how much today?"
    )
    assert ask.button_texts[:3] == ["😌 None today", "🙂 A little", "😣 A lot"]
    where = (await chat.tap("🙂 A little")).last
    assert where.text.endswith("where was it today?")
    saved = (await chat.tap("👁️ Eyelid")).last
    assert saved.text.startswith("✅ Saved for today: a little, 👁️ Eyelid.")
    assert "✔️ Done" in saved.button_texts
    ticked = (await chat.tap("😟 Stress or worry")).last
    assert "✅ 😟 Stress or worry" in ticked.button_texts
    await chat.tap("✔️ Done")
    await log_day(chat, "😣 A lot", "👍 Thumb or hand", [])
    services = bot.bot_data.services
    (entry,) = await services.diary.since(chat.user.id, today - timedelta(days=1))
    assert (entry.day, entry.amount.value, entry.location, entry.triggers) == (
        today,
        "lot",
        "thumb_hand",
        ("stress",),
    )


async def test_diary_chart_and_doctor_summary_after_days_of_entries(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    await allow_keeping(chat)
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    for label in EYELID_DOCTOR:
        await chat.tap(label)
    plan = [
        ("😣 A lot", "👁️ Eyelid", ["☕ Coffee, tea or energy drinks"]),
        ("😣 A lot", "👁️ Eyelid", ["☕ Coffee, tea or energy drinks", "😴 Tired or poor sleep"]),
        ("🙂 A little", "👁️ Eyelid", ["☕ Coffee, tea or energy drinks"]),
        ("😌 None today", None, []),
        ("🙂 A little", "👁️ Eyelid", []),
    ]
    for amount, where, before in plan:
        text = await log_day(chat, amount, where, before)
        assert text.startswith("✅ Saved")
        clock.advance(timedelta(days=1))

    photo = (await chat.send("/diary")).last
    assert photo.photo is not None
    image = Image.open(io.BytesIO(photo.photo))
    assert image.format == "PNG"
    assert image.size == (1200, 800)
    colours = {c for _, c in image.convert("RGB").getcolors(maxcolors=1_000_000) or []}
    assert (0xD5, 0x5E, 0x00) in colours, "a day with a lot is drawn in the colour for a lot"
    assert (0xE6, 0x9F, 0x00) in colours
    assert photo.text.startswith(
        "⚡ Muscle twitching, last 30 days: you logged 5 days. 4 of them had it."
    )
    assert "Most often before it: ☕ Coffee, tea or energy drinks" in photo.text

    reply = await chat.send("/summary", at_least=2)
    message, document = reply.messages
    assert message.text.startswith("🩺 A summary for your doctor")
    assert "👁️ Eyelid; ⏳ More than 2 weeks; 🫳 Weakness" in message.text, "the positives"
    assert "No: 😶 Face droops on one side;" in message.text, "the negatives, in one line"
    assert "because: More than 2 weeks; Weakness" in message.text, "what set the advice (#23)"
    assert "Coffee, tea or energy drinks (3 of 5 days logged)" in message.text
    assert "You have" not in message.text
    assert document.document_name == "summary-for-your-doctor.pdf"
    assert document.document is not None
    reader = PdfReader(io.BytesIO(document.document))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "A summary for your doctor" in text
    assert "Muscle twitching See a doctor because: More than 2 weeks; Weakness" in text
    assert f"(version {VERSION} of the advice)" in text
    assert "Eyelid; More than 2 weeks; Weakness" in text
    assert "No: Face droops on one side;" in text
    assert "you logged 5 days" in text
    assert "Muscle twitching: Coffee, tea or energy drinks (3 of 5 days logged)" in text
    assert "It does not take the place of a doctor." in text
    assert b"/FontFile2" in document.document, "the TrueType fonts are embedded"


async def test_diary_entries_are_in_mydata_and_deleted_by_forget(
    bot: BotApplication, chat: ChatSession
) -> None:
    await allow_keeping(chat)
    await log_day(chat, "🙂 A little", "🦵 Calf", [])
    reply = await chat.send("/mydata", at_least=2)
    summary, document = reply.messages
    assert "Your diary (1 days)" in summary.text
    assert "a little, 🦵 Calf" in summary.text
    assert document.document is not None
    assert json.loads(document.document)["diary_entries"][0]["location"] == "calf"
    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    services = bot.bot_data.services
    assert await services.diary.since(chat.user.id, services.clock.now().date()) == []


async def test_log_today_under_a_reminder_opens_the_entry(
    bot: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    await allow_keeping(chat)
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    for label in [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, NONE]:
        await chat.tap(label)
    await chat.tap("⏰ Remind me")
    await chat.tap("In 3 days")
    reminder, pending = await arrives_when_due(bot, chat, clock, DEFAULT_ZONE)
    ask = (await chat.tap("📓 Log today", reminder)).last
    assert ask.text.endswith("how much today?")
    assert (await chat.tap("😌 None today")).last.text.startswith("✅ Saved: none today.")
    # "Today" is the day the reminder came on, on the user's calendar.
    day = pending.due_at.astimezone(DEFAULT_ZONE).date()
    (entry,) = await bot.bot_data.services.diary.since(chat.user.id, day - timedelta(days=7))
    assert (entry.day, entry.amount.value) == (day, "none")
