import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tgbot.storage import Database, SchemaTooNewError, UserRepository
from tgbot.storage.migrations import SCHEMA_VERSION
from tgbot.storage.updates import UpdateLedger

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def test_connect_creates_the_folder_migrates_and_uses_wal(tmp_path: Path) -> None:
    db = Database(tmp_path / "nested" / "bot.sqlite3")
    await db.connect()
    try:
        assert await db.schema_version() == SCHEMA_VERSION
        journal = await db.fetchone("PRAGMA journal_mode")
        assert journal is not None
        assert journal[0] == "wal"
        foreign_keys = await db.fetchone("PRAGMA foreign_keys")
        assert foreign_keys is not None
        assert foreign_keys[0] == 1
        busy = await db.fetchone("PRAGMA busy_timeout")
        assert busy is not None
        assert busy[0] >= 1000
    finally:
        await db.close()


async def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    for _ in range(2):
        db = Database(path)
        await db.connect()
        assert await db.schema_version() == SCHEMA_VERSION
        await db.close()


async def test_a_newer_schema_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db = Database(path)
    with pytest.raises(SchemaTooNewError, match=r"knows only up to"):
        await db.connect()
    assert not db.is_connected


async def test_a_failed_transaction_rolls_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    users = UserRepository(db)
    try:

        async def insert_then_fail() -> None:
            async with db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO users (user_id, chat_id, created_at) VALUES (1, 1, 0)"
                )
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError, match="boom"):
            await insert_then_fail()
        assert await users.get(1) is None
    finally:
        await db.close()


async def test_users_upsert_keeps_created_and_clears_blocked(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    users = UserRepository(db)
    try:
        await users.upsert(7, 7, "en", NOW)
        await users.set_blocked(7, True)
        await users.set_timezone(7, "Europe/Berlin")
        await users.upsert(7, 7, "de", NOW.replace(year=2027))
        record = await users.get(7)
        assert record is not None
        assert record.language_code == "de"
        assert record.created_at == NOW
        assert record.timezone == "Europe/Berlin"
        assert record.blocked is False
        assert await users.count() == 1
    finally:
        await db.close()


async def test_one_process_remembers_the_last_days_update_ids_in_memory(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    try:
        ledger = UpdateLedger(db)
        assert await ledger.first_delivery(9, NOW)
        assert not await ledger.first_delivery(9, NOW + timedelta(hours=23))
        assert await ledger.first_delivery(10, NOW)
        rows = await db.fetchall("SELECT COUNT(*) FROM handled_updates")
        assert rows[0][0] == 0, "nothing written: one process has nothing to share"
    finally:
        await db.close()
