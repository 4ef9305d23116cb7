"""Reminders: choosing when, answering a reminder, /remind, /reminders and /settings."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from tgbot.bot.awaiting import OFFERED, await_zone
from tgbot.bot.callback_data import (
    CancelReminder,
    OpenSettings,
    ReminderAnswer,
    RemindMe,
    SetReminder,
    StopCheckins,
)
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.check import send_question
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.core.diary import ONSET_LOOKBACK, first_symptom_day
from tgbot.core.reminder_policy import (
    ReminderChoice,
    ReminderReply,
    available_choices,
    diary_onset,
    due_at,
    reaches_two_weeks,
    twitch_age,
)
from tgbot.core.timezones import zone_city
from tgbot.storage import FinishedCheck

log = logging.getLogger(__name__)

CHOICE_BUTTONS = {
    ReminderChoice.THREE_DAYS: "button_remind_3d",
    ReminderChoice.ONE_WEEK: "button_remind_1w",
    ReminderChoice.TWO_WEEK_MARK: "button_remind_2w",
}


def local_time(moment: datetime, tz: ZoneInfo, services: Services, tag: str | None) -> str:
    """A local date and time in the user's language, with its zone, so nobody has to guess
    which clock is meant. `tag` is Telegram's language tag (en-GB writes "4 Dec")."""
    return services.local_clock(tz, tag).soon(moment)


def duration_answer(finished: FinishedCheck) -> str | None:
    answer = finished.answers.get("duration")
    return answer[0] if answer else None


def still_there_text(
    messages: Mapping[str, str],
    finished: FinishedCheck,
    now: datetime,
    diary_since: datetime | None,
) -> str:
    """Counts the days (from the duration answer, or the diary, where there is one) and says
    what they mean: early days are usually nothing; in the second week, the mark is near."""
    days = twitch_age(finished.created_at, duration_answer(finished), now, diary_since).days
    key = "reminder_still_there_early" if days < 7 else "reminder_still_there_second_week"
    return messages[key].format(days=days, left=max(14 - days, 1))


def choices_keyboard(services: Services, finished: FinishedCheck) -> InlineKeyboardMarkup:
    messages = services.content.messages
    now = services.clock.now()
    choices = available_choices(now, finished.created_at, duration_answer(finished))
    rows = [
        [button(messages[CHOICE_BUTTONS[choice]], SetReminder(finished.episode_id, choice.value))]
        for choice in choices
    ]
    rows.append([button(messages["button_remind_no"], SetReminder(finished.episode_id, "no"))])
    return InlineKeyboardMarkup(rows)


async def diary_onset_of(services: Services, user_id: int, flow_id: str) -> datetime | None:
    """When the diary first shows symptoms of this topic lately (the two-week rule)."""
    zone = await services.reminders.timezone_of(user_id)
    today = services.clock.now().astimezone(zone).date()
    entries = await services.diary.since(user_id, today - ONSET_LOOKBACK)
    return diary_onset(first_symptom_day(entries, flow_id, today), zone)


async def owned_check(services: Services, episode_id: int, user_id: int) -> FinishedCheck | None:
    finished = await services.finished_checks.get(episode_id)
    if finished is None or finished.user_id != user_id or finished.closed_at is not None:
        return None
    return finished


async def on_remind_me(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, RemindMe)
    if tap is None:
        return
    action, query, user, chat = tap.action, tap.query, tap.user, tap.chat
    services = context.services
    finished = await owned_check(services, action.check, user.id)
    if finished is None:
        await expired(update, context)
        return
    await query.answer()
    await unread(
        context.bot.send_message(
            chat.id,
            services.content.messages["remind_when"],
            reply_markup=choices_keyboard(services, finished),
        )
    )


async def on_set_reminder(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, SetReminder)
    if tap is None:
        return
    action, user, chat = tap.action, tap.user, tap.chat
    services = context.services
    finished = await owned_check(services, action.check, user.id)
    messages = services.content.messages
    if finished is None:
        await expired(update, context)
        return
    if action.choice == "no":
        await edit_in_place(update, messages["remind_declined"], None)
        return
    try:
        choice = ReminderChoice(action.choice)
    except ValueError:
        await expired(update, context)
        return
    tz = await services.reminders.timezone_of(user.id)
    when = due_at(choice, services.clock.now(), finished.created_at, duration_answer(finished), tz)
    first = await services.reminders.count_for(user.id) == 0
    await services.reminders.add(user.id, chat.id, finished.episode_id, when)
    log.info("event=reminder_set user_id=%d choice=%s", user.id, choice.value)
    text = messages["remind_set"].format(when=local_time(when, tz, services, user.language_code))
    record = await services.users.get(user.id)
    if first and record is not None and record.timezone is None:
        # The default zone may not be theirs: offer to set it once, at the first reminder.
        offer = messages["remind_zone_offer"].format(timezone=zone_city(tz.key, services.language))
        text = f"{text}\n\n{offer}"
        markup = InlineKeyboardMarkup([[button(messages["button_set_zone"], OpenSettings())]])
        await_zone(context, OFFERED)  # the text invites a city: the next message may be one
        await edit_in_place(update, text, markup)
        return
    await edit_in_place(update, text, None)


