"""The webhook server under hostile traffic, with real HTTP clients and raw sockets: idle and
trickling connections are closed, a connection cap holds, bad bodies are a 400 (never a 500),
rejections are logged at a bounded rate, and the Server header names no versions."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from tests.serving.helpers import SECRET, WebhookApi, free_port, webhook_for
from tests.serving.test_webhook import start_update, webhook_url
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import ChatSession
from tgbot.serving import webhook as webhook_module
from tgbot.serving.health import health_url
from tgbot.serving.run import ALLOWED_UPDATES
from tgbot.serving.serve import serving
from tgbot.serving.webhook import SECRET_HEADER, WebhookReceiver

CAP = 5
TIMEOUT = 0.5


@pytest.fixture
async def local_api() -> AsyncIterator[WebhookApi]:
    api = WebhookApi(long_poll_cap=0.1)
    async with api:
        yield api


@pytest.fixture
async def tight_app(
    settings: Settings, library: Library, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BotApplication]:
    """The webhook server with a small cap and short timeouts, so the test takes a second."""
    monkeypatch.setattr(webhook_module, "MAX_CONNECTIONS", CAP)
    monkeypatch.setattr(webhook_module, "HEADER_TIMEOUT", TIMEOUT)
    monkeypatch.setattr(webhook_module, "BODY_TIMEOUT", TIMEOUT)
    settings = replace(settings, webhook=webhook_for(free_port()))
    assert settings.webhook is not None
    application = build_application(settings, library=library)
    receiver = WebhookReceiver(application, settings.webhook, ALLOWED_UPDATES)
    async with serving(application, receiver, shutdown_timeout=5.0):
        yield application


def port_of(application: BotApplication) -> int:
    webhook = application.bot_data.services.settings.webhook
    assert webhook is not None
    return webhook.port


async def post(application: BotApplication, body: bytes) -> aiohttp.ClientResponse:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            webhook_url(application),
            data=body,
            headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
        ) as response,
    ):
        await response.read()
        return response


async def test_idle_connections_are_capped_then_closed_so_updates_get_through(
    tight_app: BotApplication, chat: ChatSession
) -> None:
    port = port_of(tight_app)
    idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(CAP)]
    await asyncio.sleep(0.05)
    # Past the cap: refused at once with a 503, not left hanging.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    refused = await asyncio.wait_for(reader.read(), 2)
    assert refused.startswith(b"HTTP/1.1 503")
    writer.close()
    # The idle ones (and one trickling its headers) are closed by the header timeout.
    idle[0][1].write(b"POST /telegram HTTP/1.1\r\nHost: x\r\n")
    for idle_reader, _ in idle:
        assert await asyncio.wait_for(idle_reader.read(), TIMEOUT * 6) == b""
    response = await post(tight_app, _json(start_update(chat)))
    assert response.status == 200
    await chat.api.wait_for_calls(chat.chat.id, 0)
    assert "Hello" in chat.last.text


async def test_a_body_that_trickles_is_cut_off(tight_app: BotApplication) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(tight_app))
    writer.write(
        f"POST /telegram HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
    )
    answer = await asyncio.wait_for(reader.read(12), TIMEOUT * 6)
    assert answer == b"HTTP/1.1 408"
    writer.close()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"message": 5}',
        b'{"update_id": 1, "message": 5}',
        b'{"update_id": 1, "message": {"chat": "x", "date": []}}',
        b'{"update_id": "1"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 1, "message": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
    ],
    ids=[
        "invalid",
        "message-5",
        "message-5-with-id",
        "wrong-fields",
        "id-string",
        "deep-list",
        "deep-object",
    ],
)
async def test_a_malformed_update_is_400_never_500(
    tight_app: BotApplication, local_api: WebhookApi, body: bytes
) -> None:
    response = await post(tight_app, body)
    assert response.status == 400
    assert local_api.calls_for(0) == []


async def test_the_server_header_names_no_versions(tight_app: BotApplication) -> None:
    for body in (b"{}", b"{not json"):
        response = await post(tight_app, body)
        server = response.headers.get("Server", "")
        assert "Python" not in server
        assert "aiohttp" not in server
    webhook = tight_app.bot_data.services.settings.webhook
    assert webhook is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(health_url(webhook)) as health,
        session.get(f"http://127.0.0.1:{webhook.port}/nowhere") as missing,
    ):
        for response in (health, missing):
            assert "aiohttp" not in response.headers.get("Server", "")


async def test_a_flood_of_rejected_requests_writes_a_few_log_lines(
    tight_app: BotApplication, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="tgbot.serving.webhook")
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            async with session.post(
                webhook_url(tight_app), data=b"{}", headers={SECRET_HEADER: "wrong"}
            ) as response:
                assert response.status == 403
    lines = [r.getMessage() for r in caplog.records if "webhook_rejected" in r.getMessage()]
    assert 1 <= len(lines) <= 2, lines
    assert lines[0] == "event=webhook_rejected reason=secret_token count=1"


def _json(data: object) -> bytes:
    return json.dumps(data).encode()
