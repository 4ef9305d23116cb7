"""The topic menu: under /start, unknown commands, and answers that lead to a topic."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from tgbot.bot.callback_data import OpenTopic
from tgbot.bot.keyboards import button


def topic_menu(twitch_label: str, spasm_label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(twitch_label, OpenTopic("twitch")), button(spasm_label, OpenTopic("spasm"))]]
    )
