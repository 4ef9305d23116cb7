"""An operator's mistakes in one line naming the setting, and exit 2: an address that cannot
be reached, a token Telegram refuses, a port already in use. ``bot.py health`` in polling
mode needs no token."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

from tests.cli.test_run_command import BOT, clean_env
from tests.serving.helpers import SECRET, free_port
from tgbot.localapi import LocalBotApi


async def run_bot(tmp_path: Path, **settings: str) -> tuple[int, list[str]]:
    env = clean_env(DATABASE_PATH=str(tmp_path / "bot.sqlite3"), **settings)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        BOT,
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    lines = [
        line
        for line in stderr.decode().splitlines()
        if line.strip() and "level=INFO" not in line  # the start-up's own INFO lines
    ]
    return process.returncode, lines


async def test_an_address_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    address = f"http://127.0.0.1:{free_port()}"
    code, lines = await run_bot(
        tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-unreachable", TELEGRAM_API_BASE_URL=address
    )
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: TELEGRAM_API_BASE_URL: {address} cannot be reached")
    assert "TEST-unreachable" not in lines[0]


async def test_a_token_telegram_refuses_is_one_line(tmp_path: Path) -> None:
    async with LocalBotApi(token="123456:the-real-one") as api:
        code, lines = await run_bot(
            tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-wrong", TELEGRAM_API_BASE_URL=api.base_url
        )
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: TELEGRAM_BOT_TOKEN: {api.base_url} refused the token")
    assert "TEST-wrong" not in lines[0]


async def test_a_webhook_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with LocalBotApi() as api:
            code, lines = await run_bot(
                tmp_path,
                TELEGRAM_BOT_TOKEN="123456:TEST-port",
                TELEGRAM_API_BASE_URL=api.base_url,
                WEBHOOK_URL="http://127.0.0.1/telegram",
                WEBHOOK_SECRET_TOKEN=SECRET,
                WEBHOOK_LISTEN="127.0.0.1",
                WEBHOOK_PORT=str(port),
            )
    assert code == 2
    assert lines == [f"error: WEBHOOK_PORT: port {port} on 127.0.0.1 is in use by another program"]


def test_health_in_polling_mode_needs_no_token(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, BOT, "health"],
        cwd=tmp_path,
        env=clean_env(DATABASE_PATH=str(tmp_path / "bot.sqlite3")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    body = json.loads(result.stdout)
    assert "TELEGRAM_BOT_TOKEN" not in result.stderr
    assert body["checks"]["content"]["ok"] is True
    # No database yet: the check says so (exit 1), it does not ask for a token.
    assert body["checks"]["database"]["ok"] is False
    assert result.returncode == 1
