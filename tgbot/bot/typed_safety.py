"""The bot's answers to what the safety net reads in a typed message, in the user's language
with their own numbers: the emergency answer, the crisis answer with the lines of their
country (or of their language's countries), the safety line under every other answer to a
typed message, and the out-of-scope answers."""

from __future__ import annotations

import logging

from babel import Locale, UnknownLocaleError
from telegram import InlineKeyboardMarkup, Message

from tgbot.bot.callback_data import SafetyAnswer
from tgbot.bot.context import Services
from tgbot.bot.keyboards import button
from tgbot.bot.sending import unread
from tgbot.core.content import match_topic
from tgbot.core.content.locales import ENGLISH
from tgbot.core.safety import (
    PhraseGroup,
    PhraseSet,
    Reading,
    crisis_group,
    groups_named,
    render_crisis,
    render_crisis_lines,
    render_out_of_scope,
    render_typed_emergency,
    scan,
    with_safety_line,
)
from tgbot.core.safety.models import Kind
from tgbot.core.triage.emergency import region_of

log = logging.getLogger(__name__)
NO_TOPIC = "-"
"""The "no" of the one question when the message named no topic: the topics' menu."""


def emergency_reply(services: Services, group_ids: tuple[str, ...], language: str | None) -> str:
    own = own_phrases(services)
    groups = groups_named(own, english_phrases(services), group_ids)
    reply = render_typed_emergency(services.triage.texts, groups, services.numbers(language))
    return with_english_copy(services, reply, language, group_ids)


def crisis_reply(services: Services, about_someone: bool, language: str | None) -> str:
    own = own_phrases(services)
    numbers = services.numbers(language)
    lines = render_crisis_lines(
        own,
        region_of(services.country_tag(language)),
        services.safety.crisis_lines,
        numbers,
        lambda region: country_name(region, services.knowledge.base),
        services.triage.texts.bullet,
        services.safety.second_crisis_lines,
    )
    return render_crisis(crisis_group(own), lines, numbers, about_someone)


def country_name(region: str, language: str) -> str:
    """The country's name in the reader's language (CLDR, through Babel)."""
    try:
        return str(Locale.parse(language).territories.get(region.upper(), region.upper()))
    except (ValueError, UnknownLocaleError):
        return region.upper()


def own_phrases(services: Services) -> PhraseSet:
    """The phrase set of the language the services speak (English when it has none)."""
    sets = services.safety.phrase_sets
    # A regional variant (pt-PT) answers typed messages with its base language's phrases,
    # unless it words the answers its own way (es-419: usted).
    own = services.safety.variant_sets.get(services.knowledge.code)
    return own or sets.get(services.knowledge.base) or sets[ENGLISH]


def english_phrases(services: Services) -> PhraseSet:
    return services.safety.phrase_sets[ENGLISH]


def safety_lined(services: Services, text: str, language: str | None) -> str:
    """An answer to a typed message with the line that says what to do in an emergency."""
    return with_safety_line(own_phrases(services), text, services.numbers(language))


def with_english_copy(
    services: Services, reply: str, language: str | None, group_ids: tuple[str, ...]
) -> str:
    """In a language no clinician has checked yet, the emergency message ends with the checked
    English one, so a wrong word in a translation cannot hide what to do."""
    info = services.knowledge.language
    if services.knowledge.base == ENGLISH or info is None or info.reviewed:
        return reply
    english = services.speaking(ENGLISH)
    groups = groups_named(english_phrases(services), english_phrases(services), group_ids)
    copy = render_typed_emergency(english.triage.texts, groups, english.numbers(language))
    return f"{reply}\n\n{services.content.messages['emergency_in_english']}\n{copy}"


def out_of_scope_group(services: Services, text: str) -> PhraseGroup | None:
    """The first out-of-scope group the text matches, if any (red flags were checked first).
    Only the user's own language: unlike a red flag, which is looked for in every language,
    a word of another language here ("tic" in "tengo un tic en el ojo") would turn away a
    question the bot answers."""
    for match in scan(text, [own_phrases(services)]):
        if match.kind is Kind.OUT_OF_SCOPE:
            return match.groups[0]
    return None


def out_of_scope_reply(services: Services, group: PhraseGroup, language: str | None) -> str:
    reply = render_out_of_scope(group, services.numbers(language))
    return services.with_local_services(reply, language)


async def answer_reading(
    services: Services, message: Message, text: str, reading: Reading, language: str | None
) -> None:
    """The emergency answer, the crisis answer and the one question, as the reading asks."""
    numbers = services.numbers(language)
    log.info(
        "event=typed_safety emergency=%s crisis=%s ask=%s",
        ",".join(reading.emergency) or "-",
        reading.crisis is not None,
        reading.ask or "-",
    )
    if reading.emergency:
        await unread(message.reply_text(emergency_reply(services, reading.emergency, language)))
    if reading.crisis is not None:
        await unread(
            message.reply_text(crisis_reply(services, reading.crisis_about_someone, language))
        )
    if reading.ask is not None:
        topic = (
            match_topic(services.content, text) or services.safety.net.rules.asks[reading.ask].topic
        )
        own = own_phrases(services)
        ask = own.asks.get(reading.ask) or english_phrases(services).asks[reading.ask]
        keyboard = InlineKeyboardMarkup(
            [
                [button(ask.yes, SafetyAnswer(reading.ask, 1, topic or NO_TOPIC))],
                [button(ask.no, SafetyAnswer(reading.ask, 0, topic or NO_TOPIC))],
            ]
        )
        await unread(
            message.reply_text(ask.question.format(numbers=numbers), reply_markup=keyboard)
        )
