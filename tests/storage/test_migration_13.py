"""Migration 13 seals what a version-12 database holds in plain (time zones, answers, ticks,
diary entries), on SQLite and PostgreSQL: afterwards no row holds a plain value, and the
repositories read every value back as it was."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from tests.conftest import TEST_DATA_KEY
from tests.storage.old_schema import postgres_at_version
from tests.storage.test_postgres import NOW
from tgbot.localpg import LocalPostgres
from tgbot.storage import (
    Database,
    DiaryRepository,
    FinishedCheckRepository,
    PostgresDatabase,
    RunningCheckRepository,
    Store,
    UserRepository,
)
from tgbot.storage.crypto import KeyRing
from tgbot.storage.migrations import MIGRATIONS
from tgbot.storage.statements import sqlite_statements

ROWS = [
    "INSERT INTO users (user_id, chat_id, timezone, created_at) VALUES (1, 1, 'Asia/Kathmandu', 0)",
    "INSERT INTO users (user_id, chat_id, created_at) VALUES (2, 2, 0)",
    "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
    " VALUES (1, 'twitch', '{\"location\":[\"eyelid\"]}', 'self_care', 0)",
    "INSERT INTO triage_sessions (user_id, chat_id, flow_id, answers, ticked, updated_at)"
    " VALUES (1, 1, 'twitch', '{\"duration\":[\"days\"]}', '[\"stress\"]', 0)",
    "INSERT INTO diary_entries (user_id, day, flow_id, amount, location, triggers, updated_at)"
    " VALUES (1, '2026-05-01', 'twitch', 'lot', 'calf', '[\"sleep\"]', 0)",
]
PLAIN = ["Asia/Kathmandu", "eyelid", "days", "stress", "lot", "calf", "sleep"]


async def read_back(db: Store) -> None:
    user = await UserRepository(db).get(1)
    assert user is not None
    assert user.timezone == "Asia/Kathmandu"
    other = await UserRepository(db).get(2)
    assert other is not None
    assert other.timezone is None
    (episode,) = await FinishedCheckRepository(db).for_user(1)
    assert episode.answers == {"location": ("eyelid",)}
    check = await RunningCheckRepository(db).running(1)
    assert check is not None
    assert (check.answers, check.ticked) == ({"duration": ("days",)}, ("stress",))
    entry = await DiaryRepository(db).get(1, "twitch", NOW.date())
    assert entry is not None
    assert (entry.amount.value, entry.location, entry.triggers) == ("lot", "calf", ("sleep",))
    keys = await db.fetchall("SELECT user_id FROM user_keys ORDER BY user_id")
    # Migration 15 gave every user a key (their sealed Telegram ids), under their pseudonym.
    assert [row[0] for row in keys] == sorted([db.pseudonym(1), db.pseudonym(2)])
    for table, column in [
        ("users", "timezone"),
        ("episodes", "answers"),
        ("triage_sessions", "answers"),
        ("triage_sessions", "ticked"),
        ("diary_entries", "amount"),
        ("diary_entries", "location"),
        ("diary_entries", "triggers"),
    ]:
        for (value,) in await db.fetchall(f"SELECT {column} FROM {table}"):
            assert value is None or not any(word in value for word in PLAIN), (table, value)


async def test_sqlite_rows_of_version_12_are_sealed(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as raw:
        for step in MIGRATIONS[:12]:
            for statement in sqlite_statements(step):
                raw.execute(statement)
        raw.execute("PRAGMA user_version = 12")
        for statement in ROWS:
            raw.execute(statement)
    db = Database(path)
    await db.connect()
    try:
        await read_back(db)
        assert await db.schema_version() == len(MIGRATIONS)
    finally:
        await db.close()
    assert db.key_path.stat().st_mode & 0o777 == 0o600, "the key file is the owner's only"


def test_postgres_rows_of_version_12_are_sealed(postgres_server: LocalPostgres) -> None:
    async def run() -> None:
        url = await postgres_at_version(postgres_server, "version_12", 12, ROWS)
        db = PostgresDatabase(url, pool_size=2, keyring=KeyRing(TEST_DATA_KEY))
        await db.connect()
        try:
            await read_back(db)
        finally:
            await db.close()

    asyncio.run(run())
