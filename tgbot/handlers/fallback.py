"""What no other handler took: unknown commands. Registered after every command handler."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from tgbot.context import BotContext


async def unknown_command(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(context.services.content.messages["unknown_command"])


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command)]
