"""Seeing and erasing a user's data, and deleting old data: over every table with a
``user_id`` column, found in the schema itself so a table added later is never missed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tgbot.core.clock import to_timestamp
from tgbot.storage.pseudonyms import IDS_COLUMN
from tgbot.storage.sealing import KEY_TABLE, opened_row
from tgbot.storage.store import Store

# How long finished checks and finished reminders are kept (stated in /privacy).
RETENTION_DAYS = 180
PURGE_CHUNK = 100
"""Rows deleted per transaction: a few milliseconds of the write lock each, so the first run
on a year's backlog (2.5-5.9 s in one transaction at a million users) holds up no one."""


def _shown_ids(data: dict[str, list[dict[str, Any]]], user_id: int) -> None:
    """What /mydata shows of the rows' ids: the Telegram ones (the pseudonyms mean nothing
    to the user), from the sealed ids that :func:`opened_row` opened."""
    chat_id = None
    for row in data.get("users", []):
        _, chat_id = json.loads(row.pop(IDS_COLUMN))
    for rows in data.values():
        for row in rows:
            row["user_id"] = user_id
            if "chat_id" in row:
                row["chat_id"] = chat_id


class PrivacyRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def first_run_today(self, now: datetime) -> bool:
        """True once per UTC day, for whichever worker asks first (a row in job_runs)."""
        day = to_timestamp(now) // 86_400 * 86_400
        return await self._db.try_run_once("retention", day)

    async def tables_with_user_id(self) -> list[str]:
        return await self._db.tables_with_column("user_id")

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, by table, sealed values opened; tables with no rows are
        left out, and so is their key (a key is not data about them)."""
        data: dict[str, list[dict[str, Any]]] = {}
        pseudonym = self._db.pseudonym(user_id)
        key = await self._db.fetchone(
            f"SELECT wrapped FROM {KEY_TABLE} WHERE user_id = ?", (pseudonym,)
        )
        wrapped = None if key is None else str(key[0])
        for table in await self.tables_with_user_id():
            if table == KEY_TABLE:
                continue
            rows = await self._db.fetchall(
                f'SELECT * FROM "{table}" WHERE user_id = ?', (pseudonym,)
            )
            if rows:
                data[table] = [opened_row(self._db.keyring, table, row, wrapped) for row in rows]
        _shown_ids(data, user_id)
        return data

    async def forget(self, user_id: int) -> int:
        """Delete every row about the user, and their key, in one transaction; returns the
        rows deleted. Copies of their sealed values that outlive the delete (dead tuples, a
        write-ahead log, a backup) cannot be opened without the key."""
        tables = await self.tables_with_user_id()
        user_id = self._db.pseudonym(user_id)
        deleted = 0
        touched = []
        async with self._db.transaction() as conn:
            # The users row last: other tables point at it.
            for table in sorted(tables, key=lambda name: name == "users"):
                rows = await conn.execute(f'DELETE FROM "{table}" WHERE user_id = ?', (user_id,))
                if rows:
                    touched.append(table)
                deleted += rows
        if touched:
            await self._db.after_forget(touched)
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
            "DELETE FROM diary_entries WHERE (user_id, flow_id, day) IN"
            " (SELECT user_id, flow_id, day FROM diary_entries WHERE updated_at < ? LIMIT ?)",
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
                rows = await conn.execute(sql, params)
            deleted += rows
            if rows < params[1]:
                return deleted
