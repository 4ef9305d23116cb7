"""The calm note to a user whose messages come faster than the bot can answer them, and the
safety net's reading of every message the flood control drops.

Not handlers: the update processor calls them (tgbot/bot/update_processor.py): the note once
per flood, with the first update it drops; the safety screen with every dropped update."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from tgbot.bot.context import LANGUAGE_KEY, BotApplication
from tgbot.bot.sending import unread
from tgbot.bot.typed_safety import answer_reading

log = logging.getLogger(__name__)


async def tell_to_slow_down(application: BotApplication, update: Update) -> None:
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return  # a group is not one person to ask
    text = application.bot_data.services.content.messages["slow_down"]
    try:
        await unread(application.bot.send_message(chat.id, text))
    except TelegramError as error:
        log.warning("event=slow_down_failed chat_id=%d error=%s", chat.id, type(error).__name__)


async def screen_dropped(application: BotApplication, update: Update) -> None:
    """A dropped message that names an emergency or a crisis is still answered."""
    message = update.effective_message
    text = (message.text or message.caption) if message is not None else None
    if message is None or not text:
        return
    services = application.bot_data.services
    user = update.effective_user
    language = user.language_code if user is not None else None
    chosen = application.user_data.get(user.id, {}).get(LANGUAGE_KEY) if user else None
    reading = services.safety.net.read(text)
    if not reading.alarmed:
        return
    try:
        await answer_reading(
            services.speaking(chosen or language), message, text, reading, language
        )
    except TelegramError as error:
        log.warning("event=dropped_safety_failed error=%s", type(error).__name__)
