"""Issue #17, the check's rough edges, end to end: a progress total that never moves, typed
text that keeps the check, Back that shows the earlier choice, and "You told me" at the end."""

from __future__ import annotations

import itertools
import re

from tgbot.bot.context import BotApplication
from tgbot.core.knowledge import Knowledge
from tgbot.localapi import BotMessage, ChatSession

from .helpers import CONSENT_PROMPT, KEEP, tap_through, twitch_label

NONE = "🚫 None of these"
DONE = "✅ Done"
YES = "✅ Yes"
NO = "↩️ No, back to the question"
PROGRESS = re.compile(r"Question (\d+) of up to (\d+)")


async def begin(chat: ChatSession, topic: str) -> BotMessage:
    await chat.send(f"/{topic}")
    return (await chat.tap("🩺 Check my symptoms")).last


def progress(message: BotMessage) -> tuple[int, int]:
    found = PROGRESS.search(message.text)
    assert found is not None, message.text
    return int(found.group(1)), int(found.group(2))


# --- 1. the progress total ----------------------------------------------------------------


async def test_the_total_stays_the_same_while_answers_open_questions(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    """A new medicine opens one more question: the total said at the start already counts it."""
    seen = [progress(await begin(chat, "twitch"))]
    medicine = twitch_label(knowledge, "triggers", "medicine")
    for label in [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, medicine, DONE]:
        message = await tap_through(chat, [label])
        if PROGRESS.search(message.text):
            seen.append(progress(message))
    numbers = [n for n, _ in seen]
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(numbers)), numbers
    assert {total for _, total in seen} == {6}, seen
    assert "Since the new medicine" in chat.last.text
    assert progress(chat.last) == (6, 6)


