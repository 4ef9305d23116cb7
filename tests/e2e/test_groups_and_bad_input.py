"""Groups never get health questions; odd input of every kind gets a calm answer."""

from typing import Any

import pytest

from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, LocalBotApi

MENU = ["⚡ Muscle twitch", "💢 Spasms and cramps"]


@pytest.fixture
def group(local_api: LocalBotApi, chat: ChatSession) -> ChatSession:
    return ChatSession(local_api, chat.user, local_api.group_chat(-100555, "Running club"))


async def test_topic_in_a_group_gives_facts_and_a_private_link_only(
    bot_app: BotApplication, group: ChatSession, local_api: LocalBotApi
) -> None:
    reply = (await group.send("/twitch")).last
    assert reply.text.startswith("A twitch is")
    assert "group" in reply.text
    (button,) = [b for row in reply.buttons for b in row]
    assert button.url == f"https://t.me/{local_api.bot_username}?start=twitch"
    assert button.callback_data is None


async def test_start_in_a_group_links_to_a_private_chat(
    bot_app: BotApplication, group: ChatSession, local_api: LocalBotApi
) -> None:
    reply = (await group.send(f"/start@{local_api.bot_username}")).last
    assert "Hello" in reply.text
    assert reply.buttons[0][0].url == f"https://t.me/{local_api.bot_username}"


async def test_a_forged_check_button_in_a_group_asks_nothing(
    bot_app: BotApplication, group: ChatSession
) -> None:
    await group.send("/spasm")
    reply = await group.press("1c:spasm")
    assert reply.callback_answer is not None
    assert reply.callback_answer["show_alert"] is True
    assert "private chat" in reply.callback_answer["text"]
    assert len(group.bot_messages) == 1


async def test_plain_text_and_unknown_commands_in_a_group_are_left_alone(
    bot_app: BotApplication, group: ChatSession
) -> None:
    await group.send("my calf keeps cramping", expect_reply=False)
    await group.send("/weather", expect_reply=False)
    assert group.bot_messages == []


@pytest.mark.parametrize("topic", ["twitch", "spasm"])
async def test_deep_link_opens_the_topic(
    bot_app: BotApplication, chat: ChatSession, topic: str
) -> None:
    reply = (await chat.send(f"/start {topic}")).last
    assert "🩺 Check my symptoms" in reply.button_texts
    assert "Hello" not in reply.text


async def test_deep_link_with_an_unknown_topic_gives_the_welcome(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = (await chat.send("/start something")).last
    assert "Hello" in reply.text


NON_TEXT: list[dict[str, Any]] = [
    {
        "sticker": {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "allows_revoting": False,
            "members_only": False,
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]},
    {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
    {"location": {"latitude": 51.5, "longitude": -0.1}},
    {"contact": {"phone_number": "+440000", "first_name": "Sam"}},
    {
        "poll": {
            "id": "1",
            "question": "?",
            "options": [{"text": "a", "voter_count": 0, "persistent_id": "a"}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_revoting": False,
            "members_only": False,
            "allows_multiple_answers": False,
        }
    },
]


@pytest.mark.parametrize("content", NON_TEXT, ids=lambda c: next(iter(c)))
async def test_non_text_messages_get_a_pointer(
    bot_app: BotApplication, chat: ChatSession, content: dict[str, Any]
) -> None:
    since = chat.api.call_count
    chat.api.user_sends(chat.user, content)
    await chat.api.wait_for_calls(chat.chat.id, since)
    assert "I can only read text" in chat.last.text


async def test_an_edited_command_is_not_run_again(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("hello")
    sent = chat.api.chat_messages(chat.chat.id)[0]
    since = chat.api.call_count
    chat.api.user_edits(chat.user, sent, "/twitch")
    await chat.api.wait_for_calls(chat.chat.id, since)
    assert "only read new messages" in chat.last.text
    assert chat.last.button_texts == MENU, "a way on, and not the /twitch page"


async def test_very_long_text_is_read_and_answered(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = (await chat.send("twitch " * 585)).last
    assert reply.text.startswith("A twitch is")


@pytest.mark.parametrize(
    "text", ["\u202e\u0000zalgo t̷̢w̸i̴t̵c̶h̷", "🦵🦵🦵", "\u200b", "ǅ Ωmega ﷽", "/twitch@OtherBot"]
)
async def test_unusual_text_gets_an_answer(
    bot_app: BotApplication, chat: ChatSession, text: str
) -> None:
    reply = await chat.send(text)
    assert reply.last.text
    assert chat.api.rejected == []


async def test_blocking_and_coming_back_is_recorded(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/start")
    users = bot_app.bot_data.services.users
    chat.api.member_update(chat.user, "member", "kicked")
    await chat.api.wait_for_calls(
        chat.chat.id, chat.api.call_count, at_least=0, settle=0.3, timeout=1
    )
    record = await users.get(chat.user.id)
    assert record is not None
    assert record.blocked is True
    chat.api.member_update(chat.user, "kicked", "member")
    await chat.send("/start")
    record = await users.get(chat.user.id)
    assert record is not None
    assert record.blocked is False


@pytest.mark.parametrize(
    ("typed", "starts"),
    [
        ("hi", "👋 Hello! I can tell you about muscle twitches"),
        ("Hello!", "👋 Hello! I can tell you about muscle twitches"),
        ("good morning", "👋 Hello! I can tell you about muscle twitches"),
        ("thanks", "You are welcome."),
        ("Thank you!", "You are welcome."),
        ("bye", "Take care."),
        ("help", "What I can do"),
    ],
)
async def test_small_talk_gets_a_kind_answer_and_the_topics(
    bot_app: BotApplication, chat: ChatSession, typed: str, starts: str
) -> None:
    reply = (await chat.send(typed)).last
    assert reply.text.startswith(starts)
    assert reply.button_texts == MENU


async def test_help_lists_every_command_of_the_menu(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    text = (await chat.send("/help")).last.text
    for command in (
        "/twitch",
        "/spasm",
        "/remind",
        "/reminders",
        "/settings",
        "/privacy",
        "/mydata",
        "/forget",
        "/start",
        "/help",
    ):
        assert f"{command} –" in text


@pytest.mark.parametrize("typed", ["hi, my eyelid keeps twitching", "thanks but my calf cramps"])
async def test_a_greeting_with_a_symptom_is_not_small_talk(
    bot_app: BotApplication, chat: ChatSession, typed: str
) -> None:
    assert "Hello! I can tell you" not in (await chat.send(typed)).last.text
    assert "You are welcome" not in chat.last.text


async def test_every_dead_end_offers_the_topics(bot_app: BotApplication, chat: ChatSession) -> None:
    assert (await chat.send("the weather is nice")).last.button_texts == MENU
    assert (await chat.send("/nosuchcommand")).last.button_texts == MENU
    assert (await chat.send("x" * 700)).last.button_texts == MENU
