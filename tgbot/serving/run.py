"""Running the application: polling, webhook, or inside a running event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tgbot.bot.context import BotApplication
from tgbot.serving.serve import PollingReceiver, serve, serving
from tgbot.serving.webhook import WebhookReceiver

# Only what the handlers use: Telegram then does not even send the rest.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def run_polling(application: BotApplication) -> None:
    """Long polling until SIGTERM/SIGINT, then a clean stop (see :mod:`tgbot.serving.serve`)."""
    settings = application.bot_data.services.settings
    receiver = PollingReceiver(application, ALLOWED_UPDATES)
    serve(application, receiver, shutdown_timeout=settings.shutdown_timeout)


def run_webhook(application: BotApplication) -> None:
    """Webhook server (and /healthz) until SIGTERM/SIGINT, then a clean stop."""
    settings = application.bot_data.services.settings
    if settings.webhook is None:
        raise ValueError("run_webhook needs settings.webhook (WEBHOOK_URL and its settings)")
    receiver = WebhookReceiver(application, settings.webhook, ALLOWED_UPDATES)
    serve(application, receiver, shutdown_timeout=settings.shutdown_timeout)


@asynccontextmanager
async def running(
    application: BotApplication, *, poll_timeout: float = 1.0
) -> AsyncIterator[BotApplication]:
    """Run the application in polling mode inside an existing event loop, with the same
    lifecycle as ``python bot.py run`` (tests, benchmarks, the terminal chat)."""
    receiver = PollingReceiver(application, ALLOWED_UPDATES, poll_timeout=int(poll_timeout))
    timeout = application.bot_data.services.settings.shutdown_timeout
    async with serving(application, receiver, shutdown_timeout=timeout):
        yield application
