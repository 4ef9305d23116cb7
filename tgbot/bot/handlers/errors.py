"""The error handler: log what failed (ids, never text) and tell the user kindly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from tgbot.bot.context import BotContext
from tgbot.bot.sending import unread
from tgbot.bot.update_processor import mark_failed

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    mark_failed()
    update_id = user_id = chat_id = None
    if isinstance(update, Update):
        update_id = update.update_id
        user_id = update.effective_user.id if update.effective_user else None
        chat_id = update.effective_chat.id if update.effective_chat else None
    log.error(
        "event=handler_error update_id=%s user_id=%s chat_id=%s error=%s",
        update_id,
        user_id,
        chat_id,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or isinstance(error, Forbidden):
        return
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await unread(context.bot.send_message(chat.id, context.services.content.messages["error"]))
    except TelegramError as send_error:
        log.warning(
            "event=error_reply_failed chat_id=%s error=%s", chat.id, type(send_error).__name__
        )
