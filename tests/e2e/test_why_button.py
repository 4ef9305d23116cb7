"""'❓ Why this question?' on every question: a sourced pop-up, and the check goes on from the
same question with nothing lost; the outcome says what decided it."""

from __future__ import annotations

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.triage import Question, next_step
from tgbot.localapi import ChatSession

from .helpers import CONSENT_PROMPT, KEEP

WHY = "❓ Why this question?"


def _first_ordinary(question: Question) -> str:
    """An answer that keeps the check going: "none", or the first option without a level."""
    exclusive = [o for o in question.options if o.exclusive]
    if exclusive:
        return exclusive[0].id
    return next(o.id for o in question.options if o.level is None or o.level.rank < 2)


@pytest.mark.parametrize("flow_id", ["twitch", "spasm"])
async def test_every_question_explains_itself_and_the_check_goes_on(
    bot_app: BotApplication, chat: ChatSession, flow_id: str
) -> None:
    services = bot_app.bot_data.services
    flow = services.triage.flows[flow_id]
    await chat.send(f"/{flow.topic}")
    message = (await chat.tap("🩺 Check my symptoms")).last
    given: dict[str, tuple[str, ...]] = {}
    seen = 0
    while isinstance(step := next_step(flow, given), Question):
        before = chat.last
        reply = await chat.tap(WHY)
        assert reply.callback_answer is not None
        assert reply.callback_answer.get("show_alert") is True
        publishers = list(
            dict.fromkeys(services.content.sources[s].publisher for s in step.why_source_ids)
        )
        cited = f"{'Source' if len(publishers) == 1 else 'Sources'}: {', '.join(publishers)}"
        assert reply.callback_answer["text"] == f"{step.why}\n\n{cited}"
        assert reply.messages == (), "nothing is edited: the question stays as it was"
        assert chat.last.text == before.text
        assert chat.last.button_texts == before.button_texts
        seen += 1
        option_id = _first_ordinary(step)
        label = next(o.label for o in step.options if o.id == option_id)
        message = (await chat.tap(label)).last
        given[step.id] = (option_id,)
        if CONSENT_PROMPT in message.text:
            message = (await chat.tap(KEEP)).last
    assert seen >= 5
    assert "What decided this" in message.text


async def test_ticks_survive_a_look_at_why(bot_app: BotApplication, chat: ChatSession) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    await chat.tap("🚫 None of these")
    await chat.tap(KEEP)
    await chat.tap("👁️ Eyelid")
    await chat.tap("📅 Less than a week")
    ticked = (await chat.tap("🧊 Numbness")).last
    assert "☑️ 🧊 Numbness" in ticked.button_texts
    await chat.tap(WHY)
    assert "☑️ 🧊 Numbness" in chat.last.button_texts
    question = (await chat.tap("✅ Done")).last
    assert "Question 5 of" in question.text


async def test_the_outcome_says_what_decided_it_in_the_users_words(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    await chat.tap("🚫 None of these")
    await chat.tap(KEEP)
    for label in [
        "👍 Thumb or hand",
        "⏳ More than 2 weeks",
        "🚫 None of these",
        "🚫 None of these",
    ]:
        await chat.tap(label)
    outcome = (await chat.tap("🩺 No, or it has changed")).last
    assert "What decided this" in outcome.text
    assert "You said “More than 2 weeks” → See a doctor (NHS" in outcome.text


async def test_self_care_says_nothing_pointed_to_a_doctor(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    await chat.tap("🚫 None of these")
    await chat.tap(KEEP)
    for label in ["👁️ Eyelid", "📅 Less than a week", "🚫 None of these"]:
        await chat.tap(label)
    outcome = (await chat.tap("🚫 None of these")).last
    assert "None of your answers was a sign to see a doctor" in outcome.text
    assert "See a doctor if" in outcome.text
