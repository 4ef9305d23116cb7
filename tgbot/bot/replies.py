"""What every button handler starts with: decode the tap, or tell the user it has expired."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Update, User
from telegram.error import BadRequest

from tgbot.bot.context import BotContext
from tgbot.core.callback_data import CallbackAction, decode

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


def cannot_edit(error: BadRequest) -> bool:
    """Telegram's "message can't be edited": the tapped message was sent over 48 hours ago."""
    return "can't be edited" in str(error).lower()


async def edit_or_send(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Show the page in place of the tapped message. A double tap asks for the page already
    shown (Telegram refuses the no-op edit: nothing to do); a message Telegram no longer lets
    us edit, days later, gets the page as a new message below it."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return
        if not cannot_edit(error) or query.message is None:
            raise
        await query.get_bot().send_message(query.message.chat.id, text, reply_markup=markup)


async def edit_in_place(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    await edit_or_send(query, text, markup)
