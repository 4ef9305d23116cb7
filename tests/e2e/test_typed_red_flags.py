"""Typed red flags, end to end: a message describing an emergency sign gets the emergency
message with the user's own number first, in a private chat or a group, new or edited, and in
the middle of a check (which stays where it was). Thoughts of suicide get the crisis line of the
user's country; look-alikes get the usual answer; out-of-scope questions say so."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi

from .helpers import tap_through

NONE = "🚫 None of these"
DEFAULT_CALL = "🚨 Call 112, 999 or 911 now."


@dataclass(frozen=True)
class Case:
    text: str
    sign: str
    """The flow option it stands for (flow.option), so every emergency sign is covered."""
    why: str
    """A piece of the reason the message gives."""


# Each emergency sign of both flows, in several wordings, with misspellings and no apostrophes.
RED_FLAGS = [
    Case("my face is drooping and my arm is weak", "twitch.face_droop", "stroke"),
    Case("One side of my face has dropped", "twitch.face_droop", "stroke"),
    Case("my mums face looks droopy on the left", "twitch.face_droop", "stroke"),
    Case("face drupeing since lunch", "twitch.face_droop", "stroke"),
    Case("Suddenly my left arm feels weak and heavy", "twitch.one_side_weak", "stroke"),
    Case("my right side is numb all of a sudden", "twitch.one_side_weak", "stroke"),
    Case("I suddenly can't lift my arm", "twitch.one_side_weak", "stroke"),
    Case("I think I'm having a STROKE!!", "spasm.one_side_weak", "stroke"),
    Case("his speech is slurred", "twitch.speech", "stroke"),
    Case("I'm slurring my words", "twitch.speech", "stroke"),
    Case("she cant get her words out", "twitch.speech", "stroke"),
    Case("I have a seizure", "twitch.seizure", "seizure"),
    Case("he is on the kitchen floor having a fit", "twitch.seizure", "seizure"),
    Case("siezure with jerking", "twitch.seizure", "seizure"),
    Case("my whole body is jerking and I blacked out", "twitch.seizure", "seizure"),
    Case("I cant breathe", "twitch.breathing", "breathing"),
    Case("cnat breath properly", "twitch.breathing", "breathing"),
    Case("I'm struggling to breathe", "twitch.breathing", "breathing"),
    Case("I'm choking", "twitch.breathing", "breathing"),
    Case("I can't swallow at all", "twitch.breathing", "breathing"),
    Case("stiff neck and fever", "twitch.fever_neck", "meningitis"),
    Case("I have a high temperature and a stiff neck", "spasm.fever_neck", "meningitis"),
    Case("a rash that doesn't fade under a glass", "spasm.fever_neck", "meningitis"),
    Case("Could this be menengitis?", "twitch.fever_neck", "meningitis"),
    Case("chest pain", "spasm.chest", "heart attack"),
    Case("chest pain going down my arm", "spasm.chest", "heart attack"),
    Case("my chest feels tight and heavy", "spasm.chest", "heart attack"),
    Case("cramp in my chest", "spasm.chest", "heart attack"),
    Case("Is this a hart attack", "spasm.chest", "heart attack"),
    Case("lockjaw after stepping on a nail", "spasm.jaw_lock", "tetanus"),
    Case("my jaw is locked and I cant open my mouth", "spasm.jaw_lock", "tetanus"),
    Case("spasms all over my body since the cut", "spasm.jaw_lock", "tetanus"),
    Case("my pee is dark brown after the marathon", "spasm.dark_urine", "muscle damage"),
    Case("urine looks like cola", "spasm.dark_urine", "muscle damage"),
    Case("tea coloured urine and sore legs", "spasm.dark_urine", "muscle damage"),
    Case("I can't pee and my legs are numb", "spasm.saddle_numbness", "nerves low in the back"),
    Case("numbness around my groin", "spasm.saddle_numbness", "nerves low in the back"),
    Case("lost control of my bladder and back pain", "spasm.saddle_numbness", "nerves"),
    Case("both legs are weak and numb", "spasm.saddle_numbness", "nerves low in the back"),
    Case("numb bottom after lifting", "spasm.saddle_numbness", "nerves low in the back"),
    Case("Ça fait mal: chest pain", "spasm.chest", "heart attack"),
    Case("CHEST-PAIN!!!", "spasm.chest", "heart attack"),
]

# Harmless look-alikes: each must get the usual answer, never the emergency message.
LOOK_ALIKES = [
    "my chest muscles are sore after the gym",
    "my eyelid keeps twitching",
    "calf cramp at night",
    "I can breathe fine, just twitchy",
    "I cant sleep because of the twitching",
    "my face twitches near the eye",
    "I am fit and healthy but my thumb twitches",
    "my neck is stiff from sleeping badly",
    "my legs cramp after football",
    "I had a fever last month, now my eyelid twitches",
]

EMERGENCY_SIGNS = {
    "twitch": ["face_droop", "one_side_weak", "speech", "seizure", "breathing", "fever_neck"],
    "spasm": [
        "chest",
        "one_side_weak",
        "jaw_lock",
        "dark_urine",
        "fever_neck",
        "saddle_numbness",
    ],
}


def test_the_table_covers_every_emergency_sign_of_both_flows(bot_app: BotApplication) -> None:
    flows = bot_app.bot_data.services.triage.flows
    for flow_id, signs in EMERGENCY_SIGNS.items():
        options = [o.id for o in flows[flow_id].questions[0].options if not o.exclusive]
        assert options == signs
        for sign in signs:
            wordings = [c for c in RED_FLAGS if c.sign == f"{flow_id}.{sign}"]
            assert len(wordings) >= 1, f"{flow_id}.{sign}"
    assert len(RED_FLAGS) >= 40
    assert len(LOOK_ALIKES) >= 10


def assert_emergency(text: str, call: str, why: str) -> None:
    assert text.startswith(call), text[:80]
    assert "Do not wait" in text
    assert "Do not drive yourself" in text
    assert why in text
    assert "If you are worried" not in text, "nothing may soften the call"


@pytest.mark.parametrize("case", RED_FLAGS, ids=[c.text for c in RED_FLAGS])
async def test_a_typed_red_flag_gets_the_emergency_message_first(
    bot_app: BotApplication, chat: ChatSession, case: Case
) -> None:
    replies = (await chat.send(case.text)).messages
    assert_emergency(replies[0].text, DEFAULT_CALL, case.why)
    # Nothing else after it: no topic page, no "I can only help with".
    await chat.api.wait_for_calls(chat.chat.id, chat.api.call_count, at_least=0, settle=0.2)
    assert len(chat.bot_messages) == 1


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_a_harmless_look_alike_gets_the_usual_answer(
    bot_app: BotApplication, chat: ChatSession, text: str
) -> None:
    reply = (await chat.send(text)).last
    assert "Call " not in reply.text
    assert "Do not wait" not in reply.text or "emergency number" in reply.text


@pytest.mark.parametrize(
    ("language", "call"),
    [
        ("en-GB", "🚨 Call 999 or 112 now."),
        ("en-US", "🚨 Call 911 now."),
        ("it-IT", "🚨 Call 112 now."),
        ("de", "🚨 Rufen Sie jetzt 112 an."),
    ],
)
async def test_the_users_own_number_comes_first(
    bot_app: BotApplication, local_api: LocalBotApi, language: str, call: str
) -> None:
    person = ChatSession(local_api, FakeUser(777_000 + len(language), language_code=language))
    reply = (await person.send("I cant breathe")).last
    assert_emergency(reply.text, call, "breathing")


async def test_mid_check_the_emergency_comes_and_the_check_stays(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    question = await tap_through(chat, [NONE, "👁️ Eyelid"])
    assert "Question 3 of" in question.text
    reply = (await chat.send("wait, my face is drooping")).last
    assert_emergency(reply.text, DEFAULT_CALL, "stroke")
    # The check is where it was: its buttons still work.
    after = (await chat.tap("📅 Less than a week", question)).last
    assert "Question 4 of" in after.text


async def test_in_a_group_too(
    bot_app: BotApplication, local_api: LocalBotApi, chat: ChatSession
) -> None:
    group = ChatSession(local_api, chat.user, local_api.group_chat(-100777, "Running club"))
    reply = (await group.send("my friend has chest pain going down his arm")).last
    assert_emergency(reply.text, DEFAULT_CALL, "heart attack")
    # Ordinary chatter in a group is still left alone.
    await group.send("my calf keeps cramping", expect_reply=False)
    assert len(group.bot_messages) == 1


@pytest.mark.parametrize("private", [True, False])
async def test_an_edited_message_with_a_red_flag(
    bot_app: BotApplication, local_api: LocalBotApi, chat: ChatSession, private: bool
) -> None:
    where = chat if private else ChatSession(local_api, chat.user, local_api.group_chat(-1009, "G"))
    await where.send("hello", expect_reply=private)
    sent = local_api.chat_messages(where.chat.id)[0]
    since = local_api.call_count
    local_api.user_edits(where.user, sent, "actually I cant breathe")
    await local_api.wait_for_calls(where.chat.id, since)
    assert_emergency(where.last.text, DEFAULT_CALL, "breathing")
    assert "only read new messages" not in where.last.text


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en-GB", "Samaritans on 116 123"),
        ("en-IE", "Samaritans on 116 123"),
        ("en-US", "988"),
        ("en-CA", "988"),
        ("en-AU", "Lifeline on 13 11 14"),
        # No national line known for India: said plainly, with the number for danger.
        ("en-IN", "I do not know a national crisis line in India"),
        ("en-IN", "If you are in danger now, call 112"),
    ],
)
async def test_thoughts_of_suicide_get_the_crisis_line_of_the_country(
    bot_app: BotApplication, local_api: LocalBotApi, language: str, line: str
) -> None:
    person = ChatSession(
        local_api, FakeUser(888_000 + hash(language) % 1000, language_code=language)
    )
    reply = (await person.send("I want to kill myself")).last
    assert "Thank you for telling me" in reply.text
    assert line in reply.text
    assert "Call" not in reply.text.split("\n")[0], "calm first, not an alarm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stomach cramps from my period", "period pain"),
        ("stomach cramps with diarrhoea", "Stomach cramps"),
        ("my restless legs keep me up", "restless legs"),
        ("I have a tremor in my hands", "tremor"),
        ("my son has tics", "adults (16 and over)"),
        ("hiccups that wont stop", "hiccups"),
        ("my daughter's eyelid twitches", "adults (16 and over)"),
    ],
)
async def test_out_of_scope_is_said_so_with_where_to_go_and_the_number(
    bot_app: BotApplication, chat: ChatSession, text: str, expected: str
) -> None:
    reply = (await chat.send(text)).last
    assert expected in reply.text
    if expected.startswith("adults"):
        # The child answer names the user's country's service; Telegram's "en" names no
        # country, so it is the plain sentence (tests/e2e/test_local_services.py).
        assert "see another doctor or go to urgent care" in reply.text
        assert "111" not in reply.text
    else:
        assert "NHS" in reply.text  # the page it points to
    assert "112, 999 or 911" in reply.text
    assert "calf" not in reply.text.lower(), "never the calf cramp page"
    # Where to go instead, then the two topics the bot does cover (no page opened for it).
    assert reply.button_texts == ["⚡ Muscle twitch", "💢 Spasms and cramps"]
