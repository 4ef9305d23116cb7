"""Webhook mode: a small aiohttp server in the way PTB's ``customwebhookbot`` example shows.

Telegram POSTs each update to the webhook path; a request with the right secret token header is
put on ``application.update_queue`` and handled exactly as in polling mode (one at a time, in
order). The same server answers ``GET /healthz``. PTB's built-in webhook server could not serve
the health check, hence our own.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update

from tgbot.bot.context import BotApplication
from tgbot.config import HEALTH_PATH, WebhookSettings
from tgbot.serving.health import live_report

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are small; anything larger is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024
# Requests in flight at stop only enqueue an update, so they finish well within this.
SERVER_SHUTDOWN_TIMEOUT = 5.0


def build_web_app(application: BotApplication, webhook: WebhookSettings) -> web.Application:
    secret = webhook.secret_token.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, secret):
            log.warning("event=webhook_rejected reason=secret_token remote=%s", request.remote)
            return web.Response(status=403, text="Forbidden")
        if not application.running:
            # Telegram retries later, so an update that arrives while stopping is not lost.
            return web.Response(status=503, text="Stopping")
        try:
            data = await request.json()
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            log.warning("event=webhook_rejected reason=bad_update remote=%s", request.remote)
            return web.Response(status=400, text="Bad Request")
        await application.update_queue.put(update)
        return web.Response(text="OK")

    async def healthz(request: web.Request) -> web.Response:
        report = await live_report(application)
        return web.json_response(
            report.to_json(), status=200 if report.ok else 503, dumps=json.dumps
        )

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(webhook.path, receive)
    app.router.add_get(HEALTH_PATH, healthz)
    return app


class WebhookReceiver:
    """Takes updates over HTTP: listens first, then tells Telegram where to send them."""

    mode = "webhook"

    def __init__(
        self,
        application: BotApplication,
        webhook: WebhookSettings,
        allowed_updates: list[str],
    ) -> None:
        self._application = application
        self._webhook = webhook
        self._allowed_updates = allowed_updates
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        runner = web.AppRunner(
            build_web_app(self._application, self._webhook),
            access_log=None,
            shutdown_timeout=SERVER_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self._webhook.listen, self._webhook.port).start()
            # Updates Telegram queued while we were down arrive now: never drop them.
            await self._application.bot.set_webhook(
                url=self._webhook.url,
                secret_token=self._webhook.secret_token,
                allowed_updates=self._allowed_updates,
                drop_pending_updates=False,
            )
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        log.info(
            "event=webhook_listening listen=%s port=%d path=%s",
            self._webhook.listen,
            self._webhook.port,
            self._webhook.path,
        )

    async def stop(self) -> None:
        """Stop taking updates. The webhook stays set: Telegram keeps new updates for us and
        delivers them when the bot is back."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
