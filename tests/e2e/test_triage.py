"""The triage by buttons, end to end: every level in both flows, Back, Cancel, expired and
forged buttons, and resuming after the Application restarts mid-flow."""

from collections.abc import Sequence

import pytest

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import BotMessage, ChatSession, FakeUser
from tgbot.serving.run import running

from .helpers import tap_through

NONE = "🚫 None of these"
DONE = "✅ Done"
RATING = ["👍 It helped", "👎 It did not help"]


async def begin(chat: ChatSession, topic: str) -> BotMessage:
    """Open the topic and tap "Check my symptoms": the safety question comes first."""
    await chat.send(f"/{topic}")
    return (await chat.tap("🩺 Check my symptoms")).last


async def tap_all(chat: ChatSession, labels: Sequence[str]) -> BotMessage:
    """Tap in turn, answering the one-time consent question when it comes."""
    return await tap_through(chat, labels)


async def test_the_first_question_is_the_emergency_signs(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    question = await begin(chat, "twitch")
    assert "Question 1 of" in question.text
    # The first sign tapped ends the check: no "tick all, then Done" and no Done button.
    assert "Tap the first one that fits" in question.text
    assert "Tick all that apply" not in question.text
    assert question.button_texts == [
        "😶 Face droops on one side",
        "💪 Sudden weakness or numbness",
        "🗣️ Slurred speech",
        "🌀 Jerks while awake, blackout",
        "🫁 Sudden trouble breathing",
        "🤒 Fever and stiff neck or rash",
        NONE,
        "❓ Why this question?",
        "✖️ Cancel",
    ]
    assert "Before the next question" not in question.text, "consent never comes first"


@pytest.mark.parametrize(
    ("topic", "sign"),
    [("twitch", "😶 Face droops on one side"), ("spasm", "🟤 Dark urine, bad muscle pain")],
)
async def test_an_emergency_sign_stops_the_flow_at_once(
    bot_app: BotApplication, chat: ChatSession, topic: str, sign: str
) -> None:
    question = await begin(chat, topic)
    outcome = (await chat.tap(sign)).last
    assert outcome.message_id == question.message_id
    assert "Call 112, 999 or 911 now" in outcome.text
    assert "Do not wait" in outcome.text
    assert "Do not drive yourself" in outcome.text
    assert "not a diagnosis" in outcome.text
    assert outcome.buttons == ()


async def test_the_emergency_number_of_the_users_country_comes_first(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    british = ChatSession(chat.api, FakeUser(chat.user.id + 50_000, language_code="en-GB"))
    await begin(british, "spasm")
    outcome = (await british.tap("🫀 Chest pain or tightness")).last
    assert "Call 999" in outcome.text


async def test_twitch_self_care_with_fitted_tips_and_a_reminder_offer(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    await tap_all(chat, [NONE, "👁️ Eyelid", "📅 Less than a week", NONE])
    question = await tap_all(chat, ["☕ Coffee, tea or energy drinks", "😟 Stress or worry"])
    assert "Question 5 of up to 6" in question.text
    assert "☑️ ☕ Coffee, tea or energy drinks" in question.button_texts
    outcome = (await chat.tap(DONE)).last
    assert "look after this at home" in outcome.text
    assert "caffeine" in outcome.text.lower() or "coffee" in outcome.text.lower()
    assert "See a doctor if" in outcome.text
    assert "not a diagnosis" in outcome.text
    assert outcome.button_texts == ["⏰ Remind me", "🔁 Start again", *RATING]


async def test_twitch_doctor_says_what_to_tell_the_doctor(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    outcome = await tap_all(
        chat,
        [NONE, "👍 Thumb or hand", "⏳ More than 2 weeks", NONE, NONE, "🩺 No, or it has changed"],
    )
    assert "Book a visit with a doctor" in outcome.text
    assert "Tell the doctor" in outcome.text
    assert "NHS: Twitching eyes and muscles" in outcome.text
    assert outcome.html is not None
    assert 'href="https://www.nhs.uk/' in outcome.html
    assert outcome.button_texts == ["⏰ Remind me", "🔁 Start again", *RATING]


async def test_spasm_urgent_for_a_swollen_leg(bot_app: BotApplication, chat: ChatSession) -> None:
    await begin(chat, "spasm")
    # A possible clot: the check stops at once, no more questions first.
    outcome = await tap_all(chat, [NONE, "🦶 Calf or foot", "🦵 One leg swollen or warm", DONE])
    assert "today" in outcome.text
    assert "blood clot" in outcome.text
    assert outcome.button_texts == ["🔁 Start again", *RATING]


async def test_spasm_self_care_skips_leg_signs_for_the_back(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "spasm")
    location = await tap_all(chat, [NONE])
    backs = [label for label in location.button_texts if "back" in label.lower()]
    assert backs == ["🧍 My back", "⬅️ Back"], "the body part never reads like 'go back'"
    question = await tap_all(chat, ["🧍 My back"])
    assert "Question 3 of up to 9" in question.text
    outcome = await tap_all(
        chat,
        ["⏱️ Seconds up to 10 minutes", "1️⃣ This is the first time", NONE, NONE, "👍 Yes, it helped"],
    )
    assert "look after this at home" in outcome.text
    assert "⏰ Remind me" in outcome.button_texts


async def test_spasm_doctor_for_frequent_cramps(bot_app: BotApplication, chat: ChatSession) -> None:
    await begin(chat, "spasm")
    outcome = await tap_all(
        chat,
        [
            NONE,
            "🦵 Thigh",
            NONE,
            "⏱️ Seconds up to 10 minutes",
            "🔁 Often, or they wake me",
            NONE,
            NONE,
            "👍 Yes, it helped",
        ],
    )
    assert "Book a visit with a doctor" in outcome.text


async def test_back_returns_to_the_previous_question_with_its_ticks(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    await tap_all(chat, [NONE, "🦵 Calf", "📅 Less than a week"])
    symptoms = await tap_all(chat, ["🪵 Stiffness"])
    assert "☑️ 🪵 Stiffness" in symptoms.button_texts
    duration = (await chat.tap("⬅️ Back")).last
    assert "Question 3 of" in duration.text
    location = (await chat.tap("⬅️ Back")).last
    assert "Question 2 of" in location.text
    signs = (await chat.tap("⬅️ Back")).last
    assert "Question 1 of" in signs.text
    assert f"☑️ {NONE}" in signs.button_texts
    assert "⬅️ Back" not in signs.button_texts


async def test_done_with_nothing_ticked_asks_for_an_answer(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    await tap_all(chat, [NONE, "👁️ Eyelid", "📅 Less than a week"])
    reply = await chat.tap(DONE)
    assert reply.callback_answer is not None
    assert "Tick at least one" in reply.callback_answer["text"]
    assert "Question 4 of" in chat.last.text


async def test_cancel_stops_and_offers_to_start_again(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    question = await begin(chat, "spasm")
    cancelled = (await chat.tap("✖️ Cancel")).last
    assert "stopped the questions" in cancelled.text
    assert cancelled.button_texts == ["🔁 Start again"]
    stale = await chat.press(question.button(NONE).callback_data or "", cancelled.message_id)
    assert stale.callback_answer is not None
    assert "expired" in stale.callback_answer["text"]
    restarted = (await chat.tap("🔁 Start again")).last
    assert "Question 1 of" in restarted.text


@pytest.mark.parametrize(
    "data",
    ["1a:999999:emergency_signs:none", "1a:abc", "0t:twitch", "garbage", "1a:1:x:y:z", "1z:"],
)
async def test_forged_or_old_callback_data_gets_a_calm_expiry_note(
    bot_app: BotApplication, chat: ChatSession, data: str
) -> None:
    await chat.send("/twitch")
    reply = await chat.press(data)
    assert reply.callback_answer is not None
    assert "expired" in reply.callback_answer["text"]
    assert chat.api.rejected == []


async def test_another_users_buttons_do_not_work(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    question = await begin(chat, "twitch")
    intruder = ChatSession(chat.api, FakeUser(chat.user.id + 90_000), chat.chat)
    reply = await intruder.press(question.button(NONE).callback_data or "", question.message_id)
    assert reply.callback_answer is not None
    assert "expired" in reply.callback_answer["text"]
    assert "Question 1 of" in chat.last.text
    assert "☑️" not in " ".join(chat.last.button_texts)


async def test_a_restart_mid_flow_resumes_at_the_same_question(
    settings: Settings, library: Library, chat: ChatSession
) -> None:
    async with running(build_application(settings, library=library)):
        await begin(chat, "twitch")
        await tap_all(chat, [NONE, "🦵 Calf"])
        assert "Question 3 of" in chat.last.text
    async with running(build_application(settings, library=library)):
        outcome = await tap_all(chat, ["📅 Less than a week", NONE, NONE])
        assert "look after this at home" in outcome.text
