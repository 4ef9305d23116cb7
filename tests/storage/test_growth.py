"""What keeps a large database from holding users up: the read-only connection for /stats,
the indexes its counts use, and retention in chunks."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tgbot.core.clock import to_timestamp
from tgbot.storage import Database, PrivacyRepository
from tgbot.storage.stats import StatsRepository

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
OLD = to_timestamp(NOW - timedelta(days=400))


async def fill(db: Database, users: int) -> None:
    async with db.transaction() as conn:
        for user_id in range(1, users + 1):
            await conn.execute(
                "INSERT INTO users (user_id, chat_id, created_at) VALUES (?, ?, ?)",
                (user_id, user_id, OLD),
            )
            await conn.execute(
                "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
                " VALUES (?, 'twitch', '{}', 'self_care', ?)",
                (user_id, OLD),
            )


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def test_the_read_only_connection_reads_what_was_committed_and_cannot_write(
    db: Database,
) -> None:
    await fill(db, 3)
    (row,) = await db.read_only_fetchall("SELECT COUNT(*) FROM users")
    assert row[0] == 3
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
        await db.read_only_fetchall("DELETE FROM users")
    await fill_more(db)
    (row,) = await db.read_only_fetchall("SELECT COUNT(*) FROM users")
    assert row[0] == 4


async def fill_more(db: Database) -> None:
    await db.execute(
        "INSERT INTO users (user_id, chat_id, created_at) VALUES (99, 99, ?)",
        (to_timestamp(NOW),),
    )


async def test_stats_reads_no_table_row_by_row(db: Database) -> None:
    since = to_timestamp(NOW - timedelta(days=7))
    queries = [
        ("SELECT COUNT(*) FROM users WHERE created_at >= ?", (since,)),
        ("SELECT COUNT(*) FROM users WHERE blocked = 1", ()),
        (
            "SELECT level, flow_id, COUNT(*) FROM episodes WHERE created_at >= ?"
            " GROUP BY level, flow_id",
            (since,),
        ),
        ("SELECT status, COUNT(*) FROM reminders WHERE created_at >= ? GROUP BY status", (since,)),
    ]
    for sql, params in queries:
        plan = " ".join(
            str(row[3]) for row in await db.fetchall(f"EXPLAIN QUERY PLAN {sql}", params)
        )
        assert "COVERING INDEX" in plan or "USING INDEX" in plan, (sql, plan)
        assert "SCAN episodes" not in plan, (sql, plan)
        assert "SCAN reminders" not in plan, (sql, plan)


async def test_the_kept_totals_follow_inserts_deletes_cascades_and_status_changes(
    db: Database,
) -> None:
    await fill(db, 3)
    await db.execute(
        "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, created_at)"
        " VALUES (1, 1, 1, 0, 0, 0), (2, 2, 2, 0, 0, 0)"
    )
    await db.execute("UPDATE reminders SET status = 'sent' WHERE user_id = 2")
    await db.execute("DELETE FROM users WHERE user_id = 1")  # cascades to its check and reminder

    async def counts(sql: str) -> dict[str, int]:
        return {str(row[0]): int(row[1]) for row in await db.fetchall(sql)}

    assert await counts("SELECT level || '/' || flow_id, n FROM episode_counts") == {
        "self_care/twitch": 2
    }
    assert await counts("SELECT status, n FROM reminder_counts WHERE n > 0") == {"sent": 1}
    stats = await StatsRepository(db).collect(NOW)
    assert stats.triages.total == 2
    assert stats.reminders is not None
    assert stats.reminders["sent"].total == 1
    assert "pending" not in stats.reminders


async def test_stats_still_count_everything(db: Database) -> None:
    await fill(db, 5)
    await fill_more(db)
    stats = await StatsRepository(db).collect(NOW)
    assert (stats.users.total, stats.users.recent, stats.triages.total) == (6, 1, 5)
    assert stats.by_level["self_care"].total == 5


async def test_retention_deletes_in_chunks_and_lets_other_writers_in_between(
    db: Database,
) -> None:
    await fill(db, 250)
    privacy = PrivacyRepository(db)
    events: list[str] = []

    async def another_user_writes() -> None:
        for user_id in range(1000, 1010):
            await db.execute(
                "INSERT INTO users (user_id, chat_id, created_at) VALUES (?, ?, ?)",
                (user_id, user_id, to_timestamp(NOW)),
            )
            events.append("write")
            await asyncio.sleep(0)

    async def purge() -> int:
        deleted = await privacy.purge_older_than(NOW - timedelta(days=180), chunk=100)
        events.append("purged")
        return deleted

    deleted, _ = await asyncio.gather(purge(), another_user_writes())
    assert deleted == 250
    row = await db.fetchone("SELECT COUNT(*) FROM episodes")
    assert row is not None
    assert row[0] == 0
    # In one transaction every write would wait for the whole purge.
    assert events.index("write") < events.index("purged"), events
