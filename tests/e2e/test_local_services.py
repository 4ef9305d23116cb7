"""Local services by country (clinical spec v3, "Local services"; issue 28): the urgent and
doctor outcomes, the spasm page's "get help today" and the child answer name the service of the
user's country, with its number, and never another country's; a country without one gets the
plain "a doctor today, or urgent care". Every country of content/numbers in every language and
regional variant the bot offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from tgbot.bot.context import BotApplication, Services
from tgbot.bot.handlers.check import outcome_text
from tgbot.bot.typed_safety import out_of_scope_reply
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content import render_section
from tgbot.core.local_services import service_name
from tgbot.core.safety.models import LocalService
from tgbot.core.triage import Level, Outcome, load_triage
from tgbot.core.triage.engine import next_step
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from ..core.triage.test_triage_vignettes import VIGNETTES, Vignette
from .test_languages import plain, services_in, tap_vignette

COUNTRIES = sorted(p.stem for p in (DEFAULT_CONTENT_DIR / "numbers").glob("*.yaml"))
# What each country's service is called and numbered, as content/numbers says: the test's own
# reading of the files, not the bot's.
NUMBERS: dict[str, dict[str, Any]] = {
    region: yaml.safe_load(
        (DEFAULT_CONTENT_DIR / "numbers" / f"{region}.yaml").read_text(encoding="utf-8")
    )
    for region in COUNTRIES
}
SERVICES: dict[str, dict[str, object]] = {
    region: dict(document["local_service"])
    for region, document in NUMBERS.items()
    if "local_service" in document
}
ENGLISH_FLOWS = load_triage(DEFAULT_CONTENT_DIR).flows
# The services the clinical spec names, which the files must keep.
SPEC_SERVICES = {
    "de": ["116 117"],
    "at": ["1450"],
    "fr": ["116 117", "15"],
    "be": ["1733"],
    "pt": ["808 24 24 24"],
    "gb": ["111"],
}


def first_vignette(flow: str, level: Level) -> Vignette:
    found = next((v for v in VIGNETTES if v.flow == flow and v.expected is level), None)
    return found if found is not None else doctor_variant_of(flow)


def doctor_variant_of(flow_id: str) -> Vignette:
    """A self-care vignette with one answer changed to one that reaches `doctor` (the spasm
    vignettes have no doctor case of their own)."""
    self_care = next(v for v in VIGNETTES if v.flow == flow_id and v.expected is Level.SELF_CARE)
    flow = ENGLISH_FLOWS[flow_id]
    for question in flow.questions:
        for option in question.options:
            if option.level is not Level.DOCTOR or question.id not in self_care.answers:
                continue
            answers = {**self_care.answers, question.id: (option.id,)}
            outcome = next_step(flow, answers)
            if isinstance(outcome, Outcome) and outcome.level is Level.DOCTOR:
                return replace(self_care, answers=answers, expected=Level.DOCTOR)
    raise LookupError(f"no doctor answer in the {flow_id} check")


def outcome_of(services: Services, vignette: Vignette) -> Outcome:
    outcome = next_step(services.triage.flows[vignette.flow], vignette.answers)
    assert isinstance(outcome, Outcome)
    return outcome


def numbers_of(region: str) -> list[str]:
    numbers = SERVICES[region]["numbers"]
    assert isinstance(numbers, list)
    return [str(n) for n in numbers]


def others_numbers(region: str) -> set[str]:
    """Every other country's service numbers that this country does not use itself (New
    Zealand's emergency number is 111, the UK's NHS 111 is not)."""
    own = set(numbers_of(region)) if region in SERVICES else set()
    own |= {str(n) for n in NUMBERS[region]["emergency"]}
    return {n for other in SERVICES if other != region for n in numbers_of(other)} - own


def assert_names_only_its_own(services: Services, region: str, text: str, when: str) -> None:
    """`when`: "today" (get help today) or "soon" (a visit in the coming days, named only for
    a service that is not an out-of-hours line)."""
    messages = services.content.messages
    shown = plain(text)
    plain_sentence = plain(messages[f"local_service_{when}_none"])
    if region in SERVICES and (when == "today" or SERVICES[region].get("soon", True)):
        for number in numbers_of(region):
            assert number in shown, (services.language, region, shown[:300])
        assert plain_sentence not in shown
    else:
        # No such service of its own: the plain sentence, and no number of any service.
        assert plain_sentence in shown, (services.language, region, when)
    stray = [n for n in others_numbers(region) if n in shown]
    assert stray == [], (services.language, region, stray)
    if region != "gb":
        assert "NHS 111" not in shown, (services.language, region)
        assert "(111)" not in shown, (services.language, region)
    assert "{local_service" not in shown


def test_the_spec_countries_keep_their_services() -> None:
    for region, numbers in SPEC_SERVICES.items():
        assert numbers_of(region) == numbers
        sources = SERVICES[region]["sources"]
        assert isinstance(sources, list), region
        assert sources, f"{region}: a service names its source"


async def test_every_country_in_every_language_reads_only_its_own_services(
    bot: BotApplication,
) -> None:
    """The urgent and doctor outcomes of both checks, the spasm page and the child answer,
    as each language and variant renders them for a user of each country."""
    shared = bot.bot_data.services
    vignettes = [
        first_vignette(f, level)
        for f in ("twitch", "spasm")
        for level in (Level.URGENT, Level.DOCTOR)
    ]
    walked = 0
    for language in shared.library.offered:
        services = shared.speaking(language)
        base = language.split("-")[0]
        child = next(g for g in services.safety.phrase_sets[base].groups if g.id == "child")
        # The spasm page's "Get help today", the twitch page's "Book a visit".
        pages = {
            "today": render_section(services.content, "spasm", "see_doctor"),
            "soon": render_section(services.content, "twitch", "see_doctor"),
        }
        for region in COUNTRIES:
            tag = f"{base}-{region.upper()}"
            for vignette in vignettes:
                flow = services.triage.flows[vignette.flow]
                text = outcome_text(services, flow, outcome_of(services, vignette), tag)
                when = "today" if vignette.expected is Level.URGENT else "soon"
                assert_names_only_its_own(services, region, text, when)
                walked += 1
            for when, page in pages.items():
                filled = services.with_local_services(page, tag)
                assert_names_only_its_own(services, region, filled, when)
            reply = out_of_scope_reply(services, child, tag)
            assert_names_only_its_own(services, region, reply, "today")
    assert walked == len(shared.library.offered) * len(COUNTRIES) * len(vignettes)


async def test_a_user_whose_country_is_not_known_reads_the_plain_sentence(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    """Telegram sends "de" alone: no country's service, the plain sentence."""
    texts = services_in(bot, "de")
    chat = ChatSession(local_api, new_user(language_code="de"))
    outcome = (await tap_vignette(chat, texts, first_vignette("twitch", Level.URGENT))).text
    assert plain(texts.content.messages["local_service_today_none"]) in outcome
    assert "116 117" not in outcome
    assert "1450" not in outcome
    assert "111" not in outcome


