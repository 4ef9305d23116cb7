"""Inline keyboard builders shared by several features."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from tgbot.core.callback_data import (
    CallbackAction,
    LogAmount,
    LogStart,
    OpenTopic,
    RateItem,
    RateReason,
    ReminderAnswer,
    StopCheckins,
    encode,
    pattern,
)
from tgbot.core.diary import Amount
from tgbot.core.feedback import REASONS, Vote
from tgbot.core.reminder_policy import ReminderReply


def button(text: str, action: CallbackAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def topic_menu(twitch_label: str, spasm_label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(twitch_label, OpenTopic("twitch")), button(spasm_label, OpenTopic("spasm"))]]
    )


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


def rating_row(messages: Mapping[str, str], kind: str, item: str) -> list[InlineKeyboardButton]:
    """ "Was this helpful?" 👍 / 👎 for any content item: an outcome, a frequent question."""
    return [
        button(messages["button_helpful_yes"], RateItem(kind, item, Vote.UP.value)),
        button(messages["button_helpful_no"], RateItem(kind, item, Vote.DOWN.value)),
    ]


def without_rating(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The same keyboard with its 👍 / 👎 row taken out, once a vote is in."""
    if markup is None:
        return None
    prefix = pattern(RateItem).removeprefix("^")
    rows = [
        list(row)
        for row in markup.inline_keyboard
        if not any(str(b.callback_data or "").startswith(prefix) for b in row)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def reason_keyboard(messages: Mapping[str, str], feedback_id: int) -> InlineKeyboardMarkup:
    """ "What was wrong?": the fixed reasons, one per row; no free text is asked for."""
    return InlineKeyboardMarkup(
        [
            [
                button(
                    messages[f"button_reason_{reason.value}"], RateReason(feedback_id, reason.value)
                )
            ]
            for reason in REASONS
        ]
    )
