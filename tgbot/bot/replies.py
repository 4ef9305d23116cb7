"""What every button handler starts with: decode the tap, or tell the user it has expired."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Update, User
from telegram.error import BadRequest

from tgbot.bot.callback_data import CallbackAction, decode
from tgbot.bot.context import BotContext
from tgbot.bot.sending import unread

ActionT = TypeVar("ActionT", bound=CallbackAction)


@dataclass(frozen=True)
class Tap(Generic[ActionT]):
    action: ActionT
    query: CallbackQuery
    user: User
    chat: Chat


async def read_tap(
    update: Update, context: BotContext, action_type: type[ActionT]
) -> Tap[ActionT] | None:
    """The decoded button, or None after answering that it expired (old, forged, cut short)."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    action = decode(query.data if query else None)
    if query is None or user is None or chat is None or not isinstance(action, action_type):
        await expired(update, context)
        return None
    return Tap(action, query, user, chat)


async def expired(update: Update, context: BotContext) -> None:
    """Any button we cannot serve: old, forged or from a removed feature. Never an error."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(context.services.content.messages["expired_button"], show_alert=True)


async def edited(edit: Awaitable[object]) -> bool:
    """Run one edit of a message we sent; the one place that knows Telegram's refusals.

    An edit that changes nothing ("message is not modified": a double tap, or a page already
    shown) has nothing to do; a message Telegram no longer lets us edit, over 48 hours old,
    gives False so that the caller can send its page as a new message. Anything else raises."""
    try:
        await unread(edit)  # the edited message is ours: nothing to read in the answer
    except BadRequest as error:
        reason = str(error).lower()
        if "not modified" in reason:
            return True
        if "can't be edited" in reason:
            return False
        raise
    return True


async def edit_or_send(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Show the page in place of the tapped message; days later, as a new message below it."""
    if not await edited(query.edit_message_text(text, reply_markup=markup)):
        assert query.message is not None  # the refused edit was of this message
        await unread(query.get_bot().send_message(query.message.chat.id, text, reply_markup=markup))


async def edit_in_place(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    await edit_or_send(query, text, markup)
