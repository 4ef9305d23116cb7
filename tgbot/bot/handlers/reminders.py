"""Reminders: choosing when, answering a reminder, /remind, /reminders and /settings."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.check import send_question
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.core.callback_data import (
    CancelReminder,
    OpenSettings,
    ReminderAnswer,
    RemindMe,
    SetReminder,
    StopCheckins,
)
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
from tgbot.storage import Episode

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


def duration_answer(episode: Episode) -> str | None:
    answer = episode.answers.get("duration")
    return answer[0] if answer else None


def still_there_text(
    texts: Mapping[str, str], episode: Episode, now: datetime, diary_since: datetime | None
) -> str:
    """Counts the days (from the duration answer, or the diary, where there is one) and says
    what they mean: early days are usually nothing; in the second week, the mark is near."""
    days = twitch_age(episode.created_at, duration_answer(episode), now, diary_since).days
    key = "reminder_still_there_early" if days < 7 else "reminder_still_there_second_week"
    return texts[key].format(days=days, left=max(14 - days, 1))


def choices_keyboard(services: Services, episode: Episode) -> InlineKeyboardMarkup:
    texts = services.content.messages
    now = services.clock.now()
    choices = available_choices(now, episode.created_at, duration_answer(episode))
    rows = [
        [button(texts[CHOICE_BUTTONS[choice]], SetReminder(episode.episode_id, choice.value))]
        for choice in choices
    ]
    rows.append([button(texts["button_remind_no"], SetReminder(episode.episode_id, "no"))])
    return InlineKeyboardMarkup(rows)


async def diary_onset_of(services: Services, user_id: int, flow_id: str) -> datetime | None:
    """When the diary first shows symptoms of this topic lately (the two-week rule)."""
    zone = await services.reminders.timezone_of(user_id)
    today = services.clock.now().astimezone(zone).date()
    entries = await services.diary.since(user_id, today - ONSET_LOOKBACK)
    return diary_onset(first_symptom_day(entries, flow_id, today), zone)


async def owned_episode(services: Services, episode_id: int, user_id: int) -> Episode | None:
    episode = await services.episodes.episode(episode_id)
    if episode is None or episode.user_id != user_id or episode.closed_at is not None:
        return None
    return episode


async def on_remind_me(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, RemindMe)
    if tap is None:
        return
    action, query, user, chat = tap.action, tap.query, tap.user, tap.chat
    services = context.services
    episode = await owned_episode(services, action.episode, user.id)
    if episode is None:
        await expired(update, context)
        return
    await query.answer()
    await context.bot.send_message(
        chat.id,
        services.content.messages["remind_when"],
        reply_markup=choices_keyboard(services, episode),
    )


async def on_set_reminder(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, SetReminder)
    if tap is None:
        return
    action, user, chat = tap.action, tap.user, tap.chat
    services = context.services
    episode = await owned_episode(services, action.episode, user.id)
    texts = services.content.messages
    if episode is None:
        await expired(update, context)
        return
    if action.choice == "no":
        await edit_in_place(update, texts["remind_declined"], None)
        return
    try:
        choice = ReminderChoice(action.choice)
    except ValueError:
        await expired(update, context)
        return
    tz = await services.reminders.timezone_of(user.id)
    when = due_at(choice, services.clock.now(), episode.created_at, duration_answer(episode), tz)
    first = await services.reminders.repo.count_for(user.id) == 0
    await services.reminders.add(user.id, chat.id, episode.episode_id, when)
    log.info("event=reminder_set user_id=%d choice=%s", user.id, choice.value)
    text = texts["remind_set"].format(when=local_time(when, tz, services, user.language_code))
    record = await services.users.get(user.id)
    if first and record is not None and record.timezone is None:
        # The default zone may not be theirs: offer to set it once, at the first reminder.
        text = f"{text}\n\n{texts['remind_zone_offer'].format(timezone=tz.key)}"
        markup = InlineKeyboardMarkup([[button(texts["button_set_zone"], OpenSettings())]])
        await edit_in_place(update, text, markup)
        return
    await edit_in_place(update, text, None)


async def on_reminder_answer(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ReminderAnswer)
    if tap is None:
        return
    action, user, chat = tap.action, tap.user, tap.chat
    services = context.services
    reminder = await services.reminders.repo.get(action.reminder)
    episode = (
        await services.episodes.episode(reminder.episode_id)
        if reminder and reminder.episode_id is not None
        else None
    )
    if (
        reminder is None
        or episode is None
        or reminder.user_id != user.id
        or action.answer not in set(ReminderReply)
        or not await services.reminders.repo.mark_answered(reminder.reminder_id)
    ):
        await expired(update, context)
        return
    texts = services.content.messages
    now = services.clock.now()
    log.info("event=reminder_answered user_id=%d answer=%s", user.id, action.answer)
    answer = ReminderReply(action.answer)
    if answer is ReminderReply.GONE:
        await services.episodes.close_episode(episode.episode_id, now)
        await services.reminders.cancel_for_episode(episode.episode_id)
        await edit_in_place(update, texts["reminder_gone"], None)
    elif answer is ReminderReply.STILL_THERE:
        # Twitches count from their estimated start (the duration answer); cramps, which
        # have no such answer, from the check itself; both from the first day the diary
        # shows it, where that is earlier.
        since = await diary_onset_of(services, user.id, episode.flow_id)
        if reaches_two_weeks(episode.created_at, duration_answer(episode), now, since):
            await edit_in_place(
                update, f"{texts['reminder_two_weeks']}\n\n{texts['disclaimer']}", None
            )
        else:
            await edit_in_place(
                update,
                still_there_text(texts, episode, now, since),
                choices_keyboard(services, episode),
            )
    elif answer is ReminderReply.WORSE:
        await edit_in_place(update, texts["reminder_worse"], None)
        await begin_reassessment(context, chat.id, user.id, episode)
    else:
        tz = await services.reminders.timezone_of(user.id)
        when = due_at(ReminderChoice.SNOOZE, now, episode.created_at, None, tz)
        await services.reminders.add(user.id, chat.id, episode.episode_id, when)
        await edit_in_place(
            update,
            texts["reminder_snoozed"].format(
                when=local_time(when, tz, services, user.language_code)
            ),
            None,
        )


async def begin_reassessment(
    context: BotContext, chat_id: int, user_id: int, episode: Episode
) -> None:
    """Check again from a reminder's "Worse" (tgbot/checks: Checks.reassess)."""
    services = context.services
    since = await diary_onset_of(services, user_id, episode.flow_id)
    ask = await services.checks.reassess(user_id, chat_id, episode, since)
    await send_question(context.bot, chat_id, services, ask)


