"""The calm note to a user whose messages come faster than the bot can answer them.

Not a handler: the update processor calls it once per flood, with the first update it drops
(tgbot/bot/update_processor.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from tgbot.bot.context import BotApplication

log = logging.getLogger(__name__)


async def tell_to_slow_down(application: BotApplication, update: Update) -> None:
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return  # a group is not one person to ask
    text = application.bot_data.services.content.messages["slow_down"]
    try:
        await application.bot.send_message(chat.id, text)
    except TelegramError as error:
        log.warning("event=slow_down_failed chat_id=%d error=%s", chat.id, type(error).__name__)
