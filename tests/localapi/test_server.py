"""The stand-in answers like the real Bot API, checked through PTB's own Bot."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

from tgbot.bot.ratelimit import retry_after_seconds
from tgbot.localapi import FakeUser, LocalBotApi

TOKEN = "123456:TEST-token"


@pytest.fixture
async def bot(local_api: LocalBotApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{local_api.base_url}/bot") as bot:
        yield bot


async def test_get_me_and_send_message(bot: Bot, local_api: LocalBotApi) -> None:
    user = FakeUser(42)
    local_api.private_chat(user)
    assert bot.username == local_api.bot_username
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="1t:twitch")]])
    sent = await bot.send_message(42, "<b>Hello</b> there", parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Hello there"
    assert sent.entities[0].type == "bold"
    assert sent.message_id == 1
    assert sent.reply_markup == markup
    stored = local_api.bot_messages(42)[0]
    assert stored.html == "<b>Hello</b> there"


async def test_message_ids_are_per_chat_and_shared_with_the_user(
    bot: Bot, local_api: LocalBotApi
) -> None:
    alice, bob = FakeUser(1), FakeUser(2)
    local_api.user_message(alice, "hi")
    local_api.private_chat(bob)
    assert (await bot.send_message(1, "a")).message_id == 2
    assert (await bot.send_message(2, "b")).message_id == 1


async def test_edits_return_the_message_and_refuse_no_change(
    bot: Bot, local_api: LocalBotApi
) -> None:
    local_api.private_chat(FakeUser(5))
    sent = await bot.send_message(5, "one")
    edited = await bot.edit_message_text("two", chat_id=5, message_id=sent.message_id)
    assert not isinstance(edited, bool)
    assert edited.text == "two"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("two", chat_id=5, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=5, message_id=999)


async def test_bad_html_and_long_text_are_refused(bot: Bot, local_api: LocalBotApi) -> None:
    local_api.private_chat(FakeUser(6))
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(6, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(6, "x" * 4097)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "nobody")


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, local_api: LocalBotApi) -> None:
    local_api.private_chat(FakeUser(7))
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(7, "x", reply_markup=markup)


async def test_injected_faults_429_and_403(bot: Bot, local_api: LocalBotApi) -> None:
    user = FakeUser(8)
    local_api.private_chat(user)
    local_api.rate_limit_next(retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(8, "x")
    assert retry_after_seconds(caught.value) == 3
    assert (await bot.send_message(8, "after")).text == "after"
    local_api.block_bot(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(8, "x")


async def test_get_updates_long_polls_and_confirms_by_offset(
    bot: Bot, local_api: LocalBotApi
) -> None:
    user = FakeUser(9, language_code="de")
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    local_api.user_message(user, "/start twitch")
    updates = await asyncio.wait_for(waiting, 2)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert message.text == "/start twitch"
    assert message.entities[0].type == "bot_command"
    assert message.from_user is not None
    assert message.from_user.language_code == "de"
    again = await bot.get_updates(offset=updates[0].update_id, timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()


async def test_callback_queries_carry_chat_instance_and_answer_once(
    bot: Bot, local_api: LocalBotApi
) -> None:
    user = FakeUser(10)
    local_api.private_chat(user)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(10, "pick", reply_markup=markup)
    stored = local_api.messages[10][sent.message_id]
    local_api.user_press(user, stored, "go")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.data == "go"
    assert query.chat_instance
    assert await bot.answer_callback_query(query.id, text="ok")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)


async def test_unknown_method_is_404(local_api: LocalBotApi) -> None:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{local_api.base_url}/bot{TOKEN}/noSuchMethod") as response,
    ):
        assert response.status == 404
        assert (await response.json())["ok"] is False
