"""Both HTTP clients carry the bot end to end: aiohttp (the default, which every other e2e
test runs on) and PTB's httpx (HTTP_BACKEND=httpx)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from telegram.request import HTTPXRequest

from tests.e2e.test_privacy import check
from tgbot.bot.application import build_application
from tgbot.bot.request import AiohttpRequest
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import ChatSession
from tgbot.serving.run import running


@pytest.mark.parametrize(
    ("backend", "request_class"), [("aiohttp", AiohttpRequest), ("httpx", HTTPXRequest)]
)
async def test_a_check_and_the_data_download_work_on_each_backend(
    settings: Settings,
    library: Library,
    chat: ChatSession,
    backend: str,
    request_class: type,
) -> None:
    application = build_application(
        dataclasses.replace(settings, http_backend=backend), library=library
    )
    assert isinstance(application.bot.request, request_class)
    async with running(application):
        assert "Hello" in (await chat.send("/start")).last.text
        await check(chat, keep=True)
        summary, document = (await chat.send("/mydata", at_least=2)).messages
        assert "What I keep about you" in summary.text
        assert document.document_name == "my-data.json"
        assert document.document is not None
        assert json.loads(document.document)["users"][0]["user_id"] == chat.user.id
