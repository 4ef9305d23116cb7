"""Sends and edits whose answer the bot does not read (tgbot/bot/sending.py): the same
request reaches Telegram, PTB's defaults and refusals apply, only the answer is not parsed."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Defaults

from tgbot.bot.request import AiohttpRequest
from tgbot.bot.sending import LeanBot, unread
from tgbot.config import Settings
from tgbot.localapi import FakeUser, LocalBotApi


async def test_an_unread_send_or_edit_is_the_same_request_its_answer_left_as_is(
    local_api: LocalBotApi, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[int] = []
    parse = Message.de_json

    def counted(data: dict[str, Any], bot: Bot | None = None) -> Message:
        parsed.append(data["message_id"])
        return parse(data, bot)

    monkeypatch.setattr(Message, "de_json", counted)
    user = FakeUser(52_000_001, first_name="Sam")
    local_api.private_chat(user)
    bot = LeanBot(
        settings.token,
        base_url=settings.bot_api_url,
        request=AiohttpRequest(2),
        get_updates_request=AiohttpRequest(1),
        defaults=Defaults(parse_mode=ParseMode.HTML),
    )
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y")]])
    async with bot:
        read = await bot.send_message(user.id, "<b>Read</b> me", reply_markup=markup)
        assert isinstance(read, Message)
        assert read.text == "Read me"
        assert parsed == [read.message_id]
        await unread(bot.send_message(user.id, "<b>Not</b> read", reply_markup=markup))
        await unread(bot.edit_message_text("<i>Edited</i>", user.id, read.message_id))
        assert parsed == [read.message_id]
        # Telegram's refusals still raise: the caller decides (tgbot/bot/replies.py).
        with pytest.raises(BadRequest, match="not modified"):
            await unread(bot.edit_message_text("<i>Edited</i>", user.id, read.message_id))
        # Only the call it wraps goes unparsed.
        again = await bot.send_message(user.id, "Again")
        assert isinstance(again, Message)
        assert parsed == [read.message_id, again.message_id]
    sends = [c for c in local_api.calls_for(user.id) if c.method == "sendMessage"]
    assert [c.params.get("parse_mode") for c in sends] == ["HTML", "HTML", "HTML"]
    assert sends[0].params["reply_markup"] == sends[1].params["reply_markup"]
    texts = [m.text for m in local_api.bot_messages(user.id)]
    assert texts == ["Edited", "Not read", "Again"]
