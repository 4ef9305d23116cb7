"""Webhook mode: a small aiohttp server in the way PTB's ``customwebhookbot`` example shows.

Telegram POSTs each update to the webhook path; a request with the right secret token header is
put on ``application.update_queue`` and handled exactly as in polling mode (one at a time, in
order). ``GET /healthz`` and ``GET /metrics`` are served by a second, small server of their
own (OPS_LISTEN:OPS_PORT, this machine only by default, optionally behind OPS_TOKEN): the
webhook's port may face the internet, the operations endpoints must not. PTB's built-in
webhook server could not serve them, hence our own.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import json
import logging
import time
from collections import Counter

from aiohttp import web
from telegram import Update

from tgbot import metrics
from tgbot.bot.context import BotApplication
from tgbot.config import HEALTH_PATH, METRICS_PATH, WebhookSettings
from tgbot.serving.health import DatabaseProbe, live_report
from tgbot.serving.serve import StartError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are small; anything larger is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024
# Requests in flight at stop only enqueue an update, so they finish well within this.
SERVER_SHUTDOWN_TIMEOUT = 5.0
# A connection that has not sent a whole request head within this many seconds (idle, or
# trickling headers) is closed: aiohttp's keep-alive timer runs from the connection's start.
HEADER_TIMEOUT = 10.0
# Telegram sends a small body at once; one that trickles in is not Telegram.
BODY_TIMEOUT = 10.0
# Telegram opens at most 40 connections at a time (setWebhook's max_connections): past this
# cap a new connection is refused at once, so idle ones cannot use up the descriptors.
MAX_CONNECTIONS = 200
# At most one log line per reason this often, with the count: a flood of bad requests must
# not become a flood of log lines.
REJECTION_LOG_EVERY = 10.0
# No Python or aiohttp version for a scanner to match against.
SERVER_HEADER = "twitch-triage-bot"
_REFUSAL = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class RejectionLog:
    """Counts rejected requests by reason and logs each reason at most once a period."""

    def __init__(self, every: float = REJECTION_LOG_EVERY) -> None:
        self._every = every
        self._counts: Counter[str] = Counter()
        self._last: dict[str, float] = {}

    def rejected(self, reason: str) -> None:
        self._counts[reason] += 1
        now = time.monotonic()
        last = self._last.get(reason)
        if last is not None and now - last < self._every:
            return
        self._last[reason] = now
        count, self._counts[reason] = self._counts[reason], 0
        log.warning("event=webhook_rejected reason=%s count=%d", reason, count)


class _Refused(asyncio.Protocol):
    """A connection past the cap: told 503 and closed, without reading a byte."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(_REFUSAL)
        transport.close()


class ConnectionCap:
    """The protocol factory of the listening socket: aiohttp's, up to ``limit`` open."""

    def __init__(self, server: web.Server, limit: int, rejections: RejectionLog) -> None:
        self._server = server
        self._limit = limit
        self._rejections = rejections

    def __call__(self) -> asyncio.Protocol:
        if len(self._server.connections) >= self._limit:
            self._rejections.rejected("too_many_connections")
            return _Refused()
        return self._server()


def build_web_app(
    application: BotApplication, webhook: WebhookSettings, rejections: RejectionLog | None = None
) -> web.Application:
    secret = webhook.secret_token.encode()
    rejected = (rejections or RejectionLog()).rejected

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, secret):
            rejected("secret_token")
            return web.Response(status=403, text="Forbidden")
        if not application.running:
            # Telegram retries later, so an update that arrives while stopping is not lost.
            return web.Response(status=503, text="Stopping")
        try:
            body = await asyncio.wait_for(request.read(), BODY_TIMEOUT)
        except TimeoutError:
            rejected("body_timeout")
            return web.Response(status=408, text="Request Timeout")
        update = _parse_update(body, application)
        if update is None:
            rejected("bad_update")
            return web.Response(status=400, text="Bad Request")
        await application.update_queue.put(update)
        return web.Response(text="OK")

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(webhook.path, receive)
    app.on_response_prepare.append(_no_version)
    return app


