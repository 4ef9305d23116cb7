"""Shared by the webhook, health and shutdown tests: a secret, a free port, a stand-in that
says when it delivered an update to the webhook."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from tgbot.config import WebhookSettings
from tgbot.localapi import LocalBotApi

SECRET = "test-secret-0123456789_abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def webhook_for(port: int, **ops: Any) -> WebhookSettings:
    """Webhook settings on ``port``, /healthz and /metrics on a free port of their own, with
    the database probe made at every request (the tests change the disk between two)."""
    return WebhookSettings(
        url=f"http://127.0.0.1:{port}/telegram",
        secret_token=SECRET,
        port=port,
        **({"ops_port": free_port(), "health_probe_every": 0.0} | ops),
    )


class WebhookApi(LocalBotApi):
    """The stand-in, plus events for "the bot set its webhook" and "a delivery was answered"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webhook_set = asyncio.Event()
        self._delivered = asyncio.Event()

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        result = await super()._set_webhook(params)
        self.webhook_set.set()
        return result

    async def _deliver(self, update: dict[str, Any]) -> None:
        await super()._deliver(update)
        self._delivered.set()

    async def deliveries(self, count: int, timeout: float = 5.0) -> list[int]:
        """The HTTP statuses the webhook answered the first ``count`` deliveries with."""
        async with asyncio.timeout(timeout):
            while len(self.webhook_responses) < count:
                self._delivered.clear()
                await self._delivered.wait()
        return self.webhook_responses[:count]
