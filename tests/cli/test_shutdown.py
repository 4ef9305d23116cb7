"""SIGTERM / SIGINT to a running bot process: what it was doing finishes, then it exits 0.

The stand-in is slowed down so a handler is still waiting for its ``sendMessage`` when the
signal arrives: the user must get the answer all the same, and what the handler stored must
be in the database after the exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_run_command import BOT, clean_env
from tests.serving.helpers import SECRET, WebhookApi, free_port
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.storage import Database
from tgbot.storage.crypto import KeyRing, load_or_create_key_file
from tgbot.storage.pseudonyms import open_ids

STARTUP_TIMEOUT = 30.0


class SlowSendApi(WebhookApi):
    """Answers each sendMessage after ``delay`` seconds or once ``release`` is set;
    ``sending`` is set when the first one arrives."""

    def __init__(self, delay: float) -> None:
        super().__init__(long_poll_cap=0.1)
        self.delay = delay
        self.sending = asyncio.Event()
        self.release = asyncio.Event()

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        self.sending.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.release.wait(), self.delay)
        return await super()._send_message(params)


@pytest.fixture
async def slow_api() -> AsyncIterator[SlowSendApi]:
    api = SlowSendApi(delay=1.0)
    async with api:
        yield api


async def start_bot(
    api: LocalBotApi, tmp_path: Path, *args: str, **settings: str
) -> asyncio.subprocess.Process:
    env = clean_env(
        TELEGRAM_BOT_TOKEN="123456:TEST-shutdown",
        TELEGRAM_API_BASE_URL=api.base_url,
        DATABASE_PATH=str(tmp_path / "bot.sqlite3"),
        **settings,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        BOT,
        "run",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(process: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> str:
    if process.returncode is None:
        process.send_signal(sig)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    return stderr.decode()


def stored_user_ids(tmp_path: Path) -> list[int]:
    """The Telegram ids of the users stored: the rows hold pseudonyms, and the ids sealed."""
    database = Database(tmp_path / "bot.sqlite3")
    keyring = KeyRing(load_or_create_key_file(database.key_path))
    with sqlite3.connect(database.path) as conn:
        rows = conn.execute(
            "SELECT u.user_id, u.telegram_ids, k.wrapped FROM users u JOIN user_keys k"
            " ON k.user_id = u.user_id ORDER BY u.user_id"
        ).fetchall()
    return [open_ids(keyring.unwrap(user, wrapped), ids)[0] for user, ids, wrapped in rows]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_polling_bot_finishes_the_answer_in_flight_then_exits_0(
    slow_api: SlowSendApi, tmp_path: Path, sig: signal.Signals
) -> None:
    process = await start_bot(slow_api, tmp_path)
    try:
        chat = ChatSession(slow_api, FakeUser(881))
        slow_api.user_message(chat.user, "/start", chat.chat)
        await asyncio.wait_for(slow_api.sending.wait(), STARTUP_TIMEOUT)
        assert chat.bot_messages == []  # the handler is mid-flight now
    finally:
        logs = await stop(process, sig)
    assert process.returncode == 0, logs
    assert "Hello" in chat.last.text
    assert f"event=stopping signal={sig.name}" in logs
    assert "event=bot_stopped" in logs
    assert "shutdown_timeout" not in logs
    assert stored_user_ids(tmp_path) == [881]


async def test_webhook_bot_finishes_the_answer_in_flight_then_exits_0(
    slow_api: SlowSendApi, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    process = await start_bot(
        slow_api,
        tmp_path,
        "--webhook",
        WEBHOOK_URL=url,
        WEBHOOK_SECRET_TOKEN=SECRET,
        WEBHOOK_PORT=str(port),
    )
    try:
        await asyncio.wait_for(slow_api.webhook_set.wait(), STARTUP_TIMEOUT)
        assert slow_api.webhook["url"] == url
        chat = ChatSession(slow_api, FakeUser(882))
        slow_api.user_message(chat.user, "/start", chat.chat)
        await asyncio.wait_for(slow_api.sending.wait(), STARTUP_TIMEOUT)
        assert chat.bot_messages == []
    finally:
        logs = await stop(process)
    assert process.returncode == 0, logs
    assert slow_api.webhook_responses == [200]
    assert "Hello" in chat.last.text
    assert "event=serving mode=webhook" in logs
    assert "event=bot_stopped" in logs
    assert SECRET not in logs
    assert stored_user_ids(tmp_path) == [882]
    # The webhook stays set: Telegram keeps what comes in while the bot is down.
    assert slow_api.webhook["url"] == url


async def test_a_stuck_handler_cannot_hold_the_stop_past_the_timeout(tmp_path: Path) -> None:
    api = SlowSendApi(delay=60.0)
    async with api:
        process = await start_bot(api, tmp_path, SHUTDOWN_TIMEOUT="0.5")
        try:
            chat = ChatSession(api, FakeUser(883))
            api.user_message(chat.user, "/start", chat.chat)
            await asyncio.wait_for(api.sending.wait(), STARTUP_TIMEOUT)
        finally:
            loop = asyncio.get_running_loop()
            began = loop.time()
            logs = await stop(process)
            took = loop.time() - began
            api.release.set()  # so the stand-in itself can stop at once
    assert process.returncode == 0, logs
    assert took < 10
    assert "event=shutdown_timeout timeout_s=0.5" in logs
    assert "event=bot_stopped" in logs
