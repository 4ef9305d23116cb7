"""The typed-message safety net through the real bot (clinical spec, version 3).

The sample of how people write (tests/safety/corpus/, with ../shared/safety/typed-dev.yaml)
goes through the bot on the stand-in, each message from a user with that message's Telegram
language: every emergency and crisis caught, every ambiguous message asked about (or answered
as an emergency), at most 1 calm message in 20 alarmed. Then what the answers must do: read the
whole message, captions, edits and groups; see through disguised letters; name the crisis
lines of the user's language's countries; ask once when in doubt, in every language.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication, Services
from tgbot.bot.ratelimit import PacedRateLimiter
from tgbot.cli.safety import Case, read_corpus
from tgbot.config import Settings
from tgbot.core.clock import Clock
from tgbot.core.knowledge import Library
from tgbot.core.safety import crisis_group
from tgbot.core.triage.models import Level
from tgbot.localapi import BotMessage, ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

from .test_languages import plain

CORPUS = Path(__file__).parents[1] / "safety" / "corpus"
SHARED_DEV = Path(__file__).parents[3] / "shared" / "safety" / "typed-dev.yaml"
_users = itertools.count(900_001)


def services_for(bot: BotApplication, language: str) -> Services:
    return bot.bot_data.services.speaking(language)


@dataclass(frozen=True)
class Answered:
    emergency: bool
    crisis: bool
    ask: bool
    replies: tuple[BotMessage, ...]

    @property
    def alarmed(self) -> bool:
        return self.emergency or self.crisis or self.ask


def classify(services: Services, language: str | None, replies: tuple[BotMessage, ...]) -> Answered:
    headline = plain(services.triage.texts.levels[Level.EMERGENCY].headline)
    call = headline.partition("{numbers}")[0]
    number = services.numbers(language).split()[0]
    group = crisis_group(services.safety.phrase_sets[services.knowledge.base])  # pt-PT: pt
    crisis_starts = {
        plain(template).split("\n")[0][:20] for template in (group.text, group.about_someone or "")
    }
    emergency = any(m.text.startswith(call) and number in m.text.split("\n")[0] for m in replies)
    crisis = any(m.text[:20] in crisis_starts for m in replies)
    ask = any(m.button_texts and m.button_texts[0].startswith("🚨") for m in replies)
    return Answered(emergency, crisis, ask, replies)


async def send_batch(bot: BotApplication, api: LocalBotApi, cases: list[Case]) -> list[Answered]:
    """Every case from a new user at once; then everything the bot said to each, once it has
    handled every message (an emergency and a crisis are two messages)."""
    chats = [
        ChatSession(api, FakeUser(next(_users), first_name="Sam", language_code=c.language))
        for c in cases
    ]
    sent: list[int] = []
    for chat, case in zip(chats, cases, strict=True):
        api.user_message(chat.user, case.text, chat.chat)
        assert api.last_update_id is not None
        sent.append(api.last_update_id)
    for update_id in sent:
        assert await api.wait_handled(update_id, timeout=30), "the bot handles every message"
    return [
        classify(services_for(bot, c.language), c.language, tuple(chat.bot_messages))
        for chat, c in zip(chats, cases, strict=True)
    ]


def corpus_cases() -> list[Case]:
    cases: list[Case] = []
    for file in sorted(CORPUS.glob("*.yaml")):
        cases += read_corpus(file)
    if SHARED_DEV.is_file():
        cases += read_corpus(SHARED_DEV)
    return cases


def right(case: Case, answered: Answered) -> bool:
    if case.expect in ("emergency", "ask"):
        return answered.emergency or answered.ask
    if case.expect == "crisis":
        return answered.crisis
    return not answered.alarmed


@pytest.fixture
async def fast_bot(
    settings: Settings, library: Library, clock: Clock
) -> AsyncIterator[BotApplication]:
    """The real bot without the overall pace of 30 sends a second (the corpus is large)."""
    application = build_application(
        settings, library=library, clock=clock, limiter=PacedRateLimiter(per_second=None)
    )
    async with running(application):
        yield application


@pytest.mark.timeout(600)
async def test_the_typed_corpora_through_the_real_bot(
    fast_bot: BotApplication, local_api: LocalBotApi
) -> None:
    local_api.flood_limits = None  # 50 people at once, at full speed: no flood control
    cases = corpus_cases()
    assert len(cases) >= 600, "the dev sample and our own corpora"
    answers: list[Answered] = []
    for start in range(0, len(cases), 50):
        answers += await send_batch(fast_bot, local_api, cases[start : start + 50])
    wrong = [
        f"[{c.language}] {c.expect}/{c.group}: {c.text}"
        for c, a in zip(cases, answers, strict=True)
        if not right(c, a) and c.expect != "calm"
    ]
    assert wrong == [], "\n".join(wrong)
    calm = [(c, a) for c, a in zip(cases, answers, strict=True) if c.expect == "calm"]
    alarmed = [c.text for c, a in calm if a.alarmed]
    assert len(alarmed) * 20 <= len(calm), alarmed


@pytest.fixture
def new_chat(local_api: LocalBotApi) -> Callable[[str | None], ChatSession]:
    def make(language: str | None) -> ChatSession:
        return ChatSession(local_api, FakeUser(next(_users), "Kim", language_code=language))

    return make


async def test_a_red_flag_after_600_words_is_answered_first(
    bot_app: BotApplication, new_chat: Callable[[str | None], ChatSession]
) -> None:
    chat = new_chat("en-GB")
    story = "my calves cramp at night and I stretch them before bed as you said " * 46
    assert len(story.split()) > 600
    reply = await chat.send(story + "but now I suddenly cannot breathe and my chest is tight")
    first = reply.messages[0]
    assert first.text.startswith("🚨 Call 999")
    assert "That message is very long" not in first.text


async def test_a_red_flag_in_a_photo_caption(
    bot_app: BotApplication, local_api: LocalBotApi, new_chat: Callable[[str | None], ChatSession]
) -> None:
    chat = new_chat("en-US")
    since = local_api.call_count
    photo = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    local_api.user_sends(chat.user, {"photo": photo, "caption": "her face is drooping on one side"})
    await local_api.wait_for_calls(chat.chat.id, since)
    assert chat.bot_messages[0].text.startswith("🚨 Call 911")


async def test_disguised_letters_are_seen_through(
    bot_app: BotApplication, new_chat: Callable[[str | None], ChatSession]
) -> None:
    chat = new_chat("en-GB")
    # A Cyrillic о, a zero-width space and a soft hyphen inside "stroke", "face", "drooping".
    reply = await chat.send("I think it's a str\u043eke, my fa\u200bce is droo\u00adping")
    assert reply.messages[0].text.startswith("🚨 Call 999")


async def test_a_red_flag_in_an_edited_message(
    bot_app: BotApplication, local_api: LocalBotApi, new_chat: Callable[[str | None], ChatSession]
) -> None:
    chat = new_chat("en-GB")
    sent = local_api.compose_message(chat.user, "my calf cramps after running")
    await chat.send_update(local_api.message_update(sent))
    since = local_api.call_count
    local_api.user_edits(
        chat.user, sent, "my calf cramps and now my dad collapsed, he isnt breathing"
    )
    await local_api.wait_for_calls(chat.chat.id, since)
    answer = chat.last.text
    assert answer.startswith("🚨 Call 999")
    assert "CPR" in answer


async def test_a_red_flag_in_a_group(bot_app: BotApplication, local_api: LocalBotApi) -> None:
    user = FakeUser(next(_users), "Ali", language_code="en-GB")
    chat = ChatSession(local_api, user, local_api.group_chat(-100_555))
    reply = await chat.send("my mate is fitting on the floor and not responding")
    assert reply.messages[0].text.startswith("🚨 Call 999")


# The crisis line(s) of a bare language code: the countries where it is most spoken.
BARE_LANGUAGE_LINES = {
    "en": ["116 123", "988", "13 11 14"],
    "es": ["024", "800 911 2000"],
    "de": ["0800 111 0 111", "142", "143"],
    "fr": ["3114", "0800 32 123", "143"],
    "pt": ["188", "1411"],
}


@pytest.mark.parametrize("language", ["en", "es", "de", "fr", "pt", "ru"])
async def test_a_crisis_with_a_bare_language_names_its_countries_lines(
    bot_app: BotApplication, new_chat: Callable[[str | None], ChatSession], language: str
) -> None:
    services = services_for(bot_app, language)
    own = services.safety.phrase_sets[language]
    chat = new_chat(language)
    message = {
        "en": "I want to kill myself",
        "es": "quiero matarme",
        "de": "ich will mich umbringen",
        "fr": "je veux me suicider",
        "pt": "quero me matar",
        "ru": "хочу покончить с собой",
    }[language]
    reply = await chat.send(message)
    (answer,) = [m for m in reply.messages if "💙" in m.text]
    for number in BARE_LANGUAGE_LINES.get(language, []):
        assert number in answer.text
    if language == "ru":
        # No national line found for Russia: said plainly, with the number for danger.
        assert "112" in answer.text
        assert plain(own.no_national_line.split("{country}")[0])[:15] in answer.text
    # The emergency number is never offered as a line to talk to.
    assert plain(own.talk_to_line.split("{line}")[0]) not in answer.text or language != "ru"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "у мужа судороги"),
        ("es", "a mi esposo le está dando un ataque"),
        ("fr", "mon copain fait une crise, il tremble"),
    ],
)
async def test_the_one_question_leads_to_the_emergency_or_the_cramp_page(
    bot_app: BotApplication,
    new_chat: Callable[[str | None], ChatSession],
    language: str,
    message: str,
) -> None:
    services = services_for(bot_app, language)
    texts = services.safety.phrase_sets[language].asks["seizure"]
    number = services.numbers(language).split()[0]
    chat = new_chat(language)
    question = (await chat.send(message)).last
    assert question.button_texts == [texts.yes, texts.no]
    assert number in question.text
    emergency = (await chat.tap(texts.yes)).last
    assert emergency.message_id == question.message_id
    assert emergency.text.startswith("🚨")
    assert number in emergency.text.split("\n")[0]
    assert emergency.buttons == ()

    again = new_chat(language)
    await again.send(message)
    page = (await again.tap(texts.no)).last
    spasm = services.content.topics["spasm"]
    assert page.text.startswith(plain(spasm.overview_html).split("\n")[0])
    assert (
        plain(services.safety.phrase_sets[language].safety_line.split("{numbers}")[0]) in page.text
    )
    assert again.bot_messages[-2].buttons == ()


CALM_IDIOMS = {
    "en": "this calf cramp is killing me, stroke of bad luck I guess",
    "es": "me muero de ganas de entender este temblor del párpado",
    "de": "ich hab mich totgelacht und jetzt zuckt mein Augenlid",
    "fr": "je meurs d'envie de savoir pourquoi ma paupière tremble",
    "pt": "tô morrendo de curiosidade, por que minha pálpebra treme?",
    "ru": "умираю от любопытства, почему дергается глаз",
}


@pytest.mark.parametrize("language", sorted(CALM_IDIOMS))
async def test_a_calm_idiom_stays_calm_with_the_safety_line(
    bot_app: BotApplication, new_chat: Callable[[str | None], ChatSession], language: str
) -> None:
    services = services_for(bot_app, language)
    chat = new_chat(language)
    reply = await chat.send(CALM_IDIOMS[language])
    answered = classify(services, language, reply.messages)
    assert not answered.alarmed, [m.text[:80] for m in reply.messages]
    line = plain(services.safety.phrase_sets[language].safety_line).split("{numbers}")[0]
    assert line in reply.messages[-1].text
    assert services.numbers(language).split()[0] in reply.messages[-1].text.split(line)[1]


async def test_a_red_flag_in_a_flood_the_bot_drops_is_still_answered(
    bot_app: BotApplication, local_api: LocalBotApi, new_chat: Callable[[str | None], ChatSession]
) -> None:
    chat = new_chat("en-GB")
    since = local_api.call_count
    for n in range(40):
        local_api.user_message(chat.user, f"my eyelid twitches, message {n}", chat.chat)
    local_api.user_message(chat.user, "now my dad collapsed and he isnt breathing", chat.chat)
    last = local_api.last_update_id
    assert last is not None
    slow_down = plain(services_for(bot_app, "en").content.messages["slow_down"])[:30]
    assert await local_api.wait_handled(last, timeout=30), "the bot handles the last message"
    texts = [m.text for m in chat.bot_messages]
    assert any(t.startswith(slow_down) for t in texts), "the flood was cut short"
    assert len(texts) < 41, "some messages were dropped"
    emergency = [t for t in texts if t.startswith("🚨 Call 999")]
    assert len(emergency) == 1
    assert "CPR" in emergency[0]
    assert local_api.calls_for(chat.chat.id, since)
