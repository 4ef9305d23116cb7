"""Restless legs in each language (issue #32): the way people name it or describe it reaches
the out-of-scope answer of content/phrases/<code>.yaml in their language, never a twitch or
cramp page. The sentences are our own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.content.markup import strip_tags
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

SAID = [
    ("en-GB", "restless legs every evening on the sofa, is that something you cover?"),
    ("en-GB", "at bedtime I have this itch deep in my legs and must keep moving them"),
    ("de-DE", "Ich habe abends unruhige Beine, was kann ich tun?"),
    ("de-DE", "Abends kribbelt es in den Beinen und ich muss sie ständig bewegen"),
    ("es-ES", "Tengo piernas inquietas por la noche y no duermo"),
    ("es-MX", "en la cama siento un hormigueo en las piernas y tengo que moverlas todo el rato"),
    ("fr-FR", "J'ai les jambes sans repos le soir, c'est grave ?"),
    ("fr-FR", "le soir au lit j'ai des fourmis dans les jambes et je dois les bouger sans arrêt"),
    ("pt-BR", "Tenho pernas inquietas toda noite, o que fazer?"),
    ("pt-BR", "de noite sinto um formigamento nas pernas e preciso mexer elas o tempo todo"),
    ("ru", "у меня синдром беспокойных ног, что делать?"),
    ("ru", "вечером в ногах неприятное ощущение и постоянно хочется ими шевелить"),
]


def restless_answer(bot: BotApplication, language: str) -> str:
    """How the restless-legs answer starts in the language of a Telegram tag."""
    code = language.split("-")[0]
    phrases = bot.bot_data.services.speaking(code).knowledge.safety.phrase_sets[code]
    group = next(g for g in phrases.groups if g.id == "restless_legs")
    return strip_tags(group.text).split("\n")[0][:40]


@pytest.mark.parametrize(("language", "text"), SAID)
async def test_restless_legs_get_the_out_of_scope_answer_in_each_language(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language: str,
    text: str,
) -> None:
    expected = restless_answer(bot_app, language)
    reply = (await ChatSession(local_api, new_user(language_code=language)).send(text)).last
    assert strip_tags(reply.text).startswith(expected), reply.text[:120]
    assert "NHS" in reply.text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en-GB", "when my calf cramps at night I have to stand up and move my leg to stop it"),
        ("de-DE", "Nachts krampft meine Wade und ich muss aufstehen, damit es aufhört"),
        ("ru", "ночью сводит икру, приходится вставать и ходить"),
    ],
)
async def test_a_cramp_eased_by_moving_is_not_restless_legs(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language: str,
    text: str,
) -> None:
    reply = (await ChatSession(local_api, new_user(language_code=language)).send(text)).last
    assert not strip_tags(reply.text).startswith(restless_answer(bot_app, language))
    assert "/spasm" not in reply.text, "answered, not pointed to the start"
