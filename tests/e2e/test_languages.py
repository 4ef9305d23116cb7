"""Every language of content/, end to end through the stand-in, as a speaker of it would use
the bot: /start, a topic, a typed question, a full check to each level the flows reach, a
typed red flag and a crisis (the right number for the region), a reminder with its date and
"days ago" (each language at an instant of AROUND_THE_CLOCK in turn, tests/e2e/instants.py),
/language switching, and the offer to switch when a message is in another one. What each
speaker types is in tests/e2e/languages/<code>.yaml."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tgbot.bot.context import BotApplication, Services
from tgbot.bot.languages import review_note
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.clock import PinnedClock
from tgbot.core.content.locales import content_languages
from tgbot.core.content.markup import strip_tags
from tgbot.core.content.store import render_answer
from tgbot.core.dates import days_ago
from tgbot.core.languages import language_name
from tgbot.core.triage import Level, Question, next_step
from tgbot.localapi import BotMessage, ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from ..core.triage.test_triage_vignettes import VIGNETTES, Vignette
from .instants import AROUND_THE_CLOCK, arrives_when_due, calendar_days, choose_zone

LANGUAGES = content_languages(DEFAULT_CONTENT_DIR)
SAMPLES = Path(__file__).parent / "languages"


@dataclass(frozen=True)
class Speaker:
    language: str
    language_code: str
    emergency_number: str
    crisis_number: str
    typed_topic: str
    typed_question: str
    typed_red_flag: str
    typed_crisis: str
    detect_sentence: str


def speaker(language: str) -> Speaker:
    data = yaml.safe_load((SAMPLES / f"{language}.yaml").read_text(encoding="utf-8"))
    return Speaker(language=language, **data)


def plain(html: str) -> str:
    return strip_tags(html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


@pytest.fixture(params=LANGUAGES)
def person(request: pytest.FixtureRequest) -> Speaker:
    return speaker(str(request.param))


@pytest.fixture
def chat(local_api: LocalBotApi, new_user: Callable[..., FakeUser], person: Speaker) -> ChatSession:
    return ChatSession(local_api, new_user(language_code=person.language_code))


def services_in(bot: BotApplication, language: str) -> Services:
    return bot.bot_data.services.speaking(language)


def test_every_language_has_its_speaker_samples() -> None:
    missing = [code for code in LANGUAGES if not (SAMPLES / f"{code}.yaml").is_file()]
    assert missing == [], f"add tests/e2e/languages/<code>.yaml for {missing}"
    assert set(LANGUAGES) >= {"en"}


async def test_start_speaks_the_language_and_names_the_regions_number(
    bot: BotApplication, chat: ChatSession, person: Speaker
) -> None:
    texts = services_in(bot, person.language)
    messages = texts.content.messages
    reply = (await chat.send("/start")).last
    assert reply.text.startswith(plain(messages["welcome"]).split("\n")[0])
    assert person.emergency_number in reply.text
    assert plain(messages["disclaimer"]) in reply.text
    info = texts.knowledge.language
    assert info is not None
    assert (plain(review_note(texts)) in reply.text) is (not info.reviewed)
    if not info.reviewed:
        assert info.signoff is not None
        unsigned = f"{info.signoff.critical_unsigned} "
        assert unsigned in plain(review_note(texts)), "the note says how much is unreviewed"
    assert reply.button_texts == [messages["button_twitch"], messages["button_spasm"]]
    # Telegram keys a command menu by a two-letter language: a variant shows its language's.
    base = person.language.split("-")[0]
    menu = chat.api.commands.get(f'{{"type": "default"}}|{base if base != "en" else ""}')
    assert menu is not None
    assert menu[0]["description"] == services_in(bot, base).content.messages["command_twitch"]


async def test_a_topic_and_a_typed_question_are_answered_in_the_language(
    bot: BotApplication, chat: ChatSession, person: Speaker
) -> None:
    content = services_in(bot, person.language).content
    overview = (await chat.send("/twitch")).last
    assert plain(content.topics["twitch"].overview_html).split("\n")[0] in overview.text
    typed = (await chat.send(person.typed_topic)).last
    assert plain(content.topics["twitch"].overview_html).split("\n")[0] in typed.text
    answer = (await chat.send(person.typed_question)).last
    assert plain(render_answer(content, "is_it_als")).split("\n")[0] in answer.text


async def tap_vignette(chat: ChatSession, texts: Services, vignette: Vignette) -> BotMessage:
    """Tap a vignette's answers in the check, with the labels of `texts`' language, the
    one-time consent question answered yes on the way; returns the last message."""
    messages, triage = texts.content.messages, texts.triage
    flow = triage.flows[vignette.flow]
    await chat.send(f"/{flow.topic}")
    message = (await chat.tap(messages["button_check"])).last
    given: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, given), Question):
        chosen = vignette.answers[step.id]
        for option in step.options:
            if option.id in chosen:
                message = (await chat.tap(option.label)).last
        one_tap = step.kind == "single" or step.ends_on_any_tap or chosen == ("none",)
        emergency = any(o.level is Level.EMERGENCY for o in step.options if o.id in chosen)
        if not one_tap and not emergency:
            message = (await chat.tap(triage.texts.ui.done)).last
        given[step.id] = chosen
        if messages["button_consent_yes"] in message.button_texts:
            message = (await chat.tap(messages["button_consent_yes"])).last
    return message


def level_vignettes() -> list[Vignette]:
    """One vignette per flow and level: every level the flows reach."""
    chosen: dict[tuple[str, Level], Vignette] = {}
    for vignette in VIGNETTES:
        chosen.setdefault((vignette.flow, vignette.expected), vignette)
    return list(chosen.values())


@pytest.mark.parametrize("vignette", level_vignettes(), ids=lambda v: f"{v.flow}-{v.expected}")
async def test_a_full_check_reaches_each_level_in_the_language(
    bot: BotApplication, chat: ChatSession, person: Speaker, vignette: Vignette
) -> None:
    texts = services_in(bot, person.language)
    messages, triage = texts.content.messages, texts.triage
    message = await tap_vignette(chat, texts, vignette)
    headline = plain(triage.texts.levels[vignette.expected].headline)
    first_line = message.text.split("\n")[0]
    if vignette.expected is Level.EMERGENCY:
        before, _, _after = headline.partition("{numbers}")
        assert first_line.startswith(before)
        assert person.emergency_number in first_line
        info = texts.knowledge.language
        assert info is not None
        english = plain(services_in(bot, "en").content.messages["emergency_in_english"])
        assert (plain(messages["emergency_in_english"]) in message.text) is (not info.reviewed)
        if not info.reviewed:
            assert english != ""
            assert "🚨" in message.text.split(plain(messages["emergency_in_english"]))[1]
    else:
        assert first_line == headline
    assert plain(messages["disclaimer"]) in message.text or vignette.expected is Level.EMERGENCY


async def test_typed_red_flag_and_crisis_get_the_regions_numbers(
    bot: BotApplication, chat: ChatSession, person: Speaker
) -> None:
    texts = services_in(bot, person.language)
    emergency = (await chat.send(person.typed_red_flag)).last
    headline = plain(texts.triage.texts.levels[Level.EMERGENCY].headline)
    assert emergency.text.startswith(headline.partition("{numbers}")[0])
    assert person.emergency_number in emergency.text.split("\n")[0]
    crisis = (await chat.send(person.typed_crisis)).last
    assert (person.crisis_number or person.emergency_number) in crisis.text


def each_language_at_an_instant() -> list[object]:
    """Each language with an instant of AROUND_THE_CLOCK, in turn: every instant runs, and
    the languages' plural forms meet the days their instants give ("4 дня назад"), at no cost
    of extra runs."""
    rotation: list[object] = []
    for index, language in enumerate(LANGUAGES):
        instant = AROUND_THE_CLOCK[index % len(AROUND_THE_CLOCK)]
        rotation.append(pytest.param(language, *instant.values, id=f"{language}-{instant.id}"))
    return rotation


@pytest.mark.parametrize(
    ("person", "clock_start", "zone"), each_language_at_an_instant(), indirect=["person"]
)
async def test_a_reminder_gives_its_date_and_days_ago_in_the_language(
    bot: BotApplication, chat: ChatSession, person: Speaker, clock: PinnedClock, zone: str | None
) -> None:
    tz = await choose_zone(chat, zone)
    texts = services_in(bot, person.language)
    messages, triage = texts.content.messages, texts.triage
    vignette = next(v for v in VIGNETTES if v.flow == "twitch" and v.expected is Level.SELF_CARE)
    await tap_vignette(chat, texts, vignette)
    await chat.tap(triage.texts.ui.remind_me)
    confirmation = (await chat.tap(messages["button_remind_3d"])).last.text
    services = bot.bot_data.services
    (pending,) = await services.reminders.repo.pending_for(chat.user.id)
    zone_shown = await services.reminders.timezone_of(chat.user.id)
    when = texts.local_clock(zone_shown, person.language_code).soon(pending.due_at)
    assert plain(messages["remind_set"]).split("{when}")[0] in confirmation
    assert when in confirmation
    assert zone_shown == tz
    (episode,) = await services.finished_checks.for_user(chat.user.id)
    reminder, _ = await arrives_when_due(bot, chat, clock, tz)
    # Calendar days on the user's wall: 3, or 4 after a late-evening check put off to the
    # morning.
    days = calendar_days(episode.created_at, pending.due_at, tz)
    assert days == (4 if episode.created_at.astimezone(tz).hour >= 22 else 3)
    locale = texts.local_clock(tz, person.language_code).language
    assert reminder.text.startswith("👋")
    assert days_ago(days, locale) in reminder.text


async def test_language_switching_and_back(
    bot: BotApplication, chat: ChatSession, person: Speaker
) -> None:
    other = "en" if person.language != "en" else next((c for c in LANGUAGES if c != "en"), "en")
    choice = (await chat.send("/language")).last
    assert f"✓ {language_name(person.language)}" in choice.button_texts
    switched = (await chat.tap(language_name(other))).last
    other_texts = services_in(bot, other).content.messages
    assert switched.text.startswith(plain(other_texts["welcome"]).split("\n")[0])
    changed = chat.bot_messages[-2].text
    assert plain(other_texts["language_set"]).split("{language}")[0] in changed
    help_text = (await chat.send("/help")).last.text
    assert help_text.startswith(plain(other_texts["help"]).split("\n")[0])
    settings_text = (await chat.send("/settings")).last.text
    assert other_texts["settings_language"].format(language=language_name(other)) in settings_text
    await chat.send("/language")
    (await chat.tap(language_name(person.language)))
    own = services_in(bot, person.language).content.messages
    assert (await chat.send("/help")).last.text.startswith(plain(own["help"]).split("\n")[0])


async def test_a_message_in_another_language_gets_an_offer_to_switch(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser], person: Speaker
) -> None:
    assert len(LANGUAGES) > 1, "the bot speaks six languages"
    base = person.language.split("-")[0]
    other = "en" if base != "en" else next(c for c in LANGUAGES if not c.startswith("en"))
    # Someone of the speaker's country whose Telegram is in another language: the offer is the
    # variant of their country where there is one (pt-PT in Portugal), else the language.
    _, _, region = person.language_code.partition("-")
    listener = ChatSession(local_api, new_user(language_code=f"{other}-{region}"))
    offer = (await listener.send(person.detect_sentence)).last
    own = services_in(bot, person.language).content.messages
    name = language_name(person.language)
    assert offer.text == plain(own["switch_offer"].format(language=name))
    switched = (await listener.tap(own["button_switch_language"].format(language=name))).last
    assert switched.text.startswith(plain(own["welcome"]).split("\n")[0])
