""" "Was this helpful?" under an outcome (and any content item): 👍 / 👎, then for a 👎 one of
a few fixed reasons. Only the choice is stored, with the item and the content version: no
user id, no text (tgbot/storage/feedback.py)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from tgbot.bot.callback_data import RateItem, RateReason
from tgbot.bot.context import BotContext
from tgbot.bot.keyboards.feedback import reason_keyboard, without_rating
from tgbot.bot.replies import edit_or_send, edited, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.core.content.store import frequent_questions
from tgbot.core.feedback import ItemKind, Reason, Vote
from tgbot.storage.feedback import Voter

log = logging.getLogger(__name__)


def known_item(context: BotContext, kind: ItemKind, item: str) -> bool:
    """Only items the bot can show get counted, so a forged button cannot invent one."""
    if kind is ItemKind.OUTCOME:
        flow_id, _, level = item.partition(".")
        flow = context.services.triage.flows.get(flow_id)
        return flow is not None and level in {lv.value for lv in flow.outcomes}
    return any(q.id == item for q in frequent_questions(context.services.content))


def carries(markup: InlineKeyboardMarkup | None, data: str | None) -> bool:
    """True if one of the message's buttons carries ``data`` (Telegram sends the message's
    buttons with the tap: the only place a forged tap cannot reach)."""
    if markup is None or data is None:
        return False
    return any(b.callback_data == data for row in markup.inline_keyboard for b in row)


async def on_rate(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, RateItem)
    if tap is None:
        return
    action, query, chat = tap.action, tap.query, tap.chat
    try:
        kind, vote = ItemKind(action.kind), Vote(action.vote)
    except ValueError:
        await expired(update, context)
        return
    if not known_item(context, kind, action.item):
        await expired(update, context)
        return
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if message is None or not carries(markup, query.data):
        # Not a button of that message: forged data, or a rating already taken off it.
        await expired(update, context)
        return
    services = context.services
    messages = services.content.messages
    version = services.knowledge.release.version
    voter = Voter(query.from_user.id, message.message_id)
    feedback_id = await services.feedback.vote(
        voter, kind.value, action.item, version, vote, services.clock.now()
    )
    if feedback_id is None:
        log.info("event=feedback_repeated kind=%s item=%s", kind.value, action.item)
        await query.answer(messages["feedback_thanks"])
        return
    log.info("event=feedback kind=%s item=%s vote=%s", kind.value, action.item, vote.value)
    await query.answer(messages["feedback_thanks"] if vote is Vote.UP else None)
    # A double tap, or a rating days later on a message that can no longer be edited: fine.
    await edited(query.edit_message_reply_markup(without_rating(markup)))
    if vote is Vote.DOWN:
        await unread(
            context.bot.send_message(
                chat.id,
                messages["feedback_what_wrong"],
                reply_markup=reason_keyboard(messages, feedback_id),
            )
        )


async def on_reason(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, RateReason)
    if tap is None:
        return
    action, query = tap.action, tap.query
    try:
        reason = Reason(action.reason)
    except ValueError:
        await expired(update, context)
        return
    if not await context.services.feedback.add_reason(query.from_user.id, action.feedback, reason):
        await expired(update, context)
        return
    log.info("event=feedback_reason feedback=%d reason=%s", action.feedback, reason.value)
    await query.answer()
    await edit_or_send(query, context.services.content.messages["feedback_reason_thanks"], None)
