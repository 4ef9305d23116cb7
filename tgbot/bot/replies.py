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


async def edit_in_place(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        # A double tap asks for the page already shown; Telegram refuses the no-op edit.
        if "not modified" not in str(error).lower():
            raise
