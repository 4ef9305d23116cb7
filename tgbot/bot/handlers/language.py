"""/language: the language the bot writes in. Telegram's language is the default; a choice
made here is stored (shown in /settings and /mydata, deleted by /forget). A typed message
clearly in another of the bot's languages gets an offer to switch."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update

from tgbot.bot.callback_data import ChooseLanguage, OpenLanguages
from tgbot.bot.context import LANGUAGE_KEY, BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.keyboards.topics import topic_menu
from tgbot.bot.languages import with_review_note
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.bot.sending import unread
from tgbot.core.languages import language_name

log = logging.getLogger(__name__)

CHOSEN_MARK = "✓"


def language_keyboard(services: Services) -> InlineKeyboardMarkup:
    """One button per language and regional variant, each in its own name ("Português
    (Portugal)"); the current one marked. Two a row: a variant's name is long."""
    offered = services.library.offered
    labels = [
        f"{CHOSEN_MARK} {language_name(code)}" if code == services.language else language_name(code)
        for code in offered
    ]
    buttons = [
        button(label, ChooseLanguage(code)) for label, code in zip(labels, offered, strict=True)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def language_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    await unread(
        message.reply_text(
            services.content.messages["language_ask"], reply_markup=language_keyboard(services)
        )
    )


async def on_open_languages(update: Update, context: BotContext) -> None:
    if await read_tap(update, context, OpenLanguages) is None:
        return
    services = context.services
    await edit_in_place(
        update, services.content.messages["language_ask"], language_keyboard(services)
    )


async def on_choose_language(update: Update, context: BotContext) -> None:
    tap = await read_tap(update, context, ChooseLanguage)
    if tap is None:
        return
    services = context.services
    code = tap.action.language
    if not services.library.speaks(code):
        await expired(update, context)
        return
    await services.users.set_language(tap.user.id, code)
    if context.user_data is not None:
        context.user_data[LANGUAGE_KEY] = code
    chosen = services.speaking(code)
    messages = chosen.content.messages
    log.info("event=language_chosen user_id=%d language=%s", tap.user.id, code)
    text = messages["language_set"].format(language=language_name(code))
    await edit_in_place(update, with_review_note(chosen, text), None)
    if tap.query.message is not None and isinstance(tap.query.message, Message):
        await unread(
            tap.query.message.reply_text(
                messages["welcome"],
                reply_markup=topic_menu(messages["button_twitch"], messages["button_spasm"]),
            )
        )
