"""/healthz and /metrics on a listener of their own: not on the webhook's port (which may face
the internet), behind a token when one is set, and /healthz writes its probe at most once a
period however often it is asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from tests.serving.helpers import free_port, webhook_for
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import LocalBotApi
from tgbot.serving.health import health_url
from tgbot.serving.run import ALLOWED_UPDATES
from tgbot.serving.serve import serving
from tgbot.serving.webhook import WebhookReceiver

TOKEN = "ops-token-0123456789"


async def started(settings: Settings, library: Library) -> AsyncIterator[BotApplication]:
    application = build_application(settings, library=library)
    assert settings.webhook is not None
    receiver = WebhookReceiver(application, settings.webhook, ALLOWED_UPDATES)
    async with serving(application, receiver, shutdown_timeout=5.0):
        yield application


@pytest.fixture
async def guarded(
    settings: Settings, library: Library, local_api: LocalBotApi
) -> AsyncIterator[BotApplication]:
    webhook = webhook_for(free_port(), ops_token=TOKEN, health_probe_every=60.0)
    async for application in started(replace(settings, webhook=webhook), library):
        yield application


async def status_of(url: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status


async def test_health_and_metrics_are_not_on_the_webhook_port(
    webhook_app: BotApplication,
) -> None:
    webhook = webhook_app.bot_data.services.settings.webhook
    assert webhook is not None
    assert webhook.ops_port != webhook.port
    for path in ("/healthz", "/metrics"):
        assert await status_of(f"http://127.0.0.1:{webhook.port}{path}") == 404
    ops = health_url(webhook)
    assert ops == f"http://127.0.0.1:{webhook.ops_port}/healthz"
    assert await status_of(ops) == 200
    assert await status_of(ops.replace("/healthz", "/metrics")) == 200


async def test_with_a_token_only_its_bearer_is_answered(guarded: BotApplication) -> None:
    webhook = guarded.bot_data.services.settings.webhook
    assert webhook is not None
    health = health_url(webhook)
    for url in (health, health.replace("/healthz", "/metrics")):
        assert await status_of(url) == 401
        assert await status_of(url, "a-wrong-token-0000") == 401
        assert await status_of(url, TOKEN) == 200


async def test_healthz_writes_its_probe_once_a_period_however_often_asked(
    guarded: BotApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = guarded.bot_data.services.db
    writes: list[int] = []
    real = db.probe_write

    async def counted(now: int) -> None:
        writes.append(now)
        await real(now)

    monkeypatch.setattr(db, "probe_write", counted)
    webhook = guarded.bot_data.services.settings.webhook
    assert webhook is not None
    for _ in range(20):
        assert await status_of(health_url(webhook), TOKEN) == 200
    assert len(writes) == 1
