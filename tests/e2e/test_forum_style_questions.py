"""Questions in the style of forum posts (tests/e2e/asked/forum_style.yaml, written for these
tests), sent to the real bot each in its language: the share that reaches the page that
answers it, reported with the misses, must be at least 80%."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tgbot.bot.context import BotApplication
from tgbot.core.content.markup import strip_tags
from tgbot.core.content.store import ContentStore, frequent_questions
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

SET = Path(__file__).parent / "asked" / "forum_style.yaml"
GOAL = 0.8
LANGUAGE_CODES = {"en": "en-GB", "de": "de-DE", "es": "es-ES", "fr": "fr-FR", "pt": "pt-BR"}


@dataclass(frozen=True)
class Asked:
    language: str
    text: str
    kind: str
    expected: str


def asked_set() -> list[Asked]:
    items = yaml.safe_load(SET.read_text(encoding="utf-8"))
    out = []
    for item in items:
        ((kind, expected),) = item["expect"].items()
        out.append(Asked(item["language"], item["text"], kind, expected))
    return out


def plain(html: str) -> str:
    return strip_tags(html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def page_start(bot: BotApplication, asked: Asked) -> str:
    """How the expected page starts, in the asker's language."""
    services = bot.bot_data.services.speaking(asked.language)
    content: ContentStore = services.content
    if asked.kind == "question":
        return next(q.title for q in frequent_questions(content) if q.id == asked.expected)
    if asked.kind == "section":
        topic, section = asked.expected.split("/")
        return plain(content.topics[topic].sections[section].title)
    if asked.kind == "overview":
        return plain(content.topics[asked.expected].overview_html).split("\n")[0]
    assert asked.kind == "out_of_scope", asked
    phrases = services.knowledge.safety.phrase_sets[asked.language]
    group = next(g for g in phrases.groups if g.id == asked.expected)
    return plain(group.text).split("\n")[0][:40]


def test_the_set_is_large_and_in_several_languages() -> None:
    asked = asked_set()
    assert len(asked) >= 60
    assert {a.language for a in asked} == {"en", "de", "es", "fr", "pt", "ru"}
    assert len({a.text for a in asked}) == len(asked), "each question once"


async def test_forum_style_questions_reach_the_page_that_answers_them(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    new_user: Callable[..., FakeUser],
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked = asked_set()
    misses: list[str] = []
    for item in asked:
        code = LANGUAGE_CODES.get(item.language, item.language)
        chat = ChatSession(local_api, new_user(language_code=code))
        reply = await chat.send(item.text)
        start = page_start(bot_app, item)
        if not any(message.text.startswith(start) for message in reply.messages):
            first = reply.messages[0].text.split("\n")[0] if reply.messages else "(nothing)"
            misses.append(f"{item.language}: {item.text!r}: expected {start!r}, got {first!r}")
    share = 1 - len(misses) / len(asked)
    with capsys.disabled():
        print(f"\nforum-style questions answered: {len(asked) - len(misses)} of {len(asked)}")
        for miss in misses:
            print(f"  miss: {miss}")
    assert share >= GOAL, "\n".join(misses)
