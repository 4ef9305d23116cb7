"""Local services by country (clinical spec v3, "Local services"; issue 28): the urgent and
doctor outcomes, the spasm page's "get help today", the child answer and every out-of-scope
answer that sends the user to a doctor name the service of the user's country, with its number
(or, where it has no one number, its name in the user's language), and never another
country's; a country without one gets the plain "a doctor today, or urgent care". Every
country of content/numbers in every language and regional variant the bot offers."""

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
from tgbot.core.knowledge import Library
from tgbot.core.local_services import service_name
from tgbot.core.safety.models import Kind, LocalService, PhraseGroup
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
# Canada and Switzerland (issue 28): 811 where the provinces have it; the canton's on-call
# doctors, who have no one number for the whole country.
CANADA_AND_SWITZERLAND = {"ca": ["811"], "ch": []}


def whens(text: str) -> list[str]:
    """The services a text names: "today", "soon" or both."""
    return [when for when in ("today", "soon") if f"{{local_service_{when}}}" in text]


# The English out-of-scope answers as content/phrases/en.yaml writes them (the test's own
# reading): (group id, "today" or "soon") for each service it names.
ENGLISH_GROUPS: list[dict[str, Any]] = yaml.safe_load(
    (DEFAULT_CONTENT_DIR / "phrases" / "en.yaml").read_text(encoding="utf-8")
)["groups"]
ENGLISH_ANSWERS = sorted(
    (str(g["id"]), when)
    for g in ENGLISH_GROUPS
    if g["kind"] == "out_of_scope"
    for when in whens(str(g["text"]))
)


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
    numbers = SERVICES[region].get("numbers") or []
    assert isinstance(numbers, list)
    return [str(n) for n in numbers]


def name_in(region: str, language: str) -> str | None:
    """The service's name as the file gives it for `language`: the variant's own (pt-PT),
    else its base language's, else the English one; or its one name in every language."""
    name = SERVICES[region].get("name")
    if not isinstance(name, dict):
        return None if name is None else str(name)
    for code in (language, language.split("-")[0], "en"):
        if code in name:
            return str(name[code])
    raise AssertionError(f"{region}: no English name")


def others_numbers(region: str) -> set[str]:
    """Every other country's service numbers that this country does not use itself (New
    Zealand's emergency number is 111, the UK's NHS 111 is not)."""
    own = set(numbers_of(region)) if region in SERVICES else set()
    own |= {str(n) for n in NUMBERS[region]["emergency"]}
    return {n for other in SERVICES if other != region for n in numbers_of(other)} - own


def others_names(region: str, language: str) -> set[str]:
    """Every other country's service names as `language` reads them (NHS 111, SNS 24, the
    canton's on-call doctors), but for one this country's own name holds."""
    own = name_in(region, language) if region in SERVICES else None
    names = {name_in(other, language) for other in SERVICES if other != region}
    return {name for name in names if name is not None and name != own}


def assert_names_only_its_own(services: Services, region: str, text: str, when: str) -> None:
    """`when`: "today" (get help today) or "soon" (a visit in the coming days, named only for
    a service that is not an out-of-hours line)."""
    messages = services.content.messages
    shown = plain(text)
    plain_sentence = plain(messages[f"local_service_{when}_none"])
    if region in SERVICES and (when == "today" or SERVICES[region].get("soon", True)):
        for number in numbers_of(region):
            assert number in shown, (services.language, region, shown[:300])
        if not numbers_of(region):
            # No one number: the name says whom to call, in the user's language.
            name = name_in(region, services.language)
            assert name is not None, region
            assert name in shown, (services.language, region, shown)
        assert plain_sentence not in shown
    else:
        # No such service of its own: the plain sentence, and no number of any service.
        assert plain_sentence in shown, (services.language, region, when)
    stray = [n for n in others_numbers(region) if n in shown]
    stray += [name for name in others_names(region, services.language) if name in shown]
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
    """The urgent and doctor outcomes of both checks, the spasm page, the child answer and
    the other out-of-scope answers, as each language and variant renders them for a user of
    each country."""
    shared = bot.bot_data.services
    vignettes = [
        first_vignette(f, level)
        for f in ("twitch", "spasm")
        for level in (Level.URGENT, Level.DOCTOR)
    ]
    walked = answered = 0
    for language in shared.library.offered:
        services = shared.speaking(language)
        base = language.split("-")[0]
        answers = out_of_scope_answers(services)
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
            for group, when in answers:
                reply = out_of_scope_reply(services, group, tag)
                assert_names_only_its_own(services, region, reply, when)
                answered += 1
    assert walked == len(shared.library.offered) * len(COUNTRIES) * len(vignettes)
    assert answered == len(shared.library.offered) * len(COUNTRIES) * len(ENGLISH_ANSWERS)


def out_of_scope_answers(services: Services) -> list[tuple[PhraseGroup, str]]:
    """The language's out-of-scope answers, each with the service it names: "today" (the
    child answer; period pain when one could be pregnant) or "soon" (see a doctor)."""
    groups = services.safety.phrase_sets[services.language.split("-")[0]].groups
    found = [(g, when) for g in groups if g.kind is Kind.OUT_OF_SCOPE for when in whens(g.text)]
    # The same answers name the same service in every language.
    assert sorted((g.id, when) for g, when in found) == ENGLISH_ANSWERS, services.language
    return found


