"""Migration 11 rebuilds the reminders table so an evening check-in can be a row: the rows of
a version-10 database come through unchanged, with their counts, indexes and triggers."""

import sqlite3
from pathlib import Path

import pytest

from tgbot.storage import Database
from tgbot.storage.migrations import MIGRATIONS
from tgbot.storage.statements import sqlite_statements


def version_10_database(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        for step in MIGRATIONS[:10]:
            for statement in sqlite_statements(step):
                raw.execute(statement)
        raw.execute("PRAGMA user_version = 10")
        raw.execute("INSERT INTO users (user_id, chat_id, created_at) VALUES (1, 1, 0)")
        raw.execute(
            "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
            " VALUES (1, 'twitch', '{}', 'self_care', 0)"
        )
        raw.executemany(
            "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, status,"
            " created_at, untold) VALUES (1, 1, 1, ?, ?, ?, 86400, ?)",
            [(100, 100, "pending", 0), (50, 60, "failed", 1), (40, 40, "sent", 0)],
        )


async def test_old_rows_counts_and_indexes_survive_and_a_checkin_row_fits(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    version_10_database(path)
    db = Database(path)
    await db.connect()
    try:
        rows = await db.fetchall(
            "SELECT reminder_id, episode_id, due_at, send_at, status, untold, kind"
            " FROM reminders ORDER BY reminder_id"
        )
        assert [tuple(r) for r in rows] == [
            (1, 1, 100, 100, "pending", 0, "reassess"),
            (2, 1, 50, 60, "failed", 1, "reassess"),
            (3, 1, 40, 40, "sent", 0, "reassess"),
        ]
        counts = await db.fetchall("SELECT status, n FROM reminder_counts ORDER BY status")
        assert [tuple(r) for r in counts] == [("failed", 1), ("pending", 1), ("sent", 1)]
        user = db.pseudonym(1)  # migration 15 gave the user a pseudonym
        await db.execute(
            "INSERT INTO reminders (user_id, chat_id, due_at, send_at, created_at, kind,"
            " flow_id, local_hour, since_day) VALUES (?, ?, 7, 7, 0, 'checkin', 'twitch', 20,"
            " '2026-12-01')",
            (user, user),
        )
        await db.execute("UPDATE reminders SET status = 'paused' WHERE kind = 'checkin'")
        counts = await db.fetchall("SELECT status, n FROM reminder_counts WHERE n > 0")
        assert dict(tuple(r) for r in counts)["paused"] == 1, "the triggers were made again"
        indexes = {
            r[0]
            for r in await db.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reminders'"
            )
        }
        assert {
            "reminders_to_send",
            "reminders_in_flight",
            "reminders_by_user",
            "reminders_by_episode",
            "reminders_recent",
            "reminders_untold",
            "reminders_checkin",
        } <= indexes
        with pytest.raises(sqlite3.IntegrityError):  # a reassessment is about a check
            await db.execute(
                "INSERT INTO reminders (user_id, chat_id, due_at, send_at, created_at)"
                " VALUES (?, ?, 7, 7, 0)",
                (user, user),
            )
        await db.execute("DELETE FROM episodes")  # its reminders go with it, as before
        left = await db.fetchall("SELECT kind FROM reminders")
        assert [r[0] for r in left] == ["checkin"]
    finally:
        await db.close()
