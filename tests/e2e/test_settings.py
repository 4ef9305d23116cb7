"""/settings: a time zone from buttons, an IANA name or a city, with second tries that work."""

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.timezones import find_timezone
from tgbot.localapi import ChatSession


async def stored_zone(bot_app: BotApplication, chat: ChatSession) -> str | None:
    record = await bot_app.bot_data.services.users.get(chat.user.id)
    return record.timezone if record else None


async def test_a_second_try_after_an_unknown_zone_is_read(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    assert "don't know that time zone" in (await chat.send("Atlantis")).last.text
    assert "don't know that time zone" in (await chat.send("Mars/Base")).last.text
    reply = (await chat.send("Europe/Madrid")).last.text
    assert reply == "Done. Your time zone is now Europe/Madrid."
    assert await stored_zone(bot_app, chat) == "Europe/Madrid"
    # Once set, text is text again.
    assert "Europe" not in (await chat.send("Europe/Paris")).last.text
    assert await stored_zone(bot_app, chat) == "Europe/Madrid"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Madrid", "Europe/Madrid"),
        ("new york", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Москва", "Europe/Moscow"),
        ("europe/paris", "Europe/Paris"),
    ],
)
async def test_a_city_alone_is_understood(
    bot_app: BotApplication, chat: ChatSession, typed: str, zone: str
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    assert (await chat.send(typed)).last.text == f"Done. Your time zone is now {zone}."
    assert await stored_zone(bot_app, chat) == zone


def test_ambiguous_and_non_place_names_are_refused() -> None:
    # A city that names no zone is not matched to a near one by a guess.
    assert find_timezone("Portland") is None
    assert find_timezone("localtime") is None
    assert find_timezone("Factory") is None
    # Aliases of one clock are one answer, under its current name.
    assert find_timezone("Kiev") == find_timezone("Kyiv") == "Europe/Kyiv"