def test_every_out_of_scope_answer_that_sends_the_user_to_a_doctor_names_the_service() -> None:
    """Every out-of-scope answer says where to go: today (a child; period pain when one could
    be pregnant), or in the coming days (the others)."""
    out_of_scope = {g["id"] for g in ENGLISH_GROUPS if g["kind"] == "out_of_scope"}
    assert {group_id for group_id, _when in ENGLISH_ANSWERS} == out_of_scope
    assert ("child", "today") in ENGLISH_ANSWERS
    assert ("period_pain", "today") in ENGLISH_ANSWERS
    assert ("restless_legs", "soon") in ENGLISH_ANSWERS


def test_canada_and_switzerland_have_their_services_named_in_every_language(
    library: Library,
) -> None:
    """811 in Canada, the canton's on-call doctors in Switzerland (no one number, so no
    "coming days" line), each with sources of content/sources.yaml, and named in each of the
    bot's languages (a name, or the number inside it, fits every language's sentence)."""
    catalogue = yaml.safe_load((DEFAULT_CONTENT_DIR / "sources.yaml").read_text(encoding="utf-8"))
    known = {entry["id"] for entry in catalogue["sources"]}
    for region, numbers in CANADA_AND_SWITZERLAND.items():
        assert numbers_of(region) == numbers
        sources = SERVICES[region]["sources"]
        assert isinstance(sources, list), region
        assert sources, region
        assert set(sources) <= known, region
        names = SERVICES[region]["name"]
        assert isinstance(names, dict), region
        assert set(library.languages) <= set(names), (region, sorted(names))
        for language, name in names.items():
            assert all(number in name for number in numbers), (region, language)
    assert SERVICES["ch"]["soon"] is False
    assert SERVICES["ca"].get("soon", True) is True


async def test_canadians_read_811_and_the_swiss_their_cantons_on_call_doctors(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    """Through the bot: an urgent outcome and an out-of-scope answer, for users whose
    Telegram names Canada (English, Canadian French) or Switzerland (Swiss German, French)."""
    english_ca = ChatSession(local_api, new_user(language_code="en-CA"))
    texts = services_in(bot, "en")
    urgent = (await tap_vignette(english_ca, texts, first_vignette("spasm", Level.URGENT))).text
    assert "call 811 (in most provinces and territories)" in urgent
    hiccups = (await english_ca.send("I have had hiccups since yesterday")).last.text
    assert "811 (in most provinces and territories) can advise you" in hiccups
    french_ca = ChatSession(local_api, new_user(language_code="fr-CA"))
    assert services_in(bot, "fr-CA").language == "fr-CA"
    hoquet = (await french_ca.send("j'ai le hoquet depuis hier")).last.text
    assert "Le 811 (dans la plupart des provinces et territoires" in hoquet
    swiss = ChatSession(local_api, new_user(language_code="de-CH"))
    german = services_in(bot, "de-CH")
    urgent_ch = (await tap_vignette(swiss, german, first_vignette("twitch", Level.URGENT))).text
    assert "rufen Sie den ärztlichen Notfalldienst Ihres Kantons an" in urgent_ch
    period = (await swiss.send("ich habe starke Regelschmerzen")).last.text
    assert "rufen Sie den ärztlichen Notfalldienst Ihres Kantons an" in period
    french_ch = ChatSession(local_api, new_user(language_code="fr-CH"))
    regles = (await french_ch.send("j'ai des règles douloureuses")).last.text
    assert "appelez le service des médecins de garde de votre canton" in regles
    for text in (urgent, hiccups, hoquet, urgent_ch, period, regles):
        for elsewhere in ("116 117", "1450", "1733", "NHS 111", "SNS 24"):
            assert elsewhere not in text, (elsewhere, text[:200])
    for text in (urgent_ch, period, regles):
        assert "811" not in text


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
    named = LocalService("811 (here)", ("811",), ("s",), names={"fr": "811 (ici)", "pt-PT": "x"})
    assert service_name(named, "ou", "fr-CA") == "811 (ici)"
    assert service_name(named, "or", "de") == "811 (here)"
    assert service_name(named, "ou", "pt-PT") == "x (811)"
    cantons = LocalService("the canton's doctors", (), ("s",), soon=False, names={"de": "Kanton"})
    assert service_name(cantons, "und", "de-CH") == "Kanton"
    assert service_name(cantons, "or", "ru") == "the canton's doctors"
    assert service_name(LocalService("SNS 24", ("808 24 24 24",), ("s",)), "ou") == (
        "SNS 24 (808 24 24 24)"
    )
    assert service_name(LocalService("NHS 111", ("111",), ("s",)), "or") == "NHS 111"


def test_the_walk_covers_every_country_file() -> None:
    assert len(COUNTRIES) >= 28
    assert set(SPEC_SERVICES) <= set(SERVICES)
    assert all((Path(DEFAULT_CONTENT_DIR) / "numbers" / f"{r}.yaml").is_file() for r in SERVICES)
