"""/privacy, /mydata and /forget, and the daily deletion of old data.

Health answers are sensitive: these commands only ever run in the user's private chat.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from html import escape

from telegram import InlineKeyboardMarkup, InputFile, Message, Update

from tgbot.bot.callback_data import AllowDiary, DeletePastChecks, ForgetMe, SetKeepChecks
from tgbot.bot.context import BotApplication, BotContext, Services
from tgbot.bot.data_in_words import data_in_words
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.diary import amount_keyboard
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.storage import RETENTION_DAYS

log = logging.getLogger(__name__)

# Telegram's limit is 4096; leave room for the heading and the pointer to the file.
MAX_READABLE = 3500


async def private_message(update: Update, context: BotContext) -> Message | None:
    """The message to answer (the routes send only private chats here)."""
    if update.effective_user is None:
        return None
    return update.effective_message


def privacy_text(services: Services, keep_checks: bool | None) -> str:
    messages = services.content.messages
    status = {True: "consent_status_yes", False: "consent_status_no", None: "consent_status_unset"}
    return messages["privacy"].format(consent_status=messages[status[keep_checks]])


def privacy_keyboard(services: Services, keep_checks: bool | None) -> InlineKeyboardMarkup:
    messages = services.content.messages
    rows = []
    if keep_checks is not True:
        rows.append([button(messages["button_allow_keeping"], SetKeepChecks(1))])
    if keep_checks is not False:
        rows.append([button(messages["button_stop_keeping"], SetKeepChecks(0))])
    return InlineKeyboardMarkup(rows)


async def privacy(update: Update, context: BotContext) -> None:
    message = await private_message(update, context)
    if message is None or update.effective_user is None:
        return
    services = context.services
    record = await services.users.get(update.effective_user.id)
    keep = record.keep_checks if record else None
    await unread(
        message.reply_text(
            privacy_text(services, keep), reply_markup=privacy_keyboard(services, keep)
        )
    )


async def on_set_keep_checks(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, SetKeepChecks)
    if tap is None:
        return
    action, user = tap.action, tap.user
    services = context.services
    await services.users.set_keep_checks(user.id, bool(action.keep), services.clock.now())
    keep = bool(action.keep)
    await edit_in_place(update, privacy_text(services, keep), privacy_keyboard(services, keep))
    past = len(await services.finished_checks.for_user(user.id))
    if not keep and past and tap.query.message is not None:
        # Stopping is about new checks: say what is still kept, and offer to delete it.
        messages = services.content.messages
        await unread(
            context.bot.send_message(
                tap.chat.id,
                messages["stopped_keeping_past"].format(count=past),
                reply_markup=InlineKeyboardMarkup(
                    [
                        [button(messages["button_delete_past"], DeletePastChecks(1))],
                        [button(messages["button_keep_past"], DeletePastChecks(0))],
                    ]
                ),
            )
        )


async def on_allow_diary(update: Update, context: BotContext) -> None:
    """ "Allow it and log today" under /log's request for consent: the same consent as
    /privacy's button, then the day's first question, so /log is never a dead end."""
    tap = await read_tap(update, context, AllowDiary)
    if tap is None:
        return
    services = context.services
    flow = services.triage.flows.get(tap.action.flow)
    if flow is None:
        await expired(update, context)
        return
    messages = services.content.messages
    await services.users.set_keep_checks(tap.user.id, True, services.clock.now())
    await edit_in_place(update, messages["consent_given"], None)
    await unread(
        context.bot.send_message(
            tap.chat.id,
            messages["log_ask_amount"].format(topic=escape(flow.title, quote=False)),
            reply_markup=amount_keyboard(services, flow.id),
        )
    )


async def on_delete_past_checks(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, DeletePastChecks)
    if tap is None:
        return
    services = context.services
    messages = services.content.messages
    if not tap.action.confirm:
        await edit_in_place(update, messages["past_kept"], None)
        return
    deleted = await services.finished_checks.delete_for(tap.user.id)
    services.reminders.drop_jobs_of(tap.user.id)
    log.info("event=past_checks_deleted user_id=%d rows=%d", tap.user.id, deleted)
    await edit_in_place(update, messages["past_deleted"], None)


async def mydata(update: Update, context: BotContext) -> None:
    message = await private_message(update, context)
    if message is None or update.effective_user is None:
        return
    services = context.services
    user_id = update.effective_user.id
    data = await services.privacy.export(user_id)
    messages = services.content.messages
    if not data:
        await unread(message.reply_text(messages["mydata_empty"]))
        return
    zone = await services.reminders.timezone_of(user_id)
    clock = services.local_clock(zone, update.effective_user.language_code)
    await unread(
        message.reply_text(
            data_in_words(messages, services.triage, data, clock, limit=MAX_READABLE)
        )
    )
    document = json.dumps(data, indent=2, ensure_ascii=False).encode()
    await message.reply_document(
        InputFile(document, filename="my-data.json"), caption=messages["mydata_file_caption"]
    )
    log.info("event=data_exported user_id=%d tables=%d", user_id, len(data))


async def forget(update: Update, context: BotContext) -> None:
    message = await private_message(update, context)
    if message is None:
        return
    messages = context.services.content.messages
    await unread(
        message.reply_text(
            messages["forget_confirm"],
            reply_markup=InlineKeyboardMarkup(
                [
                    [button(messages["button_forget_yes"], ForgetMe(1))],
                    [button(messages["button_forget_no"], ForgetMe(0))],
                ]
            ),
        )
    )


async def on_forget(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ForgetMe)
    if tap is None:
        return
    action, user = tap.action, tap.user
    services = context.services
    messages = services.content.messages
    if not action.confirm:
        await edit_in_place(update, messages["forget_kept"], None)
        return
    deleted = await services.privacy.forget(user.id)
    services.reminders.drop_jobs_of(user.id)
    services.typed_details.forget(user.id)
    log.info("event=user_forgotten user_id=%d rows=%d", user.id, deleted)
    await edit_in_place(update, messages["forget_done"], None)


async def delete_old_data(context: BotContext) -> None:
    """Once a day across all the workers on one database: the first to get there runs it."""
    services = context.services
    now = services.clock.now()
    if not await services.privacy.first_run_today(now):
        log.info("event=retention_skipped reason=ran_today")
        return
    cutoff = now - timedelta(days=RETENTION_DAYS)
    deleted = await services.privacy.purge_older_than(cutoff)
    log.info("event=retention_purge rows=%d", deleted)


def schedule_retention(application: BotApplication) -> None:
    """Daily; the first run soon after start-up, so a bot restarted daily still purges."""
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        delete_old_data,
        interval=timedelta(days=1),
        first=timedelta(minutes=5),
        name="retention",
    )
