"""Latin American Spanish (es-419) speaks to the user as usted, with the region's words and
the user's country's numbers, while Spain's Spanish keeps tú (issue 28, item 2). A user from
Mexico, Argentina or Colombia walks both checks to every level; one from Spain walks the same
answers, so the scan that finds no tú in es-419 is shown to find it where it is."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tgbot.bot.context import BotApplication, Services
from tgbot.core.triage import Level, Question, next_step
from tgbot.localapi import ChatSession, LocalBotApi, Reply
from tgbot.localapi.models import FakeUser

from ..core.triage.test_triage_vignettes import Vignette
from .test_languages import level_vignettes, plain, services_in

# Forms that address the reader as tú and never as usted: its pronouns and possessives, verbs
# in the second person singular, and tú's imperatives where usted's differ (toca / toque).
TU = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|tienes|puedes|quieres|estás|eres|sientes|necesitas|tomas|"
    r"notas|llevas|dijiste|toca|llama|pide|dile|diles|cuídate|pregúntame|recuérdamelo|"
    r"conduzcas)\b",
    re.IGNORECASE,
)
# Forms that address the reader as usted.
USTED = re.compile(r"\b(usted|su|sus|le|Llame|Vaya|Pida|Toque|Dígale|Dígales|maneje)\b")
# Spain's words that Latin America says otherwise (es-419/language.yaml says which).
SPAIN_ONLY = re.compile(r"\b(conduzcas|conducir|médico de cabecera|pide cita|ictus|vale)\b", re.I)

# (Telegram tag, the number the emergency headline names first, the crisis line's number)
COUNTRIES = [
    ("es-MX", "911", "800 911 2000"),
    ("es-AR", "107", "0800 999 0091"),
    ("es-CO", "123", "106"),
]


def tu_forms(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 20] for m in TU.finditer(text)]


async def walk(chat: ChatSession, texts: Services, vignette: Vignette) -> tuple[str, str]:
    """Tap a vignette's answers with `texts`' labels (consent: yes); returns everything the
    bot sent or edited on the way, and the outcome's text."""
    messages, triage = texts.content.messages, texts.triage
    flow = triage.flows[vignette.flow]
    seen: list[Reply] = [await chat.send(f"/{flow.topic}")]
    seen.append(await chat.tap(messages["button_check"]))
    given: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, given), Question):
        chosen = vignette.answers[step.id]
        for option in step.options:
            if option.id in chosen:
                seen.append(await chat.tap(option.label))
        one_tap = step.kind == "single" or step.ends_on_any_tap or chosen == ("none",)
        emergency = any(o.level is Level.EMERGENCY for o in step.options if o.id in chosen)
        if not one_tap and not emergency:
            seen.append(await chat.tap(triage.texts.ui.done))
        given[step.id] = chosen
        if messages["button_consent_yes"] in seen[-1].last.button_texts:
            seen.append(await chat.tap(messages["button_consent_yes"]))
    everything = "\n\n".join(
        "\n".join([m.text, *m.button_texts]) for reply in seen for m in reply.messages
    )
    return everything, seen[-1].last.text


def in_variant(text: str, texts: Services) -> str:
    """The text without the checked English copy under an emergency (English, not Spanish)."""
    return text.split(plain(texts.content.messages["emergency_in_english"]))[0]


@pytest.mark.parametrize(("tag", "first_number", "_crisis"), COUNTRIES)
@pytest.mark.parametrize("vignette", level_vignettes(), ids=lambda v: f"{v.flow}-{v.expected}")
async def test_a_latin_american_user_is_addressed_as_usted_in_both_checks(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    tag: str,
    first_number: str,
    _crisis: str,
    vignette: Vignette,
) -> None:
    texts = services_in(bot, "es-419")
    chat = ChatSession(local_api, new_user(language_code=tag.lower()))
    everything, outcome = await walk(chat, texts, vignette)
    spanish = in_variant(everything, texts)
    assert tu_forms(spanish) == []
    assert SPAIN_ONLY.findall(spanish) == []
    assert len(USTED.findall(in_variant(outcome, texts))) >= 2, outcome
    if vignette.expected is Level.EMERGENCY:
        assert outcome.startswith(f"🚨 Llame ya al {first_number}")
        assert "No maneje usted." in outcome
        assert "Si está ayudando a otra persona, quédese con ella." in outcome


@pytest.mark.parametrize("vignette", level_vignettes(), ids=lambda v: f"{v.flow}-{v.expected}")
async def test_a_user_from_spain_walking_the_same_answers_is_addressed_as_tu(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    vignette: Vignette,
) -> None:
    texts = services_in(bot, "es")
    chat = ChatSession(local_api, new_user(language_code="es-es"))
    everything, outcome = await walk(chat, texts, vignette)
    assert len(tu_forms(in_variant(everything, texts))) >= 3
    if vignette.expected is Level.EMERGENCY:
        assert outcome.startswith("🚨 Llama ya al 112")
        assert "No conduzcas tú." in outcome


@pytest.mark.parametrize(("tag", "first_number", "crisis_number"), COUNTRIES)
async def test_typed_emergency_and_crisis_name_the_users_countrys_numbers(
    bot: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    tag: str,
    first_number: str,
    crisis_number: str,
) -> None:
    texts = services_in(bot, "es-419")
    chat = ChatSession(local_api, new_user(language_code=tag.lower()))
    emergency = (await chat.send("se me cae un lado de la cara")).last.text
    assert emergency.startswith(f"🚨 Llame ya al {first_number}")
    assert "No espere" in emergency
    assert "No maneje usted." in emergency
    assert tu_forms(in_variant(emergency, texts)) == []
    crisis = (await chat.send("quiero quitarme la vida")).last.text
    assert crisis_number in crisis
    assert "024" not in crisis  # Spain's line is never offered to a Latin American user
    assert "Lamento mucho que se sienta así. No tiene que pasar por esto sin ayuda." in crisis
    assert "Puede hablar con alguien ahora mismo" in crisis
    assert f"llame ya al {first_number}" in crisis
    assert tu_forms(crisis) == []


async def test_a_user_from_spain_gets_the_crisis_answer_in_tu_with_spains_line(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="es-es"))
    crisis = (await chat.send("quiero quitarme la vida")).last.text
    assert "024" in crisis
    assert "Puedes hablar con alguien ahora mismo" in crisis
    assert len(tu_forms(crisis)) >= 3
