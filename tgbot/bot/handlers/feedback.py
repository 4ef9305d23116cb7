""" "Was this helpful?" under an outcome (and any content item): 👍 / 👎, then for a 👎 one of
a few fixed reasons. Only the choice is stored, with the item and the content version: no
user id, no text (tgbot/storage/feedback.py)."""

from __future__ import annotations

import logging

from telegram import Update

from tgbot.bot.callback_data import RateItem, RateReason
from tgbot.bot.context import BotContext
from tgbot.bot.keyboards.feedback import reason_keyboard, without_rating
from tgbot.bot.replies import edit_or_send, edited, expired, read_tap
from tgbot.core.content.store import frequent_questions
from tgbot.core.feedback import ItemKind, Reason, Vote

log = logging.getLogger(__name__)


def known_item(context: BotContext, kind: ItemKind, item: str) -> bool:
    """Only items the bot can show get counted, so a forged button cannot invent one."""
    if kind is ItemKind.OUTCOME:
        flow_id, _, level = item.partition(".")
        flow = context.services.triage.flows.get(flow_id)
        return flow is not None and level in {lv.value for lv in flow.outcomes}
    return any(q.id == item for q in frequent_questions(context.services.content))


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
    services = context.services
    messages = services.content.messages
    version = services.knowledge.release.version
    feedback_id = await services.feedback.vote(
        kind.value, action.item, version, vote, services.clock.now()
    )
    log.info("event=feedback kind=%s item=%s vote=%s", kind.value, action.item, vote.value)
    await query.answer(messages["feedback_thanks"] if vote is Vote.UP else None)
    message = query.message
    markup = getattr(message, "reply_markup", None)
    # A double tap, or a rating days later on a message that can no longer be edited: fine.
    await edited(query.edit_message_reply_markup(without_rating(markup)))
    if vote is Vote.DOWN:
        await context.bot.send_message(
            chat.id,
            messages["feedback_what_wrong"],
            reply_markup=reason_keyboard(messages, feedback_id),
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
    if not await context.services.feedback.add_reason(action.feedback, reason):
        await expired(update, context)
        return
    log.info("event=feedback_reason feedback=%d reason=%s", action.feedback, reason.value)
    await query.answer()
    await edit_or_send(query, context.services.content.messages["feedback_reason_thanks"], None)
