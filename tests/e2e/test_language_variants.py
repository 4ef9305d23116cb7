"""/language offers every regional variant by its own name, and a choice is stored as the
variant's code: the bot then writes the variant, whatever Telegram says (issue 28)."""

from __future__ import annotations

from collections.abc import Callable

from tgbot.bot.context import BotApplication
from tgbot.core.languages import language_name
from tgbot.core.triage import Level
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from .test_languages import plain, services_in, tap_vignette
from .test_local_services import first_vignette


async def test_language_offers_the_variants_and_stores_the_one_chosen(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    services = bot.bot_data.services
    chat = ChatSession(local_api, new_user(language_code="pt-br"))
    choice = (await chat.send("/language")).last
    names = [language_name(code) for code in services.library.offered]
    assert "Português (Portugal)" in names
    assert "English (United States)" in names
    assert "Español (Latinoamérica)" in names
    assert [b.removeprefix("✓ ") for b in choice.button_texts] == names
    assert "✓ Português" in choice.button_texts  # Telegram's pt-BR: Brazilian Portuguese
    european = services_in(bot, "pt-PT")
    changed = (await chat.tap("Português (Portugal)")).messages[0].text
    assert changed.startswith(
        plain(european.content.messages["language_set"].format(language="Português (Portugal)"))
    )
    record = await services.users.get(chat.user.id)
    assert record is not None
    assert record.language == "pt-PT"
    settings = (await chat.send("/settings")).last.text
    assert "Português (Portugal)" in settings
    # The variant's words, though Telegram still says pt-BR (Brazil: no local service, the
    # plain sentence in European Portuguese).
    urgent = (await tap_vignette(chat, european, first_vignette("spasm", Level.URGENT))).text
    assert plain(european.content.messages["local_service_today_none"]) in urgent
    assert "centro de saúde" in urgent
    again = (await chat.send("/language")).last
    assert "✓ Português (Portugal)" in again.button_texts


async def test_a_variant_chosen_without_a_country_brings_its_countrys_numbers(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    """Telegram says only "de"; the user picks Deutsch (Österreich): Austria's numbers."""
    chat = ChatSession(local_api, new_user(language_code="de"))
    await chat.send("/language")
    await chat.tap("Deutsch (Österreich)")
    texts = services_in(bot, "de-AT")
    urgent = (await tap_vignette(chat, texts, first_vignette("twitch", Level.URGENT))).text
    assert "1450" in urgent
    emergency = (await tap_vignette(chat, texts, first_vignette("twitch", Level.EMERGENCY))).text
    assert emergency.split("\n")[0].index("144") < emergency.split("\n")[0].index("112")
