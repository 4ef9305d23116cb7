"""The counting behind /stats, on the migrated schema: totals kept by its triggers, the last
seven days from its indexes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tgbot.bot.handlers.admin import render_stats
from tgbot.core.clock import to_timestamp
from tgbot.storage import Database
from tgbot.storage.stats import BotStats, Count, StatsRepository

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FRESH = to_timestamp(NOW - timedelta(days=1))
OLD = to_timestamp(NOW - timedelta(days=30))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "stats.sqlite3")
    await database.connect()
    try:
        yield database
    finally:
        await database.close()


async def test_counts_all_time_and_last_seven_days(db: Database) -> None:
    for user_id, created, blocked in [(1, OLD, 0), (2, FRESH, 1), (3, FRESH, 0)]:
        await db.execute(
            "INSERT INTO users (user_id, chat_id, created_at, blocked) VALUES (?, ?, ?, ?)",
            (user_id, user_id, created, blocked),
        )
    for flow, level, created in [
        ("twitch", "doctor", OLD),
        ("twitch", "doctor", FRESH),
        ("spasm", "urgent", FRESH),
    ]:
        await db.execute(
            "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
            " VALUES (1, ?, '{}', ?, ?)",
            (flow, level, created),
        )

    stats = await StatsRepository(db).collect(NOW)

    assert stats.users == Count(3, 2)
    assert stats.blocked_users == 1
    assert stats.triages == Count(3, 2)
    assert stats.by_level == {"doctor": Count(2, 1), "urgent": Count(1, 1)}
    assert stats.by_flow == {"twitch": Count(2, 1), "spasm": Count(1, 1)}
    assert stats.reminders == {}


async def test_an_empty_database_counts_zero(db: Database) -> None:
    stats = await StatsRepository(db).collect(NOW)
    assert stats.users == Count(0, 0)
    assert stats.blocked_users == 0
    assert stats.triages == Count(0, 0)


async def test_reminders_are_counted_by_status(db: Database) -> None:
    await db.execute("INSERT INTO users (user_id, chat_id, created_at) VALUES (1, 1, ?)", (OLD,))
    await db.execute(
        "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
        " VALUES (1, 'twitch', '{}', 'doctor', ?)",
        (OLD,),
    )
    for status, created in [("pending", FRESH), ("sent", OLD), ("sent", FRESH), ("failed", OLD)]:
        await db.execute(
            "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, status,"
            " created_at) VALUES (1, 1, 1, 0, 0, ?, ?)",
            (status, created),
        )

    stats = await StatsRepository(db).collect(NOW)

    assert stats.reminders == {
        "pending": Count(1, 1),
        "sent": Count(2, 1),
        "failed": Count(1, 0),
    }


def test_the_report_shows_every_level_and_status_even_at_zero() -> None:
    stats = BotStats(
        users=Count(5, 1),
        blocked_users=0,
        triages=Count(1, 1),
        by_level={"urgent": Count(1, 1)},
        by_flow={"spasm": Count(1, 1)},
        reminders={"sent": Count(4, 2), "cancelled": Count(1, 0)},
    )
    lines = render_stats(stats, ["twitch", "spasm"]).splitlines()
    assert lines[lines.index("By level:") + 1 :][:4] == [
        "  emergency: 0 · 0",
        "  urgent: 1 · 1",
        "  doctor: 0 · 0",
        "  self_care: 0 · 0",
    ]
    assert lines[lines.index("By flow:") + 1 :][:2] == ["  twitch: 0 · 0", "  spasm: 1 · 1"]
    assert lines[lines.index("Reminders:") + 1 :] == [
        "  pending: 0 · 0",
        "  sent: 4 · 2",
        "  failed: 0 · 0",
        "  cancelled: 1 · 0",
        "Was this helpful?: no votes yet",
    ]
