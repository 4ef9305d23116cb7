"""Migration 15 gives the rows of an older database pseudonyms, on SQLite and PostgreSQL:
afterwards no id column holds a Telegram id, and the repositories, asked with the Telegram
ids, read every row back (a reminder with its real chat, where it is sent)."""

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
    ReminderRepository,
    RunningCheckRepository,
    Store,
    UserRepository,
)
from tgbot.storage.crypto import KeyRing
from tgbot.storage.migrations import MIGRATIONS
from tgbot.storage.pseudonyms import MIGRATION_15_TABLES
from tgbot.storage.statements import sqlite_statements

USER = 424_242_001
VOTER = 424_242_002
"""A user who voted, and never wrote (a vote receipt has no users row behind it)."""
ROWS = [
    f"INSERT INTO users (user_id, chat_id, timezone, created_at) VALUES ({USER}, {USER},"
    " 'Asia/Kathmandu', 0)",
    f"INSERT INTO episodes (user_id, flow_id, answers, level, created_at) VALUES ({USER},"
    " 'twitch', '{\"location\":[\"eyelid\"]}', 'self_care', 0)",
    f"INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, created_at)"
    f" VALUES ({USER}, {USER}, 1, 100, 100, 0)",
    "INSERT INTO triage_sessions (user_id, chat_id, flow_id, answers, ticked, updated_at)"
    f" VALUES ({USER}, {USER}, 'twitch', '{{}}', '[]', 0)",
    "INSERT INTO diary_entries (user_id, day, flow_id, amount, location, triggers, updated_at)"
    f" VALUES ({USER}, '2026-05-01', 'twitch', 'lot', 'calf', '[\"sleep\"]', 0)",
    "INSERT INTO feedback (item_kind, item_id, content_version, vote, day)"
    " VALUES ('topic', 'twitch', '1.3', 'up', 0)",
    f"INSERT INTO vote_receipts (user_id, message_id, feedback_id, day) VALUES ({USER}, 7, 1, 0)",
    f"INSERT INTO vote_receipts (user_id, message_id, feedback_id, day) VALUES ({VOTER}, 7, 1, 0)",
]


async def read_back(db: Store) -> None:
    user = await UserRepository(db).get(USER)
    assert user is not None
    assert (user.user_id, user.chat_id, user.timezone) == (USER, USER, "Asia/Kathmandu")
    (episode,) = await FinishedCheckRepository(db).for_user(USER)
    assert (episode.user_id, episode.answers) == (USER, {"location": ("eyelid",)})
    (reminder,) = await ReminderRepository(db).pending_for(USER)
    assert (reminder.user_id, reminder.chat_id, reminder.episode_id) == (USER, USER, 1)
    check = await RunningCheckRepository(db).running(USER)
    assert check is not None
    assert (check.user_id, check.chat_id) == (USER, USER)
    entry = await DiaryRepository(db).get(USER, "twitch", NOW.date())
    assert entry is not None
    assert (entry.amount.value, entry.location) == ("lot", "calf")
    receipts = await db.fetchall("SELECT user_id FROM vote_receipts ORDER BY message_id, user_id")
    assert sorted(r[0] for r in receipts) == sorted([db.pseudonym(USER), db.pseudonym(VOTER)])
    for table in MIGRATION_15_TABLES:
        for row in await db.fetchall(f"SELECT * FROM {table}"):
            assert USER not in tuple(row), table
            assert VOTER not in tuple(row), table
            assert not any(str(USER) in str(value) for value in row), table


async def test_sqlite_rows_of_version_12_get_pseudonyms(tmp_path: Path) -> None:
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
        assert await db.schema_version() == len(MIGRATIONS)
        await read_back(db)
        counts = await db.fetchall("SELECT status, n FROM reminder_counts WHERE n > 0")
        assert [tuple(r) for r in counts] == [("pending", 1)], "emptied and filled: same counts"
    finally:
        await db.close()


def test_postgres_rows_of_version_12_get_pseudonyms(postgres_server: LocalPostgres) -> None:
    async def run() -> None:
        url = await postgres_at_version(postgres_server, "version_12_ids", 12, ROWS)
        db = PostgresDatabase(url, pool_size=2, keyring=KeyRing(TEST_DATA_KEY))
        await db.connect()
        try:
            await read_back(db)
        finally:
            await db.close()

    asyncio.run(run())