async def on_reminder_answer(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ReminderAnswer)
    if tap is None:
        return
    action, user, chat = tap.action, tap.user, tap.chat
    services = context.services
    reminder = await services.reminders.get(action.reminder)
    finished = (
        await services.finished_checks.get(reminder.episode_id)
        if reminder and reminder.episode_id is not None
        else None
    )
    if (
        reminder is None
        or finished is None
        or reminder.user_id != user.id
        or action.answer not in set(ReminderReply)
        or not await services.reminders.mark_answered(reminder.reminder_id)
    ):
        await expired(update, context)
        return
    messages = services.content.messages
    now = services.clock.now()
    log.info("event=reminder_answered user_id=%d answer=%s", user.id, action.answer)
    answer = ReminderReply(action.answer)
    if answer is ReminderReply.GONE:
        await services.finished_checks.close(finished.episode_id, now)
        await services.reminders.cancel_for_check(finished.episode_id)
        await edit_in_place(update, messages["reminder_gone"], None)
    elif answer is ReminderReply.STILL_THERE:
        # Twitches count from their estimated start (the duration answer); cramps, which
        # have no such answer, from the check itself; both from the first day the diary
        # shows it, where that is earlier.
        since = await diary_onset_of(services, user.id, finished.flow_id)
        if reaches_two_weeks(finished.created_at, duration_answer(finished), now, since):
            await edit_in_place(
                update, f"{messages['reminder_two_weeks']}\n\n{messages['disclaimer']}", None
            )
        else:
            await edit_in_place(
                update,
                still_there_text(messages, finished, now, since),
                choices_keyboard(services, finished),
            )
    elif answer is ReminderReply.WORSE:
        await edit_in_place(update, messages["reminder_worse"], None)
        await check_again(context, chat.id, user.id, finished)
    else:
        tz = await services.reminders.timezone_of(user.id)
        when = due_at(ReminderChoice.SNOOZE, now, finished.created_at, None, tz)
        await services.reminders.add(user.id, chat.id, finished.episode_id, when)
        await edit_in_place(
            update,
            messages["reminder_snoozed"].format(
                when=local_time(when, tz, services, user.language_code)
            ),
            None,
        )


async def check_again(
    context: BotContext, chat_id: int, user_id: int, finished: FinishedCheck
) -> None:
    """Check again from a reminder's "Worse" (tgbot/checks: Checks.reassess)."""
    services = context.services
    since = await diary_onset_of(services, user_id, finished.flow_id)
    ask = await services.checks.check_again(user_id, chat_id, finished, since)
    await send_question(context.bot, chat_id, services, ask)


async def remind_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    messages = services.content.messages
    record = await services.users.get(user.id)
    if record is None or record.keep_checks is not True:
        await unread(message.reply_text(messages["remind_needs_consent"]))
        return
    open_checks = [
        e for e in await services.finished_checks.for_user(user.id) if e.closed_at is None
    ]
    if not open_checks:
        await unread(message.reply_text(messages["remind_no_check"]))
        return
    await unread(
        message.reply_text(
            messages["remind_when"], reply_markup=choices_keyboard(services, open_checks[-1])
        )
    )


async def reminder_list(
    services: Services, user_id: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The pending reminders as text and Cancel buttons; None when there are none."""
    messages = services.content.messages
    pending = await services.reminders.pending_for(user_id)
    if not pending:
        return None
    tz = await services.reminders.timezone_of(user_id)
    lines = [messages["reminders_list"]]
    rows = []
    for reminder in pending:
        when = local_time(reminder.due_at, tz, services, None)
        if reminder.checkin is not None:
            # One series, stopped as a whole: cancelling only tonight's would end it anyway.
            hour = f"{reminder.checkin.local_hour:02d}:00"
            lines.append(messages["reminders_checkin_item"].format(hour=hour, when=when))
            rows.append([button(messages["button_checkin_stop"], StopCheckins())])
            continue
        assert reminder.episode_id is not None
        finished = await services.finished_checks.get(reminder.episode_id)
        flow = finished.flow_id if finished else "twitch"
        lines.append(messages["reminders_item"].format(when=when, flow=flow))
        rows.append(
            [
                button(
                    messages["button_cancel_reminder"].format(when=when),
                    CancelReminder(reminder.reminder_id),
                )
            ]
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def reminders_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    listing = await reminder_list(services, user.id)
    if listing is None:
        await unread(message.reply_text(services.content.messages["reminders_none"]))
        return
    text, markup = listing
    await unread(message.reply_text(text, reply_markup=markup))


async def on_cancel_reminder(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CancelReminder)
    if tap is None:
        return
    action, user = tap.action, tap.user
    services = context.services
    if not await services.reminders.cancel(action.reminder, user.id):
        await expired(update, context)
        return
    messages = services.content.messages
    listing = await reminder_list(services, user.id)
    if listing is None:
        await edit_in_place(update, messages["reminder_cancelled"], None)
        return
    text, markup = listing
    await edit_in_place(update, f"{messages['reminder_cancelled']}\n\n{text}", markup)
