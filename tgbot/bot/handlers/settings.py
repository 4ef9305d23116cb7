"""/settings: the time zone reminders are set in, from buttons or typed."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.callback_data import OpenLanguages, OpenSettings, PickTimezone
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.core.languages import language_name
from tgbot.core.timezones import find_timezone

COMMON_TIMEZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)
AWAITING_TIMEZONE = "awaiting_timezone"


def settings_keyboard(services: Services) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    zones = [button(zone, PickTimezone(i)) for i, zone in enumerate(COMMON_TIMEZONES)]
    rows.extend(zones[i : i + 3] for i in range(0, len(zones), 3))
    messages = services.content.messages
    rows.append([button(messages["button_type_timezone"], PickTimezone(-1))])
    rows.append([button(messages["button_language"], OpenLanguages())])
    return InlineKeyboardMarkup(rows)


def settings_text(services: Services, timezone: str) -> str:
    messages = services.content.messages
    language = messages["settings_language"].format(language=language_name(services.language))
    return f"{messages['settings'].format(timezone=timezone)}\n{language}"


async def settings_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    tz = await services.reminders.timezone_of(user.id)
    await message.reply_text(
        settings_text(services, tz.key),
        reply_markup=settings_keyboard(services),
    )


async def on_open_settings(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, OpenSettings)
    if tap is None:
        return
    services = context.services
    tz = await services.reminders.timezone_of(tap.user.id)
    await edit_in_place(
        update,
        settings_text(services, tz.key),
        settings_keyboard(services),
    )


async def on_pick_timezone(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, PickTimezone)
    if tap is None:
        return
    action, user = tap.action, tap.user
    services = context.services
    if not -1 <= action.index < len(COMMON_TIMEZONES):
        await expired(update, context)
        return
    messages = services.content.messages
    if action.index == -1:
        if context.chat_data is not None:
            context.chat_data[AWAITING_TIMEZONE] = True
        await edit_in_place(update, messages["timezone_ask"], None)
        return
    zone = COMMON_TIMEZONES[action.index]
    await services.users.set_timezone(user.id, zone)
    await edit_in_place(update, messages["timezone_set"].format(timezone=zone), None)


async def typed_timezone(update: Update, context: BotContext) -> None:
    """Runs before other text handlers; acts only right after "Type my own"."""
    message, user = update.message, update.effective_user
    if (
        message is None
        or message.text is None
        or user is None
        or context.chat_data is None
        or not context.chat_data.get(AWAITING_TIMEZONE, False)
    ):
        return
    if message.text.startswith("/"):
        # A command instead: the question is dropped and the command runs as usual.
        context.chat_data.pop(AWAITING_TIMEZONE, None)
        return
    services = context.services
    messages = services.content.messages
    zone = find_timezone(message.text)
    if zone is None:
        # Still waiting: the next try is read as a time zone too.
        await message.reply_text(messages["timezone_unknown"])
        raise ApplicationHandlerStop
    context.chat_data.pop(AWAITING_TIMEZONE, None)
    await services.users.set_timezone(user.id, zone)
    await message.reply_text(messages["timezone_set"].format(timezone=zone))
    raise ApplicationHandlerStop
