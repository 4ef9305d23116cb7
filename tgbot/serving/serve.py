"""Run the bot until SIGTERM or SIGINT, then stop cleanly.

The order is the point: stop taking updates first (polling stops, the webhook server closes),
then let the updates already taken and the running jobs finish, bounded by the settings'
``shutdown_timeout``, and only then close the database. An update Telegram could not deliver
while we stop stays with Telegram and comes again on the next start.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from tgbot.bot.context import BotApplication

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


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
    """The bot runs inside the block; leaving it stops the bot in the order above."""
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            await receiver.start()
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
