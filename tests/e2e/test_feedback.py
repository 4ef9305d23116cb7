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


async def test_one_vote_per_person_and_answer_a_forged_or_repeated_one_changes_nothing(
    app: BotApplication, chat: ChatSession, local_api: LocalBotApi
) -> None:
    welcome = (await chat.send("/start")).last
    await doctor_outcome(chat)
    outcome = chat.last
    vote_up = outcome.button("👍 It helped").callback_data
    vote_down = outcome.button("👎 It did not help").callback_data
    assert vote_up is not None
    assert vote_down is not None
    await chat.tap("👎 It did not help")
    down_id = chat.last.button("😕 It was unclear").callback_data
    # The same vote again, the other vote, and a vote forged onto a message with no rating.
    for data, message in ((vote_down, outcome), (vote_up, outcome), (vote_up, welcome)):
        reply = await chat.press(data, message.message_id)
        answer = reply.callback_answer or {}
        assert answer.get("text"), "told the button no longer works"
    # Someone else cannot give that 👎 its reason.
    stranger = ChatSession(local_api, FakeUser(5151))
    await stranger.send("/start")
    assert down_id is not None
    await stranger.press(down_id.replace("unclear", "other"))
    counts = await app.bot_data.services.feedback.counts()
    assert [(c.item, c.up, c.down, c.reasons) for c in counts] == [("twitch.doctor", 0, 1, {})]
    # What is kept of it is shown by /mydata, and /forget deletes it; the vote stays anonymous.
    mydata = (await chat.send("/mydata")).messages[0].text
    assert "Answers you rated: 1 (that you rated them, not how" in mydata
    await chat.send("/forget")
    await chat.tap("Yes, delete it all")
    assert await app.bot_data.services.privacy.export(chat.user.id) == {}
    counts = await app.bot_data.services.feedback.counts()
    assert [(c.item, c.down) for c in counts] == [("twitch.doctor", 1)]
