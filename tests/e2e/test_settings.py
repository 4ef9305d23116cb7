"""/settings: a time zone from buttons, an IANA name or a city, with second tries that work."""

from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.timezones import find_timezone
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser


async def stored_zone(bot_app: BotApplication, chat: ChatSession) -> str | None:
    record = await bot_app.bot_data.services.users.get(chat.user.id)
    return record.timezone if record else None


async def test_a_second_try_after_an_unknown_zone_is_read(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    assert "don't know that time zone" in (await chat.send("Qwertzuiopville")).last.text
    assert "don't know that time zone" in (await chat.send("Mars/Base")).last.text
    reply = (await chat.send("Europe/Madrid")).last.text
    assert reply == "Done. I now go by the time in Madrid."
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
        # Not a zone's own city: GeoNames' cities, in their local and other spellings.
        ("Manchester, UK", "Europe/London"),
        ("München", "Europe/Berlin"),
        ("munich", "Europe/Berlin"),
        ("Lisboa", "Europe/Lisbon"),
        ("Lisbon", "Europe/Lisbon"),
        ("Nueva York", "America/New_York"),
        ("Köln", "Europe/Berlin"),
        ("Санкт-Петербург", "Europe/Moscow"),
    ],
)
async def test_a_city_alone_is_understood(
    bot_app: BotApplication, chat: ChatSession, typed: str, zone: str
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    assert (await chat.send(typed)).last.text.startswith("Done. I now go by the time in ")
    assert await stored_zone(bot_app, chat) == zone


def test_ambiguous_and_non_place_names_are_refused() -> None:
    # A city that names no zone is not matched to a near one by a guess.
    assert find_timezone("Portland") is None
    assert find_timezone("localtime") is None
    assert find_timezone("Factory") is None
    # Aliases of one clock are one answer, under its current name.
    assert find_timezone("Kiev") == find_timezone("Kyiv") == "Europe/Kyiv"


async def test_a_city_typed_right_after_settings_is_taken(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    shown = (await chat.send("/settings")).last
    assert "just send me your city" in shown.text
    assert (await chat.send("Lisbon")).last.text == "Done. I now go by the time in Lisbon."
    assert await stored_zone(bot_app, chat) == "Europe/Lisbon"
    # The next text is a text again: a city name is not a time zone any more.
    assert "Done." not in (await chat.send("München")).last.text
    assert await stored_zone(bot_app, chat) == "Europe/Lisbon"


async def test_other_text_right_after_settings_goes_to_the_topics(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    assert "A twitch is" in (await chat.send("my eyelid keeps twitching")).last.text
    assert await stored_zone(bot_app, chat) is None


async def test_a_greeting_that_is_also_a_town_stays_a_greeting(
    local_api: LocalBotApi, new_user: Callable[..., FakeUser], bot_app: BotApplication
) -> None:
    # Hola is a town in Kenya, but right after /settings it is still "hello" in Spanish.
    chat = ChatSession(local_api, new_user(language_code="es"))
    await chat.send("/settings")
    assert (await chat.send("Hola")).last.text.startswith("👋 ¡Hola!")
    assert await stored_zone(bot_app, chat) is None


async def test_a_name_several_places_bear_is_asked_about(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    which = (await chat.send("Birmingham")).last
    assert which.text == "🌍 More than one place has that name. Which one is yours?"
    assert which.button_texts[:2] == [
        "Birmingham, United Kingdom (London)",
        "Birmingham, United States (Chicago)",
    ]
    assert await stored_zone(bot_app, chat) is None
    done = (await chat.tap("Birmingham, United States (Chicago)", which)).last
    assert done.text == "Done. I now go by the time in Chicago."
    assert await stored_zone(bot_app, chat) == "America/Chicago"


async def test_the_most_populous_city_wins_by_far(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    # London, Ontario is not a twentieth of London: no question.
    await chat.send("/settings")
    assert (await chat.send("London")).last.text == "Done. I now go by the time in London."
    assert await stored_zone(bot_app, chat) == "Europe/London"


@pytest.mark.parametrize(
    ("language", "london", "typed", "done"),
    [
        ("fr", "Londres", "Lisbonne", "C'est fait. J'utilise maintenant l'heure de Lisbonne."),
        ("de", "London", "München", "Erledigt. Ich richte mich jetzt nach der Uhrzeit in Berlin."),
        ("ru", "Лондон", "Москва", "Готово. Теперь я считаю время по часовому поясу: Москва."),
    ],
)
async def test_preset_buttons_and_answers_name_cities_in_the_users_language(
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    bot_app: BotApplication,
    language: str,
    london: str,
    typed: str,
    done: str,
) -> None:
    chat = ChatSession(local_api, new_user(language_code=language))
    shown = (await chat.send("/settings")).last
    assert london in shown.button_texts
    assert not any("/" in text for text in shown.button_texts), shown.button_texts
    assert (await chat.send(typed)).last.text == done
