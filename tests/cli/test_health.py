"""``python bot.py health`` as a supervisor runs it in polling mode: JSON out, exit 0 or 1."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli.test_run_command import BOT, clean_env
from tests.helpers_release import VERSION
from tests.serving.helpers import SECRET, free_port
from tgbot import __version__
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.storage import Database
from tgbot.storage.migrations import SCHEMA_VERSION


def health(cwd: Path, **settings: str) -> tuple[int, dict[str, Any], str]:
    env = clean_env(TELEGRAM_BOT_TOKEN="123456:TEST-health", **settings)
    result = subprocess.run(
        [sys.executable, BOT, "health"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    body: dict[str, Any] = json.loads(result.stdout) if result.stdout else {}
    return result.returncode, body, result.stderr


async def migrated_database(path: Path) -> Path:
    db = Database(path)
    await db.connect()
    await db.close()
    return path


async def test_healthy_database_and_content_exit_0(tmp_path: Path) -> None:
    path = await migrated_database(tmp_path / "data" / "bot.sqlite3")
    code, body, _ = health(tmp_path, DATABASE_PATH=str(path))
    assert code == 0
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["checks"]["database"] == {
        "ok": True,
        "detail": f"schema version {SCHEMA_VERSION}",
    }
    assert body["checks"]["content"] == {"ok": True, "detail": "2 topics, 2 flows"}
    assert body["content_version"] == VERSION


async def test_health_does_not_change_the_database(tmp_path: Path) -> None:
    path = await migrated_database(tmp_path / "bot.sqlite3")
    before = path.read_bytes()
    assert health(tmp_path, DATABASE_PATH=str(path))[0] == 0
    assert path.read_bytes() == before


def test_missing_database_exit_1_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    code, body, _ = health(tmp_path, DATABASE_PATH=str(path))
    assert code == 1
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is False
    assert "no database file" in body["checks"]["database"]["detail"]
    assert not path.exists()


def test_a_file_that_is_no_database_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_text("these are not the bytes of a database\n" * 100)
    code, body, _ = health(tmp_path, DATABASE_PATH=str(path))
    assert code == 1
    assert "cannot read" in body["checks"]["database"]["detail"]


def test_an_old_schema_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 1")
    code, body, _ = health(tmp_path, DATABASE_PATH=str(path))
    assert code == 1
    assert body["checks"]["database"]["detail"] == (
        f"schema version 1, this bot needs {SCHEMA_VERSION}"
    )


async def test_broken_content_exit_1(tmp_path: Path) -> None:
    path = await migrated_database(tmp_path / "bot.sqlite3")
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    (content / "messages.yaml").write_text("welcome: [unclosed\n")
    code, body, _ = health(tmp_path, DATABASE_PATH=str(path), CONTENT_DIR=str(content))
    assert code == 1
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["content"]["ok"] is False
    assert "messages.yaml" in body["checks"]["content"]["detail"]


def test_bad_settings_exit_1_not_2(tmp_path: Path) -> None:
    """Docker's HEALTHCHECK reserves exit code 2."""
    code, body, stderr = health(tmp_path, LOG_LEVEL="LOUD")
    assert code == 1
    assert body == {}
    assert stderr.startswith("error: LOG_LEVEL: unknown level")


def test_webhook_mode_with_no_server_running_exit_1(tmp_path: Path) -> None:
    port = free_port()
    code, body, _ = health(
        tmp_path,
        WEBHOOK_URL="https://bot.example.org/telegram",
        WEBHOOK_SECRET_TOKEN=SECRET,
        OPS_PORT=str(port),
    )
    assert code == 1
    assert body["status"] == "fail"
    check = body["checks"]["webhook_server"]
    assert check["ok"] is False
    assert f"http://127.0.0.1:{port}/healthz unreachable" in check["detail"]
