"""``python bot.py run`` as an operator runs it: a real process against the stand-in."""

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tgbot.localapi import ChatSession, FakeUser, LocalBotApi

REPO = Path(__file__).resolve().parents[2]
BOT = str(REPO / "bot.py")


async def until_ready(process: asyncio.subprocess.Process, cap: float = 300.0) -> str:
    """The bot's log up to ``event=bot_ready``: its start (content/ loaded and checked, seconds
    of CPU) takes minutes on a busy machine, so the test waits for that line, not a fixed time;
    a bot that stops first fails at once with its log."""
    assert process.stderr is not None
    lines: list[str] = []

    async def read() -> None:
        while line := await process.stderr.readline():  # type: ignore[union-attr]
            lines.append(line.decode())
            if "event=bot_ready" in lines[-1]:
                return
        raise AssertionError("the bot stopped before it was ready:\n" + "".join(lines))

    await asyncio.wait_for(read(), cap)
    return "".join(lines)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(extra)
    return env


def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, BOT, "run"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: TELEGRAM_BOT_TOKEN: is not set; get a token from @BotFather"
    ]


def test_bad_timezone_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, BOT, "run"],
        cwd=tmp_path,
        env=clean_env(TELEGRAM_BOT_TOKEN="1:x", DEFAULT_TIMEZONE="Nowhere/City"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: DEFAULT_TIMEZONE: unknown timezone 'Nowhere/City'")


def test_help_lists_the_subcommands() -> None:
    result = subprocess.run(
        [sys.executable, BOT, "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("run", "content", "triage"):
        assert command in result.stdout


@pytest.mark.timeout(360)  # the start may take minutes on a busy machine (until_ready)
async def test_run_answers_start_through_a_bot_api_server(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN="123456:TEST-process",
        TELEGRAM_API_BASE_URL=local_api.base_url,
        DATABASE_PATH=str(tmp_path / "bot.sqlite3"),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        BOT,
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    early = ""
    try:
        early = await until_ready(process)
        chat = ChatSession(local_api, FakeUser(777))
        local_api.user_message(chat.user, "/start", chat.chat)
        await local_api.wait_for_calls(chat.chat.id, 0, timeout=30)
        assert "Hello" in chat.last.text
        assert chat.last.button_texts == ["⚡ Muscle twitch", "💢 Spasms and cramps"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    logs = early + stderr.decode()
    assert "event=bot_ready" in logs
    assert "TEST-process" not in logs
