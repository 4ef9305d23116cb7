"""Seeing and erasing a user's data, and deleting old data: over every table with a
``user_id`` column, found in the schema itself so a table added later is never missed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tgbot.core.clock import to_timestamp
from tgbot.storage.database import Database

# How long finished checks and finished reminders are kept (stated in /privacy).
RETENTION_DAYS = 180
PURGE_CHUNK = 100
"""Rows deleted per transaction: a few milliseconds of the write lock each, so the first run
on a year's backlog (2.5-5.9 s in one transaction at a million users) holds up no one."""


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def tables_with_user_id(self) -> list[str]:
        tables = await self._db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
        found = []
        for (name,) in tables:
            columns = await self._db.fetchall(f'PRAGMA table_info("{name}")')
            if any(column["name"] == "user_id" for column in columns):
                found.append(str(name))
        return found

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, by table; tables with no rows are left out."""
        data: dict[str, list[dict[str, Any]]] = {}
        for table in await self.tables_with_user_id():
            rows = await self._db.fetchall(f'SELECT * FROM "{table}" WHERE user_id = ?', (user_id,))
            if rows:
                data[table] = [dict(row) for row in rows]
        return data

    async def forget(self, user_id: int) -> int:
        """Delete every row about the user in one transaction; returns the rows deleted."""
        tables = await self.tables_with_user_id()
        deleted = 0
        async with self._db.transaction() as conn:
            # The users row last: other tables point at it.
            for table in sorted(tables, key=lambda name: name == "users"):
                cursor = await conn.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (user_id,))
                deleted += max(cursor.rowcount, 0)
        # The deleted rows' old pages still sit in the write-ahead log until a checkpoint
        # (about 4 MB of later writes): copy it in now and empty it. secure_delete (set at
        # connect) has zeroed them in the file itself.
        await self._db.checkpoint()
        return deleted

    async def purge_older_than(self, cutoff: datetime, chunk: int = PURGE_CHUNK) -> int:
        """Delete finished checks (and, through the foreign key, their reminders), finished
        reminders and diary entries created (or last changed) before ``cutoff``, ``chunk``
        rows a transaction; between two, other writers take their turn (the write lock is
        first come, first served)."""
        moment = to_timestamp(cutoff)
        deleted = await self._purge(
            "DELETE FROM episodes WHERE episode_id IN (SELECT episode_id FROM episodes"
            " WHERE created_at < ? ORDER BY created_at LIMIT ?)",
            (moment, chunk),
        )
        deleted += await self._purge(
            "DELETE FROM diary_entries WHERE rowid IN (SELECT rowid FROM diary_entries"
            " WHERE updated_at < ? LIMIT ?)",
            (moment, chunk),
        )
        if "reminders" in await self.tables_with_user_id():
            deleted += await self._purge(
                "DELETE FROM reminders WHERE reminder_id IN (SELECT reminder_id FROM reminders"
                " WHERE created_at < ? AND status NOT IN ('pending', 'sending') LIMIT ?)",
                (moment, chunk),
            )
        return deleted

    async def _purge(self, sql: str, params: tuple[int, int]) -> int:
        deleted = 0
        while True:
            async with self._db.transaction() as conn:
                cursor = await conn.execute(sql, params)
                rows = max(cursor.rowcount, 0)
            deleted += rows
            if rows < params[1]:
                return deleted
