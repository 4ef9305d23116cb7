"""Everything that is not a command or plain text: a calm answer in private, silence in groups.

Edits are answered before any other handler sees them, so an edited "/twitch" does not run
the command again behind the user's back.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.ext import BaseHandler, ChatMemberHandler, MessageHandler, filters

from tgbot.context import BotContext

log = logging.getLogger(__name__)


async def edited_message(update: Update, context: BotContext) -> None:
    message = update.edited_message
    if message is None or message.chat.type != "private":
        return
    await message.reply_text(context.services.content.messages["edited_message"])


async def non_text(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    await update.effective_message.reply_text(context.services.content.messages["non_text"])


def _is_gone(member: ChatMemberUpdated) -> bool:
    return member.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)


async def my_chat_member(update: Update, context: BotContext) -> None:
    """A user who blocks the bot (or unblocks it) in their private chat."""
    member = update.my_chat_member
    if member is None or member.chat.type != "private":
        return
    services = context.services
    blocked = _is_gone(member)
    await services.users.set_blocked(member.from_user.id, blocked)
    if blocked:
        await services.reminders.cancel_all_for(member.from_user.id)
    log.info("event=bot_membership user_id=%d blocked=%s", member.from_user.id, blocked)


def first_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        MessageHandler(filters.UpdateType.EDITED, edited_message),
        ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


def last_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    return [
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.TEXT & ~filters.StatusUpdate.ALL,
            non_text,
        )
    ]
