"""Run the bot until SIGTERM or SIGINT, then stop cleanly.

The order is the point: stop taking updates first (polling stops, the webhook server closes),
then let the updates already taken and the running jobs finish, bounded by the settings'
``shutdown_timeout``, and only then close the database. An update Telegram could not deliver
while we stop stays with Telegram and comes again on the next start.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from telegram.error import InvalidToken, NetworkError

from tgbot.bot.context import BotApplication

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StartError(Exception):
    """The bot cannot start because of a setting: one line for the operator, naming it."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting


def _start_error(application: BotApplication, error: BaseException) -> StartError | None:
    """What an operator can fix, said in one line (never the token); None for the rest."""
    settings = application.bot_data.services.settings
    if isinstance(error, InvalidToken):
        return StartError(
            "TELEGRAM_BOT_TOKEN",
            f"{settings.api_base_url} refused the token (401/404): copy it again from"
            " @BotFather, and check TELEGRAM_API_BASE_URL if you set it",
        )
    if isinstance(error, NetworkError):
        return StartError(
            "TELEGRAM_API_BASE_URL",
            f"{settings.api_base_url} cannot be reached ({type(error).__name__}): check the"
            " address, the network and PROXY_URL",
        )
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE and settings.webhook:
        return StartError(
            "WEBHOOK_PORT",
            f"port {settings.webhook.port} on {settings.webhook.listen or '*'} is in use by"
            " another program",
        )
    return None


class Receiver(Protocol):
    """Where updates come from: polling or a webhook server."""

    mode: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class PollingReceiver:
    mode = "polling"

    def __init__(
        self, application: BotApplication, allowed_updates: list[str], poll_timeout: int = 10
    ) -> None:
        self._application = application
        self._allowed_updates = allowed_updates
        self._poll_timeout = poll_timeout

    async def start(self) -> None:
        updater = self._application.updater
        assert updater is not None, "build_application always builds an Updater"
        await updater.start_polling(
            timeout=self._poll_timeout,
            allowed_updates=self._allowed_updates,
            drop_pending_updates=False,
        )

    async def stop(self) -> None:
        updater = self._application.updater
        if updater is not None and updater.running:
            await updater.stop()


@asynccontextmanager
async def serving(
    application: BotApplication, receiver: Receiver, *, shutdown_timeout: float
) -> AsyncIterator[BotApplication]:
    """The bot runs inside the block; leaving it stops the bot in the order above. A
    setting the bot cannot start with is raised as :class:`StartError`."""
    try:
        await application.initialize()
    except BaseException as error:
        # PTB opened its HTTP sessions before get_me failed: closed here, or each one warns.
        await application.bot.shutdown()
        raise (_start_error(application, error) or error) from error
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            try:
                await receiver.start()
            except OSError as error:
                raise (_start_error(application, error) or error) from error
            try:
                yield application
            finally:
                await receiver.stop()
        finally:
            await _finish_in_flight(application, shutdown_timeout)
            if application.post_stop:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _finish_in_flight(application: BotApplication, timeout: float) -> None:
    """``Application.stop`` handles every update already queued and waits for running jobs;
    past ``timeout`` what is left is cancelled, so a stuck handler cannot hang the stop."""
    if not application.running:
        return
    try:
        await asyncio.wait_for(application.stop(), timeout)
    except TimeoutError:
        # What did not finish is lost here; Telegram does not resend what it delivered.
        log.warning("event=shutdown_timeout timeout_s=%s", timeout)
        job_queue = application.job_queue
        if job_queue is not None and job_queue.scheduler.running:
            await job_queue.stop(wait=False)


async def serve_until_signal(
    application: BotApplication, receiver: Receiver, *, shutdown_timeout: float
) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    received: list[str] = []

    def on_signal(sig: signal.Signals) -> None:
        received.append(sig.name)
        stop.set()
        # A second Ctrl-C or SIGTERM during the stop kills the process the default way.
        for s in STOP_SIGNALS:
            loop.remove_signal_handler(s)

    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        async with serving(application, receiver, shutdown_timeout=shutdown_timeout):
            log.info("event=serving mode=%s", receiver.mode)
            await stop.wait()
            log.info("event=stopping signal=%s", received[0])
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


def serve(application: BotApplication, receiver: Receiver, *, shutdown_timeout: float) -> None:
    asyncio.run(serve_until_signal(application, receiver, shutdown_timeout=shutdown_timeout))