def build_ops_app(application: BotApplication, webhook: WebhookSettings) -> web.Application:
    """/healthz and /metrics, for the machine's supervisor, balancer and Prometheus."""
    probe = DatabaseProbe(webhook.health_probe_every)
    wanted = f"Bearer {webhook.ops_token}".encode()

    def allowed(request: web.Request) -> bool:
        if not webhook.ops_token:
            return True
        given = request.headers.get("Authorization", "").encode("utf-8", "replace")
        return hmac.compare_digest(given, wanted)

    async def healthz(request: web.Request) -> web.Response:
        if not allowed(request):
            return web.Response(status=401, text="Unauthorized")
        report = await live_report(application, probe)
        return web.json_response(
            report.to_json(), status=200 if report.ok else 503, dumps=json.dumps
        )

    async def prometheus_metrics(request: web.Request) -> web.Response:
        if not allowed(request):
            return web.Response(status=401, text="Unauthorized")
        # Counts and timings only: no label holds an id or a text (tgbot/metrics.py).
        return web.Response(
            body=metrics.exposition(), headers={"Content-Type": metrics.CONTENT_TYPE_LATEST}
        )

    app = web.Application(client_max_size=1024)
    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(METRICS_PATH, prometheus_metrics)
    app.on_response_prepare.append(_no_version)
    return app


async def _no_version(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER_HEADER


def _parse_update(body: bytes, application: BotApplication) -> Update | None:
    """The update in a request body, or None for anything that is not one: invalid JSON,
    deep nesting (RecursionError), wrong types (``{"message": 5}``) are the sender's fault,
    a 400, never a 500."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        return Update.de_json(data, application.bot)
    # PTB's parsing raises whatever a wrong type leads to (TypeError, AttributeError...).
    except Exception:
        return None


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
        self._ops: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None

    async def start(self) -> None:
        rejections = RejectionLog()
        runner = web.AppRunner(
            build_web_app(self._application, self._webhook, rejections),
            access_log=None,
            shutdown_timeout=SERVER_SHUTDOWN_TIMEOUT,
            keepalive_timeout=HEADER_TIMEOUT,
        )
        await runner.setup()
        assert runner.server is not None
        ops = web.AppRunner(
            build_ops_app(self._application, self._webhook),
            access_log=None,
            shutdown_timeout=SERVER_SHUTDOWN_TIMEOUT,
            keepalive_timeout=HEADER_TIMEOUT,
        )
        await ops.setup()
        try:
            await self._start_ops(ops)
            # Our own listening socket instead of TCPSite, to put the connection cap in front.
            self._listener = await asyncio.get_running_loop().create_server(
                ConnectionCap(runner.server, MAX_CONNECTIONS, rejections),
                self._webhook.listen or None,
                self._webhook.port,
                reuse_address=True,
            )
            # Updates Telegram queued while we were down arrive now: never drop them.
            await self._application.bot.set_webhook(
                url=self._webhook.url,
                secret_token=self._webhook.secret_token,
                allowed_updates=self._allowed_updates,
                drop_pending_updates=False,
            )
        except BaseException:
            await self._close_listener()
            await runner.cleanup()
            await ops.cleanup()
            raise
        self._runner, self._ops = runner, ops
        log.info(
            "event=webhook_listening listen=%s port=%d path=%s ops_listen=%s ops_port=%d",
            self._webhook.listen,
            self._webhook.port,
            self._webhook.path,
            self._webhook.ops_listen,
            self._webhook.ops_port,
        )

    async def _start_ops(self, ops: web.AppRunner) -> None:
        webhook = self._webhook
        try:
            await web.TCPSite(ops, webhook.ops_listen or None, webhook.ops_port).start()
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise StartError(
                "OPS_PORT",
                f"port {webhook.ops_port} on {webhook.ops_listen} is in use by another program",
            ) from error

    async def stop(self) -> None:
        """Stop taking updates. The webhook stays set: Telegram keeps new updates for us and
        delivers them when the bot is back."""
        await self._close_listener()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._ops is not None:
            ops, self._ops = self._ops, None
            await ops.cleanup()

    async def _close_listener(self) -> None:
        if self._listener is not None:
            listener, self._listener = self._listener, None
            listener.close()
