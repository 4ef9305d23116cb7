""" "Was this helpful?" under an outcome, end to end through the stand-in: the vote and its
reason are counted per item and content version in /stats, and nothing links them to a user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from tests.e2e.helpers import tap_through
from tests.helpers_release import VERSION
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

ADMIN = FakeUser(4343, first_name="Operator")
NONE = "🚫 None of these"


@pytest.fixture
async def app(settings: Settings, library: Library) -> AsyncIterator[BotApplication]:
    application = build_application(
        replace(settings, admin_user_ids=frozenset({ADMIN.id})), library=library
    )
    async with running(application):
        yield application


async def doctor_outcome(chat: ChatSession) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    path = [
        NONE,
        "👍 Thumb or hand",
        "⏳ More than 2 weeks",
        NONE,
        NONE,
        "🩺 No, or it has changed",
    ]
    await tap_through(chat, path)


async def test_a_thumbs_down_asks_what_was_wrong_and_stats_count_it(
    app: BotApplication, chat: ChatSession, local_api: LocalBotApi
) -> None:
    await doctor_outcome(chat)
    outcome = chat.last
    assert "Book a visit with a doctor" in outcome.text
    assert outcome.button_texts == [
        "⏰ Remind me",
        "🔁 Start again",
        "👍 It helped",
        "👎 It did not help",
    ]
    asked = (await chat.tap("👎 It did not help")).last
    assert "What was wrong?" in asked.text
    assert asked.button_texts == [
        "😕 It was unclear",
        "❓ It did not answer my question",
        "⚖️ The advice level seems wrong",
        "💬 Something else",
    ]
    assert chat.bot_messages[-2].button_texts == ["⏰ Remind me", "🔁 Start again"], "voted once"
    thanked = (await chat.tap("⚖️ The advice level seems wrong")).last
    assert "helps us make the advice better" in thanked.text
    assert thanked.button_texts == []

    await doctor_outcome(chat)
    await chat.tap("👍 It helped")
    assert chat.last.button_texts == ["⏰ Remind me", "🔁 Start again"]

    stats = (await ChatSession(local_api, ADMIN).send("/stats")).last.text
    assert (
        f"  outcome twitch.doctor (v{VERSION}): 👍 1 · 👎 1 · wrong_level 1" in stats.splitlines()
    )
    services = app.bot_data.services
    assert "feedback" not in await services.db.tables_with_column("user_id")
    assert "feedback" in await services.db.tables_with_column("feedback_id")
    episodes = await services.finished_checks.for_user(chat.user.id)
    assert [e.content_version for e in episodes] == [VERSION, VERSION]


async def test_a_reason_counts_once_and_a_forged_item_not_at_all(
    app: BotApplication, chat: ChatSession
) -> None:
    await doctor_outcome(chat)
    await chat.tap("👎 It did not help")
    await chat.tap("😕 It was unclear")
    await chat.press("1v:outcome:nosuchflow.doctor:up")
    await chat.press("1v:outcome:twitch.doctor:sideways")
    counts = await app.bot_data.services.feedback.counts()
    assert [(c.item, c.up, c.down, c.reasons) for c in counts] == [
        ("twitch.doctor", 0, 1, {"unclear": 1})
    ]


async def test_a_frequent_question_answer_can_be_rated_too(
    app: BotApplication, chat: ChatSession
) -> None:
    answer = (await chat.send("is it als")).last
    assert answer.button_texts[-2:] == ["👍 It helped", "👎 It did not help"]
    await chat.tap("👍 It helped")
    assert "👍 It helped" not in chat.last.button_texts
    counts = await app.bot_data.services.feedback.counts()
    assert [(c.kind, c.item, c.version, c.up) for c in counts] == [("faq", "is_it_als", VERSION, 1)]
