"""/language offers every regional variant by its own name, and a choice is stored as the
variant's code: the bot then writes the variant, whatever Telegram says (issue 28)."""

from __future__ import annotations

import re
from collections.abc import Callable

from tgbot.bot.context import BotApplication, Services
from tgbot.core.languages import language_name
from tgbot.core.triage import Level, Question, next_step
from tgbot.localapi import BotMessage, ChatSession, LocalBotApi
from tgbot.localapi.client import Reply
from tgbot.localapi.models import FakeUser

from ..core.test_variants import BRAZILIAN_ONLY
from ..core.triage.test_triage_vignettes import Vignette
from .test_languages import plain, services_in, speaker, tap_vignette
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


async def walk_check(chat: ChatSession, texts: Services, vignette: Vignette) -> list[str]:
    """Everything the user reads on the way through a check (each question as sent, with its
    buttons, and the outcome), with the labels of `texts`' language; consent is given once."""
    messages, triage = texts.content.messages, texts.triage
    flow = triage.flows[vignette.flow]
    seen: list[str] = []

    def read(reply: Reply) -> BotMessage:
        for message in reply.messages:
            seen.extend([message.text, *message.button_texts])
        return reply.last

    read(await chat.send(f"/{flow.topic}"))
    message = read(await chat.tap(messages["button_check"]))
    given: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, given), Question):
        chosen = vignette.answers[step.id]
        for option in step.options:
            if option.id in chosen:
                message = read(await chat.tap(option.label))
        one_tap = step.kind == "single" or step.ends_on_any_tap or chosen == ("none",)
        emergency = any(o.level is Level.EMERGENCY for o in step.options if o.id in chosen)
        if not one_tap and not emergency:
            message = read(await chat.tap(triage.texts.ui.done))
        given[step.id] = chosen
        if messages["button_consent_yes"] in message.button_texts:
            read(await chat.tap(messages["button_consent_yes"]))
    return seen


def own_words(text: str, texts: Services) -> str:
    """A message without the checked English copy under an emergency outcome."""
    return text.partition(plain(texts.content.messages["emergency_in_english"]))[0]


async def test_a_portuguese_user_walks_both_checks_in_european_portuguese(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    european, brazilian = services_in(bot, "pt-PT"), services_in(bot, "pt")
    portugal = ChatSession(local_api, new_user(language_code="pt-pt"))
    brazil = ChatSession(local_api, new_user(language_code="pt-br"))
    read: dict[str, list[str]] = {"pt-PT": [], "pt": []}
    outcomes: dict[tuple[str, str, Level], str] = {}
    for flow in ("twitch", "spasm"):
        for level in (Level.EMERGENCY, Level.URGENT, Level.DOCTOR, Level.SELF_CARE):
            vignette = first_vignette(flow, level)
            for code, chat, texts in (("pt-PT", portugal, european), ("pt", brazil, brazilian)):
                seen = [own_words(t, texts) for t in await walk_check(chat, texts, vignette)]
                read[code] += seen
                outcomes[code, flow, level] = seen[-1 - len(chat.last.button_texts)]
    everything_pt_pt, everything_pt = "\n".join(read["pt-PT"]), "\n".join(read["pt"])
    for name, pattern in BRAZILIAN_ONLY.items():
        assert not re.search(pattern, everything_pt_pt, re.IGNORECASE), name
    # The Brazilian user on the same answers still reads Brazilian Portuguese.
    for brazilian_form in ("está acontecendo", "Panturrilha", "Não dirija", "você"):
        assert brazilian_form in everything_pt
        assert brazilian_form not in everything_pt_pt
    for european_form in ("está a acontecer", "Barriga da perna", "Não conduza", "Diga-lhes"):
        assert european_form in everything_pt_pt
        assert european_form not in everything_pt
    for flow in ("twitch", "spasm"):
        urgent = outcomes["pt-PT", flow, Level.URGENT]
        assert "centro de saúde" in urgent
        assert "SNS 24 (808 24 24 24)" in urgent
        assert "médico de família" in outcomes["pt-PT", flow, Level.DOCTOR]
        assert "SNS 24" not in outcomes["pt", flow, Level.URGENT]
        first_line = outcomes["pt-PT", flow, Level.EMERGENCY].split("\n")[0]
        assert "112" in first_line
        assert "192" not in outcomes["pt-PT", flow, Level.EMERGENCY]
        assert "192" in outcomes["pt", flow, Level.EMERGENCY].split("\n")[0]


async def test_a_portuguese_user_in_crisis_reads_portugals_lines(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    """Typed in Portugal: the crisis answer names the Linha Nacional de Prevenção do Suicídio
    (1411) and 112, never Brazil's CVV (188) or SAMU (192); a red flag names 112."""
    person = speaker("pt-PT")
    chat = ChatSession(local_api, new_user(language_code="pt-pt"))
    crisis = plain((await chat.send(person.typed_crisis)).text)
    assert "1411" in crisis
    assert "112" in crisis
    for brazilian in ("188", "CVV", "192"):
        assert brazilian not in crisis
    # ...in European Portuguese, as the rest of pt-PT (content/locales/pt-PT/phrases.yaml).
    for name, pattern in BRAZILIAN_ONLY.items():
        assert not re.search(pattern, crisis, re.IGNORECASE), name
    assert "Não tem de passar por isto sem ajuda" in crisis
    assert "pronto-socorro" not in crisis
    red_flag = plain((await chat.send(person.typed_red_flag)).text)
    assert "112" in red_flag
    assert "192" not in red_flag
    assert not re.search(BRAZILIAN_ONLY["você"], red_flag, re.IGNORECASE)