async def test_spasm_leg_questions_do_not_move_the_total(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    first = await begin(chat, "spasm")
    assert progress(first) == (1, 9)
    for_calf = await tap_through(chat, [NONE, "🦶 Calf or foot"])
    assert progress(for_calf) == (3, 9)
    await chat.tap("⬅️ Back")
    for_back = await tap_through(chat, ["🧍 My back"])
    assert progress(for_back) == (3, 9)


# --- 2. typing in the middle of a check --------------------------------------------------


async def at_location(chat: ChatSession) -> BotMessage:
    await begin(chat, "twitch")
    question = await tap_through(chat, [NONE])
    assert "Where is the twitch?" in question.text
    return question


async def test_a_typed_answer_asks_to_confirm_and_yes_takes_it(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    question = await at_location(chat)
    await chat.send("eyelid")
    offer = chat.last
    assert offer.message_id != question.message_id, "the check goes on at the bottom"
    assert "Where is the twitch?" in offer.text
    assert "Did you mean this answer? 👁️ Eyelid" in offer.text
    assert offer.button_texts == [YES, NO]
    # The old question's buttons are gone, not left to say "expired".
    old = next(m for m in chat.bot_messages if m.message_id == question.message_id)
    assert old.buttons == ()
    duration = (await chat.tap(YES)).last
    assert duration.message_id == offer.message_id
    assert progress(duration) == (3, 6)
    assert "How long have you had the twitch?" in duration.text
    # It counted as a tap: the answer is the eyelid, as the outcome's record shows.
    outcome = await tap_through(chat, ["📅 Less than a week", NONE, NONE])
    assert "Where is the twitch? → 👁️ Eyelid" in outcome.text


async def test_no_goes_back_to_the_same_question(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await chat.send("my eye")
    assert "👁️ Eyelid" in chat.last.text
    question = (await chat.tap(NO)).last
    assert progress(question) == (2, 6)
    assert "Where is the twitch?" in question.text
    assert "👁️ Eyelid" in question.button_texts
    assert "✖️ Cancel" in question.button_texts
    after = (await chat.tap("🦵 Calf")).last
    assert progress(after) == (3, 6)


async def test_several_answers_named_are_each_a_button(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await tap_through(chat, ["👁️ Eyelid"])
    await chat.send("weeks")
    offer = chat.last
    assert "Which of these answers did you mean?" in offer.text
    assert offer.button_texts == [
        "📅 Less than a week",
        "🗓️ 1 to 2 weeks",
        "⏳ More than 2 weeks",
        NO,
    ]
    symptoms = (await chat.tap("⏳ More than 2 weeks")).last
    assert progress(symptoms) == (4, 6)


async def test_a_typed_time_is_read_as_the_answer_it_fits(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await tap_through(chat, ["👁️ Eyelid"])
    await chat.send("about 3 weeks now")
    assert "Did you mean this answer? ⏳ More than 2 weeks" in chat.last.text


async def test_a_typed_answer_to_a_multi_question_ticks_it(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    await begin(chat, "twitch")
    await tap_through(chat, [NONE, "👁️ Eyelid", "📅 Less than a week", NONE])
    coffee = twitch_label(knowledge, "triggers", "caffeine")
    await chat.send("too much coffee")
    assert f"Did you mean this answer? {coffee}" in chat.last.text
    ticked = (await chat.tap(YES)).last
    assert progress(ticked) == (5, 6), "a tick, not the end of the question"
    assert f"☑️ {coffee}" in ticked.button_texts
    assert f"Picked: {coffee}" in ticked.text
    # Typed again, a tick already there is not offered (yes would take it away).
    await chat.send("coffee")
    assert "We are still in the middle of the check" in chat.last.text
    outcome = (await chat.tap(DONE)).last
    assert "look after this at home" in outcome.text


async def test_other_text_keeps_the_check_and_says_how_to_go_on(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    for text in ["hello", "what does this mean?"]:
        await chat.send(text)
        again = chat.last
        assert "We are still in the middle of the check" in again.text
        assert "Tap an answer below to go on, or tap ✖️ Cancel to stop." in again.text
        assert progress(again) == (2, 6)
        assert "Where is the twitch?" in again.text
        assert "I can only help with" not in again.text, "never the topic's fallback"
    assert "✖️ Cancel" in chat.last.button_texts
    after = (await chat.tap("🦵 Calf")).last
    assert progress(after) == (3, 6)


async def test_typed_during_the_consent_question_asks_it_again(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    consent = (await chat.tap(NONE)).last
    assert CONSENT_PROMPT in consent.text
    await chat.send("ok")
    again = chat.last
    assert "We are still in the middle of the check" in again.text
    assert CONSENT_PROMPT in again.text
    location = (await chat.tap(KEEP)).last
    assert "Where is the twitch?" in location.text


async def test_a_typed_red_flag_still_wins_over_the_check(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    question = await at_location(chat)
    reply = await chat.send("my face is drooping on one side")
    assert len(reply.messages) == 1
    assert "🚨 Call" in reply.last.text
    assert "Did you mean" not in reply.text
    assert "We are still in the middle" not in reply.text
    # The check stays where it was, its buttons live.
    after = (await chat.tap("🦵 Calf", question)).last
    assert progress(after) == (3, 6)


async def test_none_typed_at_the_safety_question_is_asked_first(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    await chat.send("none")
    assert f"Did you mean this answer? {NONE}" in chat.last.text
    after = await tap_through(chat, [YES])
    assert "Where is the twitch?" in after.text


# --- 3. Back shows the earlier choice -----------------------------------------------------


async def test_back_marks_the_answer_given_before(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await tap_through(chat, ["👁️ Eyelid"])
    location = (await chat.tap("⬅️ Back")).last
    assert progress(location) == (2, 6)
    assert "✓ 👁️ Eyelid" in location.button_texts
    assert "Picked: 👁️ Eyelid" in location.text
    assert "🦵 Calf" in location.button_texts, "the others stay as they were"
    # Tapping another answer changes it.
    await tap_through(chat, ["🦵 Calf"])
    again = (await chat.tap("⬅️ Back")).last
    assert "✓ 🦵 Calf" in again.button_texts
    assert "👁️ Eyelid" in again.button_texts


async def test_back_to_a_multi_question_shows_its_ticks(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await tap_through(chat, ["🦵 Calf", "📅 Less than a week", "🪵 Stiffness", "🧊 Numbness"])
    await tap_through(chat, [DONE])
    symptoms = (await chat.tap("⬅️ Back")).last
    assert progress(symptoms) == (4, 6)
    assert "☑️ 🪵 Stiffness" in symptoms.button_texts
    assert "☑️ 🧊 Numbness" in symptoms.button_texts
    assert "Picked: 🪵 Stiffness, 🧊 Numbness" in symptoms.text


# --- 4. the record of the answers at the outcome ------------------------------------------


def told_block(text: str) -> list[str]:
    lines = text.split("You told me:\n", 1)[1].split("\n\n", 1)[0]
    return lines.splitlines()


async def test_the_outcome_keeps_a_record_of_the_answers(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    await begin(chat, "twitch")
    coffee = twitch_label(knowledge, "triggers", "caffeine")
    stress = twitch_label(knowledge, "triggers", "stress")
    await tap_through(chat, [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, coffee, stress])
    outcome = (await chat.tap(DONE)).last
    assert told_block(outcome.text) == [
        "• First, a quick safety check. Is any of this happening now, or did it start in the"
        f" last few hours? → {NONE}",
        "• Where is the twitch? → 👁️ Eyelid",
        "• How long have you had the twitch? → 📅 Less than a week",
        f"• Do you have any of these as well? → {NONE}",
        f"• Did any of these come before the twitch, or make it worse? → {coffee}, {stress}",
    ]
    assert outcome.text.rstrip().endswith(
        "This is general health information, not a diagnosis. If you are worried, talk to a doctor."
    ), "the disclaimer stays last"


async def test_a_doctor_outcome_has_the_record_too(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "spasm")
    outcome = await tap_through(
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
    record = told_block(outcome.text)
    assert len(record) == 8
    assert any("→ 🔁 Often, or they wake me" in line for line in record)
    assert "not a diagnosis" in outcome.text.splitlines()[-1]


async def test_an_emergency_says_call_now_and_nothing_else_after(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await begin(chat, "twitch")
    outcome = (await chat.tap("😶 Face droops on one side")).last
    assert "You told me" not in outcome.text
    assert outcome.text.rstrip().endswith("This is general health information, not a diagnosis.")


async def test_after_back_the_earlier_answer_can_be_typed_again(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await at_location(chat)
    await tap_through(chat, ["👁️ Eyelid"])
    await chat.tap("⬅️ Back")
    await chat.send("eyelid")
    assert "Did you mean this answer? 👁️ Eyelid" in chat.last.text
    duration = (await chat.tap(YES)).last
    assert progress(duration) == (3, 6)
