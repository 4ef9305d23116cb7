"""Typed messages read for emergencies and thoughts of suicide, before anything else.

Every text and caption, new or edited, private or group, the whole of it: an emergency gets
the emergency answer with the user's own number, thoughts of suicide or self-harm the crisis
lines of their country (or of their language's countries when Telegram gives no country), and
a message that may or may not be an emergency ("he collapsed") one question whose first button
is the emergency. Nothing else the bot says about the message comes before it; a check that is
running stays where it was, so the user can go on.

Out-of-scope questions (period pain, hiccups, a child) are answered by the topic routing, which
runs only when the net found nothing.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.awaiting import stop_awaiting_question
from tgbot.bot.callback_data import SafetyAnswer
from tgbot.bot.context import BotContext
from tgbot.bot.keyboards.topics import topic_menu
from tgbot.bot.replies import edited, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.bot.topic_pages import send_group_overview, send_overview
from tgbot.bot.typed_safety import answer_reading, emergency_reply, safety_lined

log = logging.getLogger(__name__)


async def typed_red_flag(update: Update, context: BotContext) -> None:
    message = update.effective_message
    text = (message.text or message.caption) if message is not None else None
    if message is None or not text:
        return
    services = context.services
    reading = services.safety.net.read(text)
    if not reading.alarmed:
        return
    user = update.effective_user
    stop_awaiting_question(context)
    await answer_reading(services, message, text, reading, user.language_code if user else None)
    # Answered: no topic page, pointer or "I only read new messages" after it.
    raise ApplicationHandlerStop


async def on_safety_answer(update: Update, context: BotContext) -> None:
    """ "Yes" to the one question: the emergency answer in its place. "No": its buttons go,
    and the page the message was about follows (the topics' menu when none)."""
    tap = await read_tap(update, context, SafetyAnswer)
    if tap is None:
        return
    services = context.services
    ask = services.safety.net.rules.asks.get(tap.action.ask)
    if ask is None:
        await expired(update, context)
        return
    await tap.query.answer()
    message = tap.query.message
    if not isinstance(message, Message):
        return
    language = tap.user.language_code
    if tap.action.yes:
        log.info("event=safety_ask_answered ask=%s yes=1", ask.id)
        reply = emergency_reply(services, (ask.group,), language)
        if not await edited(message.edit_text(reply)):
            await unread(message.chat.send_message(reply))  # asked days ago: the answer comes below
        return
    log.info("event=safety_ask_answered ask=%s yes=0", ask.id)
    await edited(message.edit_reply_markup(None))
    topic = tap.action.topic
    messages = services.content.messages
    if topic in services.content.topics:
        if tap.chat.type == ChatType.PRIVATE:
            await send_overview(message, context, topic, typed=True)
        else:
            await send_group_overview(message, context, topic)
        return
    await unread(
        message.reply_text(
            safety_lined(services, messages["text_pointer"], language),
            reply_markup=topic_menu(messages["button_twitch"], messages["button_spasm"]),
        )
    )
