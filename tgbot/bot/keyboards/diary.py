"""The diary's buttons: how much today, where, what came before; the evening check-ins."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from telegram import InlineKeyboardMarkup

from tgbot.bot.callback_data import (
    AllowDiary,
    CheckinHour,
    CheckinOffer,
    LogAmount,
    LogBefore,
    LogPlace,
    LogStart,
    StopCheckins,
)
from tgbot.bot.context import Services
from tgbot.bot.keyboards import button
from tgbot.core.diary import BEFORE_QUESTIONS, WHERE_QUESTION, Amount
from tgbot.core.reminder_policy import CHECKIN_HOURS
from tgbot.core.triage import Flow

DONE = "-"
"""The "Done" button's option under "what came before"."""
TICKED = "✅ "


def allow_diary_keyboard(services: Services, flow_id: str) -> InlineKeyboardMarkup:
    """Under "I can keep a diary only if...": allow it, and log today at once."""
    label = services.content.messages["button_allow_diary"]
    return InlineKeyboardMarkup([[button(label, AllowDiary(flow_id))]])


def amount_keyboard(services: Services, flow_id: str) -> InlineKeyboardMarkup:
    messages = services.content.messages
    rows = [
        [button(messages[f"button_log_{a.value}"], LogAmount(flow_id, a.value))]
        for a in (Amount.NONE, Amount.LITTLE, Amount.LOT)
    ]
    for other in services.triage.flows.values():
        if other.id != flow_id:
            label = messages["button_log_other_topic"].format(topic=other.title)
            rows.append([button(label, LogStart(other.id))])
    return InlineKeyboardMarkup(rows)


def options_of(flow: Flow, question_id: str | None) -> list[tuple[str, str]]:
    """(option id, label) of a question the diary borrows from the flow, "none" left out."""
    question = flow.question(question_id) if question_id else None
    if question is None:
        return []
    return [(o.id, o.label) for o in question.options if not o.exclusive]


def where_keyboard(flow: Flow, amount: Amount) -> InlineKeyboardMarkup:
    places = [
        button(label, LogPlace(flow.id, amount.value, oid))
        for oid, label in options_of(flow, WHERE_QUESTION)
    ]
    return InlineKeyboardMarkup([places[i : i + 2] for i in range(0, len(places), 2)])


def before_keyboard(
    messages: Mapping[str, str], flow: Flow, day: date, ticked: tuple[str, ...]
) -> InlineKeyboardMarkup:
    token = day.strftime("%Y%m%d")
    options = [
        button(f"{TICKED if oid in ticked else ''}{label}", LogBefore(flow.id, token, oid))
        for oid, label in options_of(flow, BEFORE_QUESTIONS.get(flow.id))
    ]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([button(messages["button_log_done"], LogBefore(flow.id, token, DONE))])
    return InlineKeyboardMarkup(rows)


async def checkin_offer(
    services: Services, user_id: int, flow_id: str
) -> InlineKeyboardMarkup | None:
    """ "Ask me every evening" after an entry, unless the check-ins are on already."""
    if await services.reminders.checkin_of(user_id) is not None:
        return None
    label = services.content.messages["button_checkin_offer"]
    return InlineKeyboardMarkup([[button(label, CheckinOffer(flow_id))]])


async def checkin_switch(services: Services, user_id: int, flow_id: str) -> InlineKeyboardMarkup:
    """Under /diary: start the evening check-ins, or stop them."""
    offer = await checkin_offer(services, user_id, flow_id)
    if offer is not None:
        return offer
    label = services.content.messages["button_checkin_stop"]
    return InlineKeyboardMarkup([[button(label, StopCheckins())]])


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00"


def hours_keyboard(messages: Mapping[str, str], flow_id: str) -> InlineKeyboardMarkup:
    """The evening hours to be asked at, and "No thanks"."""
    hours = [
        button(messages["button_checkin_hour"].format(hour=hour_label(h)), CheckinHour(flow_id, h))
        for h in CHECKIN_HOURS
    ]
    return InlineKeyboardMarkup(
        [hours, [button(messages["button_remind_no"], CheckinHour(flow_id, -1))]]
    )
