"""What no feature took: edits, non-text messages, unknown commands, private-only commands in a
group, stale or forged buttons, and the bot's own membership. A calm answer in private, silence
in groups.

Edits are answered before any other handler sees them, so an edited "/twitch" does not run
the command again behind the user's back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from telegram import ChatMember, ChatMemberUpdated, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from tgbot.bot.context import BotContext
from tgbot.bot.keyboards.topics import topic_menu
from tgbot.bot.replies import expired
from tgbot.bot.sending import unread
from tgbot.bot.typed_safety import safety_lined

log = logging.getLogger(__name__)


async def edited_message(update: Update, context: BotContext) -> None:
    message = update.edited_message
    if message is None:
        return
    services = context.services
    messages = services.content.messages
    language = message.from_user.language_code if message.from_user else None
    await unread(
        message.reply_text(
            safety_lined(services, messages["edited_message"], language),
            reply_markup=_menu(messages),
        )
    )


async def non_text(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    messages = context.services.content.messages
    await unread(
        update.effective_message.reply_text(messages["non_text"], reply_markup=_menu(messages))
    )


def _is_gone(member: ChatMemberUpdated) -> bool:
    return member.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)


async def my_chat_member(update: Update, context: BotContext) -> None:
    """A user who blocks the bot (or unblocks it) in their private chat."""
    member = update.my_chat_member
    # Only the private chat says the user blocked us; a group's membership is another matter.
    if member is None or member.chat.type != ChatType.PRIVATE:
        return
    services = context.services
    blocked = _is_gone(member)
    await services.users.set_blocked(member.from_user.id, blocked)
    if blocked:
        await services.reminders.cancel_all_for(member.from_user.id)
    else:
        await services.reminders.resume_checkins(member.from_user.id)
    log.info("event=bot_membership user_id=%d blocked=%s", member.from_user.id, blocked)


async def unknown_command(update: Update, context: BotContext) -> None:
    if update.effective_message is None:
        return
    messages = context.services.content.messages
    await unread(
        update.effective_message.reply_text(
            messages["unknown_command"], reply_markup=_menu(messages)
        )
    )


async def private_only_in_group(update: Update, context: BotContext) -> None:
    """Health and personal data stay out of groups: say where to ask instead."""
    if update.effective_message is None:
        return
    await unread(
        update.effective_message.reply_text(context.services.content.messages["group_note"])
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no handler took: old, forged, or from a removed feature."""
    await expired(update, context)


def _menu(messages: Mapping[str, str]) -> InlineKeyboardMarkup:
    """Every dead end offers a way on: the two topics."""
    return topic_menu(messages["button_twitch"], messages["button_spasm"])
