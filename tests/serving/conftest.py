"""The real Application in webhook mode: the stand-in pushes updates to its HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from tests.serving.helpers import WebhookApi, free_port, webhook_for
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.serving.run import ALLOWED_UPDATES
from tgbot.serving.serve import serving
from tgbot.serving.webhook import WebhookReceiver


@pytest.fixture
async def local_api() -> AsyncIterator[WebhookApi]:
    api = WebhookApi(long_poll_cap=0.1)
    async with api:
        yield api


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    return replace(settings, webhook=webhook_for(free_port()))


@pytest.fixture
async def webhook_app(
    webhook_settings: Settings, library: Library
) -> AsyncIterator[BotApplication]:
    application = build_application(webhook_settings, library=library)
    assert webhook_settings.webhook is not None
    receiver = WebhookReceiver(application, webhook_settings.webhook, ALLOWED_UPDATES)
    async with serving(application, receiver, shutdown_timeout=5.0):
        yield application
