"""Time zones by their city in the user's language (CLDR exemplar cities through Babel), never
by IANA name: /settings' answer and /mydata's time zone, in each language (issue #32)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

NEW_YORK = "America/New_York"


@pytest.mark.parametrize(
    ("language", "city"),
    [
        ("en-GB", "New York"),
        ("de-DE", "New York"),
        ("es-ES", "Nueva York"),
        ("fr-FR", "New York"),
        ("pt-BR", "Nova York"),
        ("ru", "Нью-Йорк"),
    ],
)
async def test_the_zone_is_named_by_its_city_in_the_users_language(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language: str,
    city: str,
) -> None:
    chat = ChatSession(local_api, new_user(language_code=language))
    await chat.send("/settings")
    done = (await chat.send(NEW_YORK)).last.text
    assert city in done
    assert NEW_YORK not in done
    words = (await chat.send("/mydata", at_least=2)).messages[0].text
    zone_line = next(line for line in words.splitlines() if city in line)
    assert zone_line.startswith("•"), "the time zone line of 'About you'"
    assert NEW_YORK not in words
    assert "America" not in words


async def test_the_default_zone_is_named_too(bot_app: BotApplication, chat: ChatSession) -> None:
    await chat.send("/start")
    words = (await chat.send("/mydata", at_least=2)).messages[0].text
    assert "• Time zone: not chosen (I use UTC)." in words.splitlines()