async def remind_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    texts = services.content.messages
    record = await services.users.get(user.id)
    if record is None or record.keep_checks is not True:
        await message.reply_text(texts["remind_needs_consent"])
        return
    episodes = [e for e in await services.episodes.episodes_for(user.id) if e.closed_at is None]
    if not episodes:
        await message.reply_text(texts["remind_no_check"])
        return
    await message.reply_text(
        texts["remind_when"], reply_markup=choices_keyboard(services, episodes[-1])
    )


async def reminder_list(
    services: Services, user_id: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The pending reminders as text and Cancel buttons; None when there are none."""
    texts = services.content.messages
    pending = await services.reminders.repo.pending_for(user_id)
    if not pending:
        return None
    tz = await services.reminders.timezone_of(user_id)
    lines = [texts["reminders_list"]]
    rows = []
    for reminder in pending:
        when = local_time(reminder.due_at, tz, services, None)
        if reminder.checkin is not None:
            # One series, stopped as a whole: cancelling only tonight's would end it anyway.
            hour = f"{reminder.checkin.local_hour:02d}:00"
            lines.append(texts["reminders_checkin_item"].format(hour=hour, when=when))
            rows.append([button(texts["button_checkin_stop"], StopCheckins())])
            continue
        assert reminder.episode_id is not None
        episode = await services.episodes.episode(reminder.episode_id)
        flow = episode.flow_id if episode else "twitch"
        lines.append(texts["reminders_item"].format(when=when, flow=flow))
        rows.append(
            [
                button(
                    texts["button_cancel_reminder"].format(when=when),
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
        await message.reply_text(services.content.messages["reminders_none"])
        return
    text, markup = listing
    await message.reply_text(text, reply_markup=markup)


async def on_cancel_reminder(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, CancelReminder)
    if tap is None:
        return
    action, user = tap.action, tap.user
    services = context.services
    if not await services.reminders.cancel(action.reminder, user.id):
        await expired(update, context)
        return
    texts = services.content.messages
    listing = await reminder_list(services, user.id)
    if listing is None:
        await edit_in_place(update, texts["reminder_cancelled"], None)
        return
    text, markup = listing
    await edit_in_place(update, f"{texts['reminder_cancelled']}\n\n{text}", markup)
