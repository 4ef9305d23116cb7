"""The medical-translation review of December 2026 (shared/reviews/translations-2026-12.md), as
a user of each language sees it: the checked English copy under an emergency is entirely
English, each country's numbers come in the order its people know, no translation sends a
user to a British service, and the wordings the review found wrong do not come back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tgbot.bot.context import BotApplication
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.locales import content_languages
from tgbot.core.triage import Level
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from ..core.triage.test_triage_vignettes import VIGNETTES, Vignette
from .test_languages import Speaker, plain, services_in, speaker, tap_vignette

# The translations; their variants (pt-PT...): tests/e2e/test_local_services.py.
TRANSLATIONS = [
    code for code in content_languages(DEFAULT_CONTENT_DIR) if code != "en" and "-" not in code
]


@pytest.fixture(params=TRANSLATIONS)
def person(request: pytest.FixtureRequest) -> Speaker:
    return speaker(str(request.param))


def english_user_of(person: Speaker) -> str:
    """An English-speaking user of the same country: the same numbers, the checked texts."""
    _, _, region = person.language_code.partition("-")
    return f"en-{region}" if region else "en"


def first_vignette(flow: str, level: Level) -> Vignette:
    return next(v for v in VIGNETTES if v.flow == flow and v.expected is level)


@pytest.mark.parametrize("flow", ["twitch", "spasm"])
async def test_the_english_copy_under_a_tapped_emergency_is_entirely_english(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    person: Speaker,
    flow: str,
) -> None:
    texts = services_in(bot, person.language)
    vignette = first_vignette(flow, Level.EMERGENCY)
    translated = await tap_vignette(
        ChatSession(local_api, new_user(language_code=person.language_code)), texts, vignette
    )
    english = await tap_vignette(
        ChatSession(local_api, new_user(language_code=english_user_of(person))),
        services_in(bot, "en"),
        vignette,
    )
    heading = plain(texts.content.messages["emergency_in_english"])
    _, _, copy = translated.text.partition(heading)
    # No translation is clinically reviewed yet (no clinician has signed one off).
    assert copy.strip() == english.text.strip()


async def test_the_english_copy_under_a_typed_emergency_is_entirely_english(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser], person: Speaker
) -> None:
    texts = services_in(bot, person.language)
    translated = ChatSession(local_api, new_user(language_code=person.language_code))
    english = ChatSession(local_api, new_user(language_code=english_user_of(person)))
    reply = (await translated.send(person.typed_red_flag)).last.text
    heading = plain(texts.content.messages["emergency_in_english"])
    _, _, copy = reply.partition(heading)
    checked = (await english.send(person.typed_red_flag)).last.text
    assert copy.strip() != ""
    # The English user's answer ends with nothing but the emergency answer too.
    assert copy.strip() == checked.strip()


async def test_an_austrian_calls_144_first(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="de-AT"))
    first_line = (await chat.send("meine Gesichtshälfte hängt plötzlich herab")).last.text
    assert first_line.split("\n")[0].startswith("🚨 Rufen Sie jetzt 144 oder 112 an.")


async def test_a_french_emergency_names_each_number_with_its_article(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="fr-FR"))
    reply = (await chat.send("un côté de mon visage tombe")).last.text
    assert reply.split("\n")[0].startswith("🚨 Appelez le 15 ou le 112 maintenant.")


BRITISH_SERVICES = ("111", "Großbritannien", "Великобритании", "Royaume-Uni", "Reino Unido")


@pytest.mark.parametrize(
    "vignette",
    [first_vignette("twitch", Level.URGENT), first_vignette("spasm", Level.URGENT)],
    ids=["twitch", "spasm"],
)
async def test_an_urgent_outcome_never_sends_a_user_to_a_british_service(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    person: Speaker,
    vignette: Vignette,
) -> None:
    texts = services_in(bot, person.language)
    chat = ChatSession(local_api, new_user(language_code=person.language_code))
    outcome = (await tap_vignette(chat, texts, vignette)).text
    assert outcome.split("\n")[0] == plain(texts.triage.texts.levels[Level.URGENT].headline)
    assert [name for name in BRITISH_SERVICES if name in outcome] == []


def test_the_child_answer_and_the_topics_never_send_a_user_to_nhs_111(
    bot: BotApplication, person: Speaker
) -> None:
    texts = services_in(bot, person.language)
    groups = texts.safety.phrase_sets[person.language].groups
    child = next(group.text for group in groups if group.id == "child")
    topics = texts.content.topics.values()
    sections = [s.html for topic in topics for s in topic.sections.values()]
    # The quinine section may say how British doctors prescribe it (a fact, not a service).
    for text in (child, *sections):
        assert "111" not in text, text[:80]


# What the review found wrong, language by language: none of it is shown any more. (The
# statin advice may still name the NHS as the source of its advice, and the quinine text
# says where it is prescribed so: those are facts about the UK, not services offered.)
WRONG_WORDINGS: dict[str, tuple[str, ...]] = {
    "es": (
        "actuar según estos pensamientos",
        "revisó el tuyo",
        "médico lo revisó",
        "Busca que te vea",
        "Vale,",
        " leve ",
        " leves ",
        "Para lo que estás haciendo",
        "servicio de salud inglés",
    ),
    "de": (
        "Gedanken umsetzen",
        "<b>Warten Sie nicht</b>, ob",
        "wund bleibt",
        "Verspannungen",
        "Ohnmacht oder Abwesenheit",
        "Gesundheitsinfos",
        "Warum das jetzt Hilfe braucht",
        "in Großbritannien 111",
    ),
    "fr": (
        "fait une crise",
        "parole confuse",
        "parole est confuse",
        "parole soudain difficile ou confuse",
        "Aucun de ceux-ci",
        "nerfs écrasés",
        "Ce qui a décidé",
        "(en\nFrance, le 116 117).",
    ),
    "pt": ("pôr esses pensamentos em prática", "são comuns e inofensivas"),
    "ru": (
        "по номеру 111",
        "это 111",
        "NHS 111",
        "Помощь себе дома",
        "Не ждите</b>, что",
        "внезапно стала невнятной речь",
        "Лицо опустилось",
        "как когти",
    ),
}


def texts_of(language: str) -> Iterator[str]:
    """Every string of a language's files, as written."""
    files = [DEFAULT_CONTENT_DIR / "phrases" / f"{language}.yaml"]
    files += sorted((DEFAULT_CONTENT_DIR / "locales" / language).rglob("*.yaml"))
    for file in files:
        yield from strings(yaml.safe_load(Path(file).read_text(encoding="utf-8")))


def strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_wordings_the_review_found_wrong_are_gone(language: str) -> None:
    wrong = WRONG_WORDINGS[language]
    found = sorted({w for text in texts_of(language) for w in wrong if w in text})
    assert found == []


def test_the_review_is_covered_in_every_translation() -> None:
    assert sorted(WRONG_WORDINGS) == sorted(TRANSLATIONS)


def group_text(bot: BotApplication, language: str, group_id: str) -> str:
    groups = services_in(bot, language).safety.phrase_sets[language].groups
    return plain(next(g.text for g in groups if g.id == group_id))


@pytest.mark.parametrize(
    ("language_code", "typed"),
    [
        ("en-GB", "I have a tic in my eye"),
        ("es-ES", "tengo un tic en el ojo"),
        ("fr-FR", "j'ai des tics à l'oeil depuis hier"),
        ("pt-BR", "estou com uns tiques no olho"),
    ],
)
async def test_a_tic_of_the_eyelid_gets_the_twitch_page_not_the_tics_answer(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    language_code: str,
    typed: str,
) -> None:
    language = language_code.split("-")[0]
    chat = ChatSession(local_api, new_user(language_code=language_code))
    reply = (await chat.send(typed)).last.text
    overview = plain(services_in(bot, language).content.topics["twitch"].overview_html)
    assert overview.split("\n")[0] in reply
    assert group_text(bot, language, "tics").split("\n")[0] not in reply


async def test_french_ait_is_not_a_portuguese_stroke(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="fr-FR"))
    reply = (await chat.send("mon mari a des crampes bien qu'il ait beaucoup bu")).last.text
    assert not reply.startswith("🚨")
    assert plain(services_in(bot, "fr").content.topics["spasm"].overview_html)[:40] in reply


async def test_contractions_in_pregnancy_get_the_labour_answer_not_the_twitch_page(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="fr-FR"))
    reply = (await chat.send("je suis enceinte et j'ai des contractions toutes les 5 minutes")).last
    assert group_text(bot, "fr", "labour")[:60] in reply.text
    overview = plain(services_in(bot, "fr").content.topics["twitch"].overview_html)
    assert overview.split("\n")[0] not in reply.text
