"""/language: the language the bot writes in. Telegram's language is the default; a choice
made here is stored (shown in /settings and /mydata, deleted by /forget). A typed message
clearly in another of the bot's languages gets an offer to switch."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update

from tgbot.bot.context import LANGUAGE_KEY, BotContext, Services
from tgbot.bot.keyboards import button, topic_menu
from tgbot.bot.replies import edit_in_place, expired, read_tap
from tgbot.core.callback_data import ChooseLanguage, OpenLanguages
from tgbot.core.languages import LanguageDetector, language_name, names_list

log = logging.getLogger(__name__)

CHOSEN_MARK = "✓"


def language_keyboard(services: Services) -> InlineKeyboardMarkup:
    """One button per language, in its own name; the current one marked."""
    labels = [
        f"{CHOSEN_MARK} {language_name(code)}" if code == services.language else language_name(code)
        for code in services.library.languages
    ]
    buttons = [
        button(label, ChooseLanguage(code))
        for label, code in zip(labels, services.library.languages, strict=True)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


async def language_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    services = context.services
    await message.reply_text(
        services.content.messages["language_ask"], reply_markup=language_keyboard(services)
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
    texts = chosen.content.messages
    log.info("event=language_chosen user_id=%d language=%s", tap.user.id, code)
    text = texts["language_set"].format(language=language_name(code))
    await edit_in_place(update, with_review_note(chosen, text), None)
    if tap.query.message is not None and isinstance(tap.query.message, Message):
        await tap.query.message.reply_text(
            texts["welcome"], reply_markup=topic_menu(texts["button_twitch"], texts["button_spasm"])
        )


def with_review_note(services: Services, text: str) -> str:
    """A text in a language no clinician has checked yet says so."""
    info = services.knowledge.language
    if info is None or info.reviewed:
        return text
    return f"{text}\n\n{review_note(services)}"


def review_note(services: Services) -> str:
    """The draft note, with how many safety-critical texts are still unsigned."""
    info = services.knowledge.language
    cover = info.signoff if info is not None else None
    unsigned, total = (cover.critical_unsigned, cover.critical.total) if cover else (0, 0)
    return services.content.messages["not_reviewed"].format(unsigned=unsigned, total=total)


def languages_note(services: Services, telegram_language: str | None) -> str | None:
    """For /start: when Telegram's language is not one the bot speaks, name those it does."""
    if telegram_language is None or services.library.speaks(telegram_language):
        return None
    listed = names_list(services.library.languages, services.language)
    return services.content.messages["languages_offered"].format(languages=listed)


def detector(services: Services) -> LanguageDetector:
    return LanguageDetector(services.library.languages)


async def offer_switch(message: Message, context: BotContext, text: str) -> bool:
    """If `text` is clearly in another of the bot's languages, offer it (in that language).
    True when the offer was made."""
    services = context.services
    found = detector(services).detect(text)
    if found is None or found == services.language or not services.library.speaks(found):
        return False
    other = services.speaking(found)
    name = language_name(found)
    texts = other.content.messages
    keyboard = InlineKeyboardMarkup(
        [[button(texts["button_switch_language"].format(language=name), ChooseLanguage(found))]]
    )
    await message.reply_text(texts["switch_offer"].format(language=name), reply_markup=keyboard)
    log.info("event=language_offered language=%s", found)
    return True
