"""An update Telegram delivers twice is answered once; an update with fields of the wrong type
is dropped with one WARNING line and no handler error."""

from __future__ import annotations

import logging
import time
from typing import Any

import aiohttp
import pytest

from tests.serving.helpers import SECRET
from tests.serving.test_webhook import start_update, webhook_url
from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.serving.webhook import SECRET_HEADER


async def post(application: BotApplication, update: dict[str, Any]) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            webhook_url(application), json=update, headers={SECRET_HEADER: SECRET}
        ) as response,
    ):
        return response.status


async def settle(api: LocalBotApi, chat: ChatSession, since: int) -> None:
    await api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.5, timeout=2.0)


async def test_an_update_posted_twice_is_answered_once(
    webhook_app: BotApplication, local_api: LocalBotApi, chat: ChatSession
) -> None:
    since = local_api.call_count
    update = start_update(chat) | {"update_id": 7001}
    assert await post(webhook_app, update) == 200
    await local_api.wait_for_calls(chat.chat.id, since)
    assert await post(webhook_app, update) == 200, "a repeat is acknowledged, not refused"
    await settle(local_api, chat, since)
    assert [m.text.startswith("👋") or "Hello" in m.text for m in chat.bot_messages] == [True]
    # A new update id from the same person is answered as usual.
    assert await post(webhook_app, start_update(chat) | {"update_id": 7002}) == 200
    await settle(local_api, chat, since)
    assert len(chat.bot_messages) == 2


def malformed(chat: ChatSession, update_id: int, case: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": 1,
        "date": int(time.time()),
        "chat": chat.chat.to_api(),
        "from": chat.user.to_api(),
        "text": "my eyelid twitches",
    }
    if case == "chat id is text":
        message["chat"] = message["chat"] | {"id": "abc"}
    elif case == "text is a number":
        message["text"] = 12345
    elif case == "no sender":
        del message["from"]
    elif case == "user id is text":
        message["from"] = message["from"] | {"id": "me"}
    return {"update_id": update_id, "message": message}


@pytest.mark.parametrize(
    "case", ["chat id is text", "text is a number", "no sender", "user id is text"]
)
async def test_a_signed_update_with_fields_of_the_wrong_type_is_dropped_with_one_line(
    webhook_app: BotApplication,
    local_api: LocalBotApi,
    chat: ChatSession,
    caplog: pytest.LogCaptureFixture,
    case: str,
) -> None:
    since = local_api.call_count
    # PTB's own DEBUG lines (whole updates) are held at WARNING by tgbot/logs.py; ours at DEBUG.
    with caplog.at_level(logging.DEBUG, logger="tgbot"):
        assert await post(webhook_app, malformed(chat, 8100, case)) == 200
        await settle(local_api, chat, since)
    assert chat.bot_messages == []
    assert local_api.calls_for(chat.chat.id, since) == []
    ours = [r for r in caplog.records if r.name.startswith("tgbot")]
    warnings = [r for r in ours if r.levelno >= logging.WARNING]
    assert [r.getMessage().split(" field=")[0] for r in warnings] == [
        "event=update_malformed update_id=8100"
    ]
    assert not [r for r in ours if "eyelid" in r.getMessage()]
    assert not [r for r in ours if str(chat.user.id) in r.getMessage()]
    # The same person, with a well-formed update, is answered.
    assert await post(webhook_app, start_update(chat) | {"update_id": 8101}) == 200
    await local_api.wait_for_calls(chat.chat.id, since)
    assert "Hello" in chat.last.text
