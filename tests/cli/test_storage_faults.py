"""``bot.py run`` on a database it cannot use: one line naming the problem and the file, and
exit 2, so systemd (RestartPreventExitStatus=2) and Docker do not restart it for ever. The
faults are real: random bytes, a page overwritten, a read-only mount, a full disk, a folder."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_run_command import BOT, clean_env
from tests.faults import fill, remount_read_only, set_immutable, tiny_disk
from tgbot.localapi import LocalBotApi
from tgbot.storage.migrations import SCHEMA_VERSION


async def run_bot(api: LocalBotApi, database: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        BOT,
        "run",
        cwd=cwd,
        env=clean_env(
            TELEGRAM_BOT_TOKEN="123456:TEST-storage",
            TELEGRAM_API_BASE_URL=api.base_url,
            DATABASE_PATH=str(database),
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode is not None
    return subprocess.CompletedProcess([], process.returncode, stdout.decode(), stderr.decode())


def a_database(path: Path, rows: int = 2_000) -> Path:
    """A real database of the bot's schema with some pages of data."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * rows)
    return path


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def corrupt_a_page(path: Path) -> None:
    a_database(path)
    with path.open("r+b") as file:
        file.seek(4096 * 3)  # a b-tree page in the middle: the header stays valid
        file.write(os.urandom(4096))


def a_folder(path: Path) -> None:
    path.mkdir()


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines
    for word in words:
        assert word in lines[0], lines


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (random_bytes, ("corrupt or not a SQLite database",)),
        (corrupt_a_page, ("corrupt",)),
        (a_folder, ("is a folder",)),
    ],
    ids=["random-bytes", "corrupt-page", "folder"],
)
async def test_a_damaged_database_is_one_line_and_exit_2(
    local_api: LocalBotApi, tmp_path: Path, damage: Callable[[Path], None], words: tuple[str, ...]
) -> None:
    database = tmp_path / "bot.sqlite3"
    damage(database)
    result = await run_bot(local_api, database, tmp_path)
    assert_one_line(result, str(database), *words)


async def test_a_read_only_mount_is_one_line_and_exit_2(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        database = a_database(disk / "bot.sqlite3", rows=10)
        remount_read_only(disk)
        result = await run_bot(local_api, database, tmp_path)
    assert_one_line(result, str(database), "read-only")


async def test_a_read_only_file_is_one_line_and_exit_2(
    local_api: LocalBotApi, tmp_path: Path
) -> None:
    database = a_database(tmp_path / "bot.sqlite3", rows=10)
    set_immutable(database, True)
    try:
        result = await run_bot(local_api, database, tmp_path)
    finally:
        set_immutable(database, False)
    assert_one_line(result, str(database), "read-only")


async def test_a_full_disk_is_one_line_and_exit_2(local_api: LocalBotApi, tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        database = disk / "bot.sqlite3"
        fill(disk)
        result = await run_bot(local_api, database, tmp_path)
    assert_one_line(result, str(database))
    assert "disk full" in result.stderr or "full" in result.stderr


def test_health_runs_quick_check_and_finds_a_corrupt_page(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    corrupt_a_page(database)
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    result = subprocess.run(
        [sys.executable, BOT, "health"],
        cwd=tmp_path,
        env=clean_env(TELEGRAM_BOT_TOKEN="1:x", DATABASE_PATH=str(database)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "malformed" in result.stdout or "quick_check found" in result.stdout