async def test_an_american_reads_primary_care_and_911_never_gp_mnd_or_111(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    texts = services_in(bot, "en-US")
    assert texts.language == "en-US"
    chat = ChatSession(local_api, new_user(language_code="en-us"))
    urgent = (await tap_vignette(chat, texts, first_vignette("twitch", Level.URGENT))).text
    assert "urgent care center" in urgent
    doctor = (await tap_vignette(chat, texts, first_vignette("spasm", Level.DOCTOR))).text
    assert "primary care doctor" in doctor
    emergency = (await tap_vignette(chat, texts, first_vignette("twitch", Level.EMERGENCY))).text
    assert "911" in emergency.split("\n")[0]
    als = (await chat.send("is my twitching ALS?")).last.text
    page = (await chat.send("/twitch")).last
    section = texts.content.topics["twitch"].sections["als"]
    opened = (await chat.tap(section.title, page)).last.text
    crisis = (await chat.send("I want to kill myself")).last.text
    assert "988" in crisis
    for text in (urgent, doctor, emergency, als, opened):
        for british in ("GP", "MND", "motor neurone", "111", "A&E"):
            assert british not in text, (british, text[:200])
    assert "primary care doctor" in opened
    assert "ALS" in opened


async def test_a_portuguese_user_reads_european_portuguese_and_sns_24(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    texts = services_in(bot, "pt-PT")
    assert texts.language == "pt-PT"
    chat = ChatSession(local_api, new_user(language_code="pt-pt"))
    urgent = (await tap_vignette(chat, texts, first_vignette("spasm", Level.URGENT))).text
    assert "SNS 24 (808 24 24 24)" in urgent
    assert "centro de saúde" in urgent
    assert "posto" not in urgent
    emergency = (await tap_vignette(chat, texts, first_vignette("twitch", Level.EMERGENCY))).text
    # The European Portuguese words, before the checked English copy.
    own, _, _english = emergency.partition(plain(texts.content.messages["emergency_in_english"]))
    assert "Não conduza" in own
    assert "Diga-lhes" in own
    assert "equipa" in own
    assert "Não dirija" not in own
    assert "Diga a eles" not in own
    assert "equipe" not in own
    brazil = ChatSession(local_api, new_user(language_code="pt-br"))
    brazilian = services_in(bot, "pt")
    urgent_br = (await tap_vignette(brazil, brazilian, first_vignette("spasm", Level.URGENT))).text
    assert "SNS 24" not in urgent_br
    assert "808 24 24 24" not in urgent_br


async def test_a_german_speaker_in_austria_reads_1450_and_144(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    texts = services_in(bot, "de-AT")
    chat = ChatSession(local_api, new_user(language_code="de-at"))
    for flow in ("twitch", "spasm"):
        urgent = (await tap_vignette(chat, texts, first_vignette(flow, Level.URGENT))).text
        assert "1450" in urgent
        assert "116 117" not in urgent
        assert "111" not in urgent
        assert "Ordination" in urgent
    emergency = (await tap_vignette(chat, texts, first_vignette("spasm", Level.EMERGENCY))).text
    assert emergency.split("\n")[0].index("144") < emergency.split("\n")[0].index("112")


async def test_argentina_names_both_crisis_lines(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="es-AR"))
    crisis = (await chat.send("quiero quitarme la vida")).last.text
    assert "0800 999 0091" in crisis
    assert "0800 345 1435" in crisis
    spain = ChatSession(local_api, new_user(language_code="es-ES"))
    assert "0800 345 1435" not in (await spain.send("quiero quitarme la vida")).last.text


def test_a_service_name_holds_its_numbers() -> None:
    assert service_name(LocalService(None, ("116 117", "15"), ("s",)), "ou") == "116 117 ou 15"
    assert service_name(LocalService("SNS 24", ("808 24 24 24",), ("s",)), "ou") == (
        "SNS 24 (808 24 24 24)"
    )
    assert service_name(LocalService("NHS 111", ("111",), ("s",)), "or") == "NHS 111"


def test_the_walk_covers_every_country_file() -> None:
    assert len(COUNTRIES) >= 28
    assert set(SPEC_SERVICES) <= set(SERVICES)
    assert all((Path(DEFAULT_CONTENT_DIR) / "numbers" / f"{r}.yaml").is_file() for r in SERVICES)
