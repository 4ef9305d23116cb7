"""/log (a two-tap entry for today), the evening check-in that asks for it (opt-in), /diary
(a month as a chart) and /summary (one page for the doctor). Diary entries are health data:
kept only with consent, like finished checks. Charts and PDFs are made in memory by the
document process (tgbot/documents/process.py), asked from a worker thread, and never written
to disk."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from telegram import InputFile, Message, Update

from tgbot.bot.callback_data import (
    CheckinHour,
    CheckinOffer,
    LogAmount,
    LogBefore,
    LogPlace,
    LogStart,
    StopCheckins,
)
from tgbot.bot.context import BotContext, Services
from tgbot.bot.diary_pages import (
    DIARY_DAYS,
    caption_for,
    chart_texts,
    diary_summary,
    local_today,
)
from tgbot.bot.keyboards.diary import (
    DONE,
    allow_diary_keyboard,
    amount_keyboard,
    before_keyboard,
    checkin_offer,
    checkin_switch,
    hour_label,
    hours_keyboard,
    options_of,
    where_keyboard,
)
from tgbot.bot.replies import edit_in_place, edited, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.core.diary import (
    BEFORE_QUESTIONS,
    WHERE_QUESTION,
    Amount,
)
from tgbot.core.reminder_policy import CHECKIN_HOURS
from tgbot.core.timezones import zone_city
from tgbot.core.triage import Flow
from tgbot.documents.jobs import ChartJob
from tgbot.documents.process import DOCUMENTS

log = logging.getLogger(__name__)


async def _consented(services: Services, user_id: int) -> bool:
    record = await services.users.get(user_id)
    return record is not None and record.keep_checks is True


async def _usual_flow(services: Services, user_id: int) -> str:
    """The topic of the latest check, else twitching."""
    episodes = await services.finished_checks.for_user(user_id)
    flow_id = episodes[-1].flow_id if episodes else "twitch"
    return flow_id if flow_id in services.triage.flows else next(iter(services.triage.flows))


def _topic(flow: Flow) -> str:
    return escape(flow.title, quote=False)


async def _ask_amount(message: Message, services: Services, flow_id: str) -> None:
    flow = services.triage.flows[flow_id]
    await unread(
        message.reply_text(
            services.content.messages["log_ask_amount"].format(topic=_topic(flow)),
            reply_markup=amount_keyboard(services, flow_id),
        )
    )


async def log_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    flow_id = await _usual_flow(services, user.id)
    if not await _consented(services, user.id):
        await unread(
            message.reply_text(
                services.content.messages["diary_needs_consent"],
                reply_markup=allow_diary_keyboard(services, flow_id),
            )
        )
        return
    await _ask_amount(message, services, flow_id)


async def on_log_start(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, LogStart)
    if tap is None:
        return
    services = context.services
    if tap.action.flow not in services.triage.flows:
        await expired(update, context)
        return
    await tap.query.answer()
    if not await _consented(services, tap.user.id):
        await unread(
            context.bot.send_message(
                tap.chat.id,
                services.content.messages["diary_needs_consent"],
                reply_markup=allow_diary_keyboard(services, tap.action.flow),
            )
        )
        return
    flow = services.triage.flows[tap.action.flow]
    text = services.content.messages["log_ask_amount"].format(topic=_topic(flow))
    await unread(
        context.bot.send_message(tap.chat.id, text, reply_markup=amount_keyboard(services, flow.id))
    )


async def on_log_amount(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, LogAmount)
    if tap is None:
        return
    services = context.services
    flow = services.triage.flows.get(tap.action.flow)
    if (
        flow is None
        or tap.action.amount not in set(Amount)
        or not await _consented(services, tap.user.id)
    ):
        await expired(update, context)
        return
    messages = services.content.messages
    amount = Amount(tap.action.amount)
    if amount is Amount.NONE:
        day = await local_today(services, tap.user.id)
        await services.diary.record(tap.user.id, flow.id, day, amount, None, services.clock.now())
        log.info("event=diary_logged user_id=%d", tap.user.id)
        offer = await checkin_offer(services, tap.user.id, flow.id)
        await edit_in_place(update, messages["log_saved_none"], offer)
        return
    await edit_in_place(
        update, messages["log_ask_where"].format(topic=_topic(flow)), where_keyboard(flow, amount)
    )


async def on_log_place(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, LogPlace)
    if tap is None:
        return
    services = context.services
    action = tap.action
    flow = services.triage.flows.get(action.flow)
    places = dict(options_of(flow, WHERE_QUESTION)) if flow else {}
    if (
        flow is None
        or action.amount not in {Amount.LITTLE.value, Amount.LOT.value}
        or action.location not in places
        or not await _consented(services, tap.user.id)
    ):
        await expired(update, context)
        return
    messages = services.content.messages
    day = await local_today(services, tap.user.id)
    amount = Amount(action.amount)
    now = services.clock.now()
    await services.diary.record(tap.user.id, flow.id, day, amount, action.location, now)
    log.info("event=diary_logged user_id=%d", tap.user.id)
    entry = await services.diary.get(tap.user.id, flow.id, day)
    ticked = entry.triggers if entry else ()
    text = messages["log_saved"].format(
        amount=messages[f"amount_{amount.value}"],
        where=escape(places[action.location], quote=False),
    )
    await edit_in_place(update, text, before_keyboard(messages, flow, day, ticked))


async def on_log_before(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, LogBefore)
    if tap is None:
        return
    services = context.services
    action = tap.action
    flow = services.triage.flows.get(action.flow)
    try:
        day = datetime.strptime(action.day, "%Y%m%d").date()
    except ValueError:
        day = None
    entry = await services.diary.get(tap.user.id, flow.id, day) if flow and day else None
    if flow is None or day is None or entry is None:
        await expired(update, context)
        return
    messages = services.content.messages
    if action.option == DONE:
        offer = await checkin_offer(services, tap.user.id, flow.id)
        await edit_in_place(update, messages["log_done"], offer)
        return
    if action.option not in dict(options_of(flow, BEFORE_QUESTIONS.get(flow.id))):
        await expired(update, context)
        return
    ticked = tuple(t for t in entry.triggers if t != action.option)
    if action.option not in entry.triggers:
        ticked = (*entry.triggers, action.option)
    await services.diary.set_triggers(tap.user.id, flow.id, day, ticked, services.clock.now())
    await tap.query.answer()
    await tap.query.edit_message_reply_markup(before_keyboard(messages, flow, day, ticked))


async def on_checkin_offer(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckinOffer)
    if tap is None:
        return
    services = context.services
    if tap.action.flow not in services.triage.flows or not await _consented(services, tap.user.id):
        await expired(update, context)
        return
    messages = services.content.messages
    zone = await services.reminders.timezone_of(tap.user.id)
    markup = hours_keyboard(messages, tap.action.flow)
    await tap.query.answer()
    # A new message: the one tapped may be a photo (/diary), whose caption stays as it is.
    await unread(
        context.bot.send_message(
            tap.chat.id,
            messages["checkin_pick_hour"].format(timezone=zone_city(zone.key, services.language)),
            reply_markup=markup,
        )
    )


async def on_checkin_hour(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CheckinHour)
    if tap is None:
        return
    services = context.services
    action = tap.action
    messages = services.content.messages
    if action.hour == -1:
        await edit_in_place(update, messages["checkin_declined"], None)
        return
    if (
        action.flow not in services.triage.flows
        or action.hour not in CHECKIN_HOURS
        or not await _consented(services, tap.user.id)
    ):
        await expired(update, context)
        return
    first = await services.reminders.add_checkin(tap.user.id, tap.chat.id, action.flow, action.hour)
    zone = await services.reminders.timezone_of(tap.user.id)
    log.info("event=checkin_set user_id=%d hour=%d", tap.user.id, action.hour)
    text = messages["checkin_set"].format(
        hour=hour_label(action.hour),
        timezone=zone_city(zone.key, services.language),
        when=services.local_clock(zone, tap.user.language_code).day(first),
    )
    await edit_in_place(update, text, None)


async def on_stop_checkins(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, StopCheckins)
    if tap is None:
        return
    services = context.services
    if not await services.reminders.stop_checkins(tap.user.id):
        await expired(update, context)
        return
    log.info("event=checkin_stopped user_id=%d", tap.user.id)
    text = services.content.messages["checkin_stopped"]
    message = tap.query.message
    if isinstance(message, Message) and message.photo:
        # Under /diary's chart: the caption stays, the answer comes as a message.
        await tap.query.answer()
        # A chart days old keeps its button, which now expires.
        await edited(tap.query.edit_message_reply_markup(None))
        await unread(context.bot.send_message(tap.chat.id, text))
        return
    await edit_in_place(update, text, None)


async def diary_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    messages = services.content.messages
    today = await local_today(services, user.id)
    entries = await services.diary.since(user.id, today - timedelta(days=DIARY_DAYS - 1))
    if not entries:
        await unread(message.reply_text(messages["diary_empty"]))
        return
    topics = [f for f in dict.fromkeys(e.topic for e in entries) if f in services.triage.flows]
    for flow_id in topics:
        flow = services.triage.flows[flow_id]
        summary = diary_summary(entries, flow_id, today)
        locale = services.local_clock(ZoneInfo("UTC"), user.language_code).language
        title = messages["diary_chart_title"].format(topic=flow.title)
        job = ChartJob(summary, chart_texts(messages, title, locale))
        png = await asyncio.to_thread(DOCUMENTS.make, job)
        last = flow_id == topics[-1]
        await message.reply_photo(
            InputFile(png, filename="diary.png"),
            caption=escape(caption_for(messages, flow, summary), quote=False),
            reply_markup=await checkin_switch(services, user.id, flow_id) if last else None,
        )
    log.info("event=diary_shown user_id=%d", user.id)
