"""Typed messages answered on what they ask (issue #32): worry and emoji get a kind answer
with both topics and the safety line, feared conditions their own answer, a long message each
of its questions, a complaint of years is no emergency, a cause the writer rules out is not
the answer, and a clear topic with no frequent question opens the section that fits."""

from __future__ import annotations

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.content.store import ContentStore, frequent_questions
from tgbot.core.knowledge import Knowledge
from tgbot.localapi import ChatSession

SAFETY_LINE = "If this is an emergency, call"
TWITCH, SPASM = "Eye and muscle twitches", "Muscle spasms and cramps"


def title(content: ContentStore, question_id: str) -> str:
    return next(q.title for q in frequent_questions(content) if q.id == question_id)


@pytest.mark.parametrize("text", ["I'm scared", "I'm worried sick", "im so scared rn"])
async def test_a_worried_message_gets_a_kind_answer_not_the_pointer(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, text: str
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(title(knowledge.content, "worried")), text
    assert "natural to feel scared" in reply.text
    assert "Ask a few short questions" in reply.text
    assert "NHS" in reply.text  # its sources
    assert SAFETY_LINE in reply.text
    assert not reply.text.startswith(knowledge.content.messages["text_pointer"][:30])
    # Both topics one tap away, and the answer can be rated.
    assert reply.button_texts[:2] == [
        knowledge.content.messages["button_twitch"],
        knowledge.content.messages["button_spasm"],
    ]
    assert "👍 It helped" in reply.button_texts
    page = (await chat.tap(knowledge.content.messages["button_twitch"])).last
    assert page.text.startswith("A twitch is")


@pytest.mark.parametrize("text", ["😩😩😩", "🤒", "😰 😢"])
async def test_a_message_of_emoji_only_gets_the_kind_answer(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, text: str
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(title(knowledge.content, "worried")), text
    assert SAFETY_LINE in reply.text


@pytest.mark.parametrize(
    ("text", "question_id", "fact"),
    [
        ("could this be MS?", "is_it_ms", "blurred sight or pain in one eye"),
        ("is it parkinsons", "is_it_parkinsons", "shaking (tremor)"),
        ("I keep thinking it's a brain tumour", "brain_tumour_stroke", "starts suddenly"),
        ("my calves cramp a lot, could it be ALS?", "is_it_als", "main sign is weakness"),
    ],
)
async def test_a_feared_condition_gets_its_own_sourced_answer(
    bot_app: BotApplication,
    chat: ChatSession,
    knowledge: Knowledge,
    text: str,
    question_id: str,
    fact: str,
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(title(knowledge.content, question_id)), text
    assert fact in reply.text
    assert "Sources:" in reply.text or "Source:" in reply.text
    assert SAFETY_LINE in reply.text


async def test_a_long_message_is_answered_on_each_of_its_questions(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    text = (
        "Hi, sorry this is long. I am 34 and I work long shifts at a warehouse, mostly on my "
        "feet, and I have two small kids so sleep is not great and I drink a lot of coffee to "
        "keep going. About four months ago my left eyelid started flickering, mostly in the "
        "evening, and it has never really stopped since then. It does not close my eye and my "
        "vision is fine, and nobody else can see it. My partner thinks I am overreacting. "
        "Do I need a brain scan for the eyelid, or is a GP enough? And the other thing: for "
        "the last two weeks I also get little jumps in my calf and my thumb, and I read online "
        "that muscle twitching can be the first sign of ALS. Could it be ALS? I have no "
        "weakness that I can tell, I can still carry the kids and the shopping."
    )
    assert len(text) > 600  # refused as too long before
    reply = await chat.send(text, at_least=2)
    starts = [message.text for message in reply.messages]
    content = knowledge.content
    assert any(s.startswith(title(content, "eyelid_weeks")) for s in starts), starts
    assert any(s.startswith(title(content, "is_it_als")) for s in starts), starts
    assert all(SAFETY_LINE in s for s in starts)
    assert "very long" not in reply.text


async def test_a_message_at_telegrams_longest_is_read_and_answered(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    story = "I have been under a lot of pressure at work and home lately. " * 60
    text = (story + "Why do I jerk when I fall asleep?")[-4096:]
    reply = (await chat.send(text)).last
    assert reply.text.startswith(title(knowledge.content, "hypnic_jerks"))


async def test_spasms_for_years_are_a_long_standing_complaint_not_tetanus(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    reply = (await chat.send("for years I've had spasms all over my body")).last
    assert "tetanus" not in reply.text.lower()
    assert "🚨" not in reply.text
    assert reply.text.startswith(title(knowledge.content, "long_twitching"))
    assert "See a GP once to be checked" in reply.text


async def test_time_words_tell_years_from_now(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    content = knowledge.content
    now = (await chat.send("my calf is cramping right now, how do I stop the cramp?")).last
    assert now.text.startswith(title(content, "cramp_stop_now"))
    years = (await chat.send("how do I stop the cramps in my calf, I've had them for years")).last
    assert not years.text.startswith(title(content, "cramp_stop_now"))
    assert years.text.startswith(content.topics["spasm"].sections["self_care"].title)


async def test_a_cause_the_writer_rules_out_is_not_the_answer(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    content = knowledge.content
    plain = (await chat.send("could dehydration cause my cramps?")).last
    assert plain.text.startswith(title(content, "dehydration_cramps"))
    ruled_out = (await chat.send("I get cramps even though I drink plenty of water. why?")).last
    assert not ruled_out.text.startswith(title(content, "dehydration_cramps"))
    assert ruled_out.text.startswith(content.topics["spasm"].sections["causes"].title)
    assert SAFETY_LINE in ruled_out.text


@pytest.mark.parametrize(
    ("text", "topic", "section"),
    [
        ("My calf has twitched for 5 weeks, do I need a neurologist?", "twitch", "see_doctor"),
        ("What is causing my hand cramps? they come out of nowhere", "spasm", "causes"),
        ("anything I can do to calm a twitchy thigh muscle?", "twitch", "self_care"),
        ("cramps in both legs for years now", "spasm", "see_doctor"),
    ],
)
async def test_a_clear_topic_opens_the_section_that_fits(
    bot_app: BotApplication,
    chat: ChatSession,
    knowledge: Knowledge,
    text: str,
    topic: str,
    section: str,
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(knowledge.content.topics[topic].sections[section].title), text
    assert SAFETY_LINE in reply.text
    assert "🩺 Check my symptoms" in reply.button_texts
    back = (await chat.tap(knowledge.content.messages["button_back"])).last
    assert back.text.startswith("A twitch is" if topic == "twitch" else "A cramp")
