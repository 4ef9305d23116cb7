"""A button tapped days later, on a message Telegram no longer lets the bot edit (48 hours on,
"message can't be edited" at the strict stand-in): the answer comes as a new message, never
"something went wrong"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tgbot.bot.context import BotApplication
from tgbot.core.clock import PinnedClock
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi

TWO_DAYS_ON = timedelta(hours=49)
CANT_EDIT = "Bad Request: message can't be edited"


async def test_a_question_answered_two_days_later_goes_on_below(
    bot_app: BotApplication, chat: ChatSession, clock: PinnedClock
) -> None:
    await chat.send("/twitch")
    first = (await chat.tap("🩺 Check my symptoms")).last
    clock.advance(TWO_DAYS_ON)
    reply = await chat.tap("🚫 None of these", first)
    (shown,) = reply.messages
    assert shown.message_id > first.message_id, "a new message"
    assert "Before the next question" in shown.text or "Question 2 of" in shown.text
    assert "went wrong" not in shown.text
    assert chat.api.messages[chat.chat.id][first.message_id].text == first.text, "left as it was"
    assert [r for r in chat.api.rejected if r[0] == "editMessageText"] == [
        ("editMessageText", 400, CANT_EDIT)
    ]


async def test_yes_to_the_one_safety_question_two_days_later_still_gets_the_emergency_answer(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    clock: PinnedClock,
) -> None:
    services = bot_app.bot_data.services.speaking("ru")
    texts = services.safety.phrase_sets["ru"].asks["seizure"]
    chat = ChatSession(local_api, new_user(language_code="ru"))
    question = (await chat.send("у мужа судороги")).last
    assert question.button_texts == [texts.yes, texts.no]
    clock.advance(TWO_DAYS_ON)
    emergency = (await chat.tap(texts.yes, question)).last
    assert emergency.message_id > question.message_id, "a new message"
    assert emergency.text.startswith("🚨")
    assert services.numbers("ru").split()[0] in emergency.text.split("\n")[0]
    assert [r for r in local_api.rejected if r[0] == "editMessageText"] == [
        ("editMessageText", 400, CANT_EDIT)
    ]
