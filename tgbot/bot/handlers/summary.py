"""/summary: the one-page summary for the user's doctor, in words and as a PDF (the checks, the
diary's 30 days and the questions the user wants to ask)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import InputFile, Update

from tgbot.bot.context import BotContext
from tgbot.bot.diary_pages import (
    DIARY_DAYS,
    caption_for,
    chart_texts,
    diary_summary,
    local_today,
)
from tgbot.bot.keyboards.questions import questions_button
from tgbot.bot.sending import unread
from tgbot.core.doctor_summary import CheckRecord, doctor_page, page_as_message
from tgbot.documents.jobs import PageJob
from tgbot.documents.process import DOCUMENTS

log = logging.getLogger(__name__)


async def summary_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    messages = services.content.messages
    today = await local_today(services, user.id)
    zone = await services.reminders.timezone_of(user.id)
    finished = await services.finished_checks.for_user(user.id)
    entries = await services.diary.since(user.id, today - timedelta(days=DIARY_DAYS - 1))
    record = await services.users.get(user.id)
    questions = record.questions if record else ()
    to_ask = questions_button(services)
    if not finished and not entries and not questions:
        await unread(message.reply_text(messages["summary_empty"], reply_markup=to_ask))
        return
    checks = [
        CheckRecord(
            e.created_at.astimezone(zone).date(), e.flow_id, e.answers, e.level, e.content_version
        )
        for e in finished
    ]
    diaries = {}
    for flow_id in dict.fromkeys(e.topic for e in entries):
        if (flow := services.triage.flows.get(flow_id)) is not None:
            diary = diary_summary(entries, flow_id, today)
            diaries[flow_id] = (diary, caption_for(messages, flow, diary, with_triggers=False))
    language = services.local_clock(zone, user.language_code).language
    page = doctor_page(
        messages, services.triage, services.content, checks, diaries, today, language, questions
    )
    texts = chart_texts(messages, messages["summary_diary"], language)
    # The words first: the PDF follows, from the document process (which may be starting).
    await unread(message.reply_text(page_as_message(page), reply_markup=to_ask))
    pdf = await asyncio.to_thread(DOCUMENTS.make, PageJob(page, texts))
    await message.reply_document(
        InputFile(pdf, filename=messages["summary_file_name"]),
        caption=messages["summary_file_caption"],
    )
    log.info("event=summary_made user_id=%d", user.id)
