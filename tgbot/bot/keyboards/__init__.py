"""Inline keyboards, one module per feature (check, topics, reminders, feedback): handler
modules share buttons through here, never through each other."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from tgbot.bot.callback_data import CallbackAction, encode


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))
