"""Webhook mode end to end: Telegram (the stand-in) posts updates, the bot answers them."""

from __future__ import annotations

import time
from typing import Any

import aiohttp

from tests.serving.helpers import SECRET, WebhookApi
from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.serving.run import ALLOWED_UPDATES
from tgbot.serving.webhook import SECRET_HEADER


def webhook_url(application: BotApplication) -> str:
    webhook = application.bot_data.services.settings.webhook
    assert webhook is not None
    return webhook.url


def start_update(chat: ChatSession) -> dict[str, Any]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": chat.chat.to_api(),
            "from": chat.user.to_api(),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_the_webhook_is_registered_with_its_secret_and_update_types(
    webhook_app: BotApplication, local_api: LocalBotApi
) -> None:
    assert local_api.webhook["url"] == webhook_url(webhook_app)
    assert local_api.webhook["secret_token"] == SECRET
    assert local_api.webhook["allowed_updates"] == ALLOWED_UPDATES


async def test_an_update_with_the_right_secret_is_answered(
    webhook_app: BotApplication, local_api: LocalBotApi, chat: ChatSession
) -> None:
    reply = await chat.send("/start")
    assert "Hello" in reply.last.text
    assert reply.last.button_texts == ["⚡ Muscle twitch", "💢 Spasms and cramps"]
    assert local_api.webhook_responses == [200]


async def test_buttons_work_through_the_webhook_too(
    webhook_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/start")
    reply = await chat.tap("Muscle twitch")
    assert "twitch" in reply.last.text.lower()


async def test_a_wrong_secret_gets_403_and_nothing_happens(
    webhook_app: BotApplication, local_api: WebhookApi, chat: ChatSession
) -> None:
    local_api.webhook["secret_token"] = "someone-else-0123456789"
    reply = await chat.send("/start", expect_reply=False)
    assert await local_api.deliveries(1) == [403]
    assert reply.messages == ()
    assert chat.bot_messages == []
    assert await webhook_app.bot_data.services.users.get(chat.user.id) is None


async def test_a_missing_secret_gets_403_and_nothing_happens(
    webhook_app: BotApplication, local_api: LocalBotApi, chat: ChatSession
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(webhook_url(webhook_app), json=start_update(chat)) as response,
    ):
        assert response.status == 403
    since = local_api.call_count
    await local_api.wait_for_calls(chat.chat.id, since, at_least=0, settle=0.3, timeout=1.0)
    assert chat.bot_messages == []
    assert await webhook_app.bot_data.services.users.get(chat.user.id) is None


async def test_a_direct_post_with_the_secret_is_answered(
    webhook_app: BotApplication, local_api: LocalBotApi, chat: ChatSession
) -> None:
    since = local_api.call_count
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            webhook_url(webhook_app), json=start_update(chat), headers={SECRET_HEADER: SECRET}
        ) as response,
    ):
        assert response.status == 200
    await local_api.wait_for_calls(chat.chat.id, since)
    assert "Hello" in chat.last.text


async def test_a_body_that_is_no_update_is_refused(
    webhook_app: BotApplication, local_api: LocalBotApi
) -> None:
    async with aiohttp.ClientSession() as session:
        for body in (b"not json", b"[1, 2]", b'{"foo": 1}'):
            async with session.post(
                webhook_url(webhook_app), data=body, headers={SECRET_HEADER: SECRET}
            ) as response:
                assert response.status == 400
    assert local_api.calls == []
