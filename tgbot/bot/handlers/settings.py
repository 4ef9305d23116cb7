"""/settings: the time zone reminders are set in, from buttons or typed (a city or a zone)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop

from tgbot.bot.awaiting import ASKED, AWAITING_TIMEZONE, OFFERED, await_zone
from tgbot.bot.callback_data import OpenLanguages, OpenSettings, PickTimezone, SetTimezone
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.core.content.matching import small_talk
from tgbot.core.languages import language_name
from tgbot.core.timezones import city_choice, is_location_zone, read_timezone, zone_city

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


def settings_keyboard(services: Services) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    zones = [
        button(zone_city(zone, services.language), PickTimezone(i))
        for i, zone in enumerate(COMMON_TIMEZONES)
    ]
    rows.extend(zones[i : i + 3] for i in range(0, len(zones), 3))
    messages = services.content.messages
    rows.append([button(messages["button_type_timezone"], PickTimezone(-1))])
    rows.append([button(messages["button_language"], OpenLanguages())])
    return InlineKeyboardMarkup(rows)


def settings_text(services: Services, timezone: str) -> str:
    messages = services.content.messages
    language = messages["settings_language"].format(language=language_name(services.language))
    shown = zone_city(timezone, services.language)
    return f"{messages['settings'].format(timezone=shown)}\n{language}"


async def settings_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    services = context.services
    tz = await services.reminders.timezone_of(user.id)
    await_zone(context, OFFERED)
    await unread(
        message.reply_text(
            settings_text(services, tz.key),
            reply_markup=settings_keyboard(services),
        )
    )


async def on_open_settings(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, OpenSettings)
    if tap is None:
        return
    services = context.services
    tz = await services.reminders.timezone_of(tap.user.id)
    await_zone(context, OFFERED)
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
        await_zone(context, ASKED)
        await edit_in_place(update, messages["timezone_ask"], None)
        return
    zone = COMMON_TIMEZONES[action.index]
    await _set_zone(context, user.id, zone)
    await edit_in_place(update, _zone_set_text(context, zone), None)


async def on_set_timezone(update: Update, context: BotContext) -> None:
    """One of the cities offered for a name that several bear ("Birmingham")."""
    tap = await read_tap(update, context, SetTimezone)
    if tap is None:
        return
    if not is_location_zone(tap.action.zone):  # callback data is untrusted
        await expired(update, context)
        return
    await _set_zone(context, tap.user.id, tap.action.zone)
    await edit_in_place(update, _zone_set_text(context, tap.action.zone), None)


async def _set_zone(context: BotContext, user_id: int, zone: str) -> None:
    if context.chat_data is not None:
        context.chat_data.pop(AWAITING_TIMEZONE, None)
    await context.services.users.set_timezone(user_id, zone)


def _zone_set_text(context: BotContext, zone: str) -> str:
    services = context.services
    return services.content.messages["timezone_set"].format(
        timezone=zone_city(zone, services.language)
    )


async def typed_timezone(update: Update, context: BotContext) -> None:
    """Runs before other text handlers; acts only while /settings is on screen or after the
    bot asked for a city ("Type my own")."""
    message, user = update.message, update.effective_user
    if message is None or message.text is None or user is None or context.chat_data is None:
        return
    how = context.chat_data.get(AWAITING_TIMEZONE)
    if how not in (OFFERED, ASKED):
        return
    if message.text.startswith("/"):
        # A command instead: the question is dropped and the command runs as usual.
        context.chat_data.pop(AWAITING_TIMEZONE, None)
        return
    services = context.services
    messages = services.content.messages
    if how == OFFERED and small_talk(messages, message.text) is not None:
        # "Hallo" and "Hola" are towns too, but here they are a greeting.
        context.chat_data.pop(AWAITING_TIMEZONE, None)
        return
    # A look-up scans some 34,000 cities (milliseconds): not on the event loop.
    reading = await asyncio.to_thread(read_timezone, message.text)
    if reading.zone is not None:
        await _set_zone(context, user.id, reading.zone)
        await unread(message.reply_text(_zone_set_text(context, reading.zone)))
    elif reading.choices:
        context.chat_data[AWAITING_TIMEZONE] = ASKED
        buttons = [
            [button(city_choice(message.text, city, services.language), SetTimezone(city.zone))]
            for city in reading.choices
        ]
        await unread(
            message.reply_text(
                messages["timezone_which"], reply_markup=InlineKeyboardMarkup(buttons)
            )
        )
    elif how == ASKED:
        # Still waiting: the next try is read as a time zone too.
        await unread(message.reply_text(messages["timezone_unknown"]))
    else:
        # Not a place: ordinary text, for the topics (the offer lapses).
        context.chat_data.pop(AWAITING_TIMEZONE, None)
        return
    raise ApplicationHandlerStop
