"""What several features say about languages: the not-reviewed note (/start, /language),
the languages offered (/start), and the offer to switch when a message is in another one."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message

from tgbot.bot.callback_data import ChooseLanguage
from tgbot.bot.context import BotContext, Services
from tgbot.bot.keyboards import button
from tgbot.bot.sending import unread
from tgbot.core.languages import LanguageDetector, language_name, names_list
from tgbot.core.triage.emergency import region_of

log = logging.getLogger(__name__)


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
    listed = names_list(services.library.languages, services.knowledge.base)
    return services.content.messages["languages_offered"].format(languages=listed)


def detector(services: Services) -> LanguageDetector:
    return LanguageDetector(services.library.languages)


async def offer_switch(
    message: Message, context: BotContext, text: str, meaningful: str | None = None
) -> bool:
    """If `text` is clearly in another of the bot's languages, offer it (in that language).
    `meaningful`: the text without names of conditions, which belong to no language. True
    when the offer was made."""
    services = context.services
    found = detector(services).detect(text, meaningful=meaningful)
    if found is None or found == services.knowledge.base or not services.library.speaks(found):
        return False
    # Offered as the variant of the writer's country where there is one (pt-PT in Portugal).
    region = region_of(message.from_user.language_code if message.from_user else None)
    found = services.library.resolve(f"{found}-{region}" if region else found) or found
    other = services.speaking(found)
    name = language_name(found)
    messages = other.content.messages
    keyboard = InlineKeyboardMarkup(
        [[button(messages["button_switch_language"].format(language=name), ChooseLanguage(found))]]
    )
    await unread(
        message.reply_text(messages["switch_offer"].format(language=name), reply_markup=keyboard)
    )
    log.info("event=language_offered language=%s", found)
    return True
