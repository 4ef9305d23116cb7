""" "Was this helpful?" under any content item, and "What was wrong?" after a 👎."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from tgbot.bot.callback_data import RateItem, RateReason, pattern
from tgbot.bot.keyboards import button
from tgbot.core.feedback import REASONS, Vote


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
