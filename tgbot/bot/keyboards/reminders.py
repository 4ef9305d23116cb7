"""Under a delivered reminder and an evening check-in."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from tgbot.bot.callback_data import LogAmount, LogStart, ReminderAnswer, StopCheckins
from tgbot.bot.keyboards import button
from tgbot.core.diary import Amount
from tgbot.core.reminder_policy import ReminderReply


def reminder_keyboard(
    messages: Mapping[str, str], reminder_id: int, flow_id: str
) -> InlineKeyboardMarkup:
    """The answers under a delivered reminder, and a way to note today in the diary."""

    def reply(key: str, answer: ReminderReply) -> InlineKeyboardButton:
        return button(messages[key], ReminderAnswer(reminder_id, answer))

    return InlineKeyboardMarkup(
        [
            [
                reply("button_gone", ReminderReply.GONE),
                reply("button_still_there", ReminderReply.STILL_THERE),
            ],
            [reply("button_worse", ReminderReply.WORSE)],
            [reply("button_snooze", ReminderReply.ASK_TOMORROW)],
            [button(messages["button_log_today"], LogStart(flow_id))],
        ]
    )


def checkin_keyboard(messages: Mapping[str, str], flow_id: str) -> InlineKeyboardMarkup:
    """Under an evening check-in: today's amount in one tap, and a way to stop them."""
    return InlineKeyboardMarkup(
        [
            [button(messages[f"button_log_{a.value}"], LogAmount(flow_id, a.value))]
            for a in (Amount.NONE, Amount.LITTLE, Amount.LOT)
        ]
        + [[button(messages["button_checkin_stop"], StopCheckins())]]
    )
