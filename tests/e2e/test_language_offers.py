"""The offer to switch language only when sure (issue #32): never instead of an answer, never
for the name of a disease or a person, never for a message of a few words; in every language.
(A whole sentence in another language still gets the offer: test_languages.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.content.store import frequent_questions
from tgbot.localapi import ChatSession, LocalBotApi, Reply
from tgbot.localapi.models import FakeUser

# A disease named in each language, as a speaker of it asks: the answer in that language.
DISEASE_QUESTIONS = {
    "en": ("en-GB", "is it parkinsons"),
    "de": ("de-DE", "Ist es Parkinson?"),
    "es": ("es-MX", "¿Es párkinson?"),
    "fr": ("fr-FR", "Est-ce Parkinson ?"),
    "pt": ("pt-BR", "É Parkinson?"),
    "ru": ("ru", "Это Паркинсон?"),
}
# A few words in each language, typed to the English bot: too short to be sure of.
SHORT_MESSAGES = [
    "Mir ist kalt",
    "Tengo frío hoy",
    "J'ai froid",
    "Estou cansado",
    "Мне плохо",
    "Ist es Parkinson?",
    "Est-ce la SLA ?",
    "Jean-Pierre Dupont",
    "Привет, Анна",
]


def offers(bot: BotApplication, reply: Reply) -> list[str]:
    """The switch offers in a reply, in whichever language they came."""
    services = bot.bot_data.services
    starts = [
        services.speaking(code).content.messages["switch_offer"].split("{")[0]
        for code in services.library.languages
    ]
    return [m.text for m in reply.messages if any(m.text.startswith(s) for s in starts if s)]


@pytest.mark.parametrize("language", sorted(DISEASE_QUESTIONS))
async def test_a_disease_named_in_the_users_language_is_answered_not_offered_another(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language: str,
) -> None:
    code, text = DISEASE_QUESTIONS[language]
    chat = ChatSession(local_api, new_user(language_code=code))
    reply = await chat.send(text)
    assert offers(bot_app, reply) == [], text
    content = bot_app.bot_data.services.speaking(language).content
    title = next(q.title for q in frequent_questions(content) if q.id == "is_it_parkinsons")
    assert reply.last.text.startswith(title), text


@pytest.mark.parametrize("text", SHORT_MESSAGES)
async def test_a_few_words_or_a_name_in_another_language_get_no_offer(
    bot_app: BotApplication, chat: ChatSession, text: str
) -> None:
    reply = await chat.send(text)
    assert offers(bot_app, reply) == [], text


async def test_a_disease_in_another_language_is_answered_in_the_users_own(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = await chat.send("Ist es Parkinson?")
    assert reply.last.text.startswith("Could my twitching be Parkinson's?")
    reply = await chat.send("¿Tengo ALS?")
    assert reply.last.text.startswith("Is my twitching ALS/MND?")


async def test_a_whole_sentence_in_another_language_is_still_offered(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = await chat.send("Hace una semana que no duermo bien y estoy muy cansada por el trabajo")
    assert len(offers(bot_app, reply)) == 1
    assert "Español" in reply.last.text
