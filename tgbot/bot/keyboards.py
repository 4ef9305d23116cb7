"""Inline keyboard builders shared by several features."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from tgbot.core.callback_data import CallbackAction, LogStart, OpenTopic, ReminderAnswer, encode
from tgbot.core.reminder_policy import ReminderReply


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def topic_menu(twitch_label: str, spasm_label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(twitch_label, OpenTopic("twitch")), button(spasm_label, OpenTopic("spasm"))]]
    )


def reminder_keyboard(
    texts: Mapping[str, str], reminder_id: int, flow_id: str
) -> InlineKeyboardMarkup:
    """The answers under a delivered reminder, and a way to note today in the diary."""

    def reply(key: str, answer: ReminderReply) -> InlineKeyboardButton:
        return button(texts[key], ReminderAnswer(reminder_id, answer))

    return InlineKeyboardMarkup(
        [
            [
                reply("button_gone", ReminderReply.GONE),
                reply("button_still_there", ReminderReply.STILL_THERE),
            ],
            [reply("button_worse", ReminderReply.WORSE)],
            [reply("button_snooze", ReminderReply.ASK_TOMORROW)],
            [button(texts["button_log_today"], LogStart(flow_id))],
        ]
    )
