"""Diary entries: how much, where and what came before, one per user, topic and local day."""

from __future__ import annotations

import json
from datetime import date, datetime

from tgbot.core.clock import to_timestamp
from tgbot.core.diary import Amount, DiaryEntry
from tgbot.storage.store import Row, Store


def _entry(row: Row) -> DiaryEntry:
    return DiaryEntry(
        day=date.fromisoformat(row["day"]),
        topic=row["flow_id"],
        amount=Amount(row["amount"]),
        location=row["location"],
        triggers=tuple(json.loads(row["triggers"])),
    )


class DiaryRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def record(
        self,
        user_id: int,
        topic: str,
        day: date,
        amount: Amount,
        location: str | None,
        now: datetime,
    ) -> None:
        """Today's entry; a second one on the same day replaces how much and where (the
        triggers ticked so far stay)."""
        await self._db.execute(
            "INSERT INTO diary_entries (user_id, day, flow_id, amount, location, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, flow_id, day) DO UPDATE SET"
            " amount = excluded.amount, location = excluded.location,"
            " updated_at = excluded.updated_at",
            (user_id, day.isoformat(), topic, amount.value, location, to_timestamp(now)),
        )

    async def set_triggers(
        self, user_id: int, topic: str, day: date, triggers: tuple[str, ...], now: datetime
    ) -> bool:
        """False when there is no entry for that day (the buttons are from an old message)."""
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE diary_entries SET triggers = ?, updated_at = ?"
                " WHERE user_id = ? AND flow_id = ? AND day = ?",
                (json.dumps(list(triggers)), to_timestamp(now), user_id, topic, day.isoformat()),
            )
            return changed > 0

    async def get(self, user_id: int, topic: str, day: date) -> DiaryEntry | None:
        row = await self._db.fetchone(
            "SELECT * FROM diary_entries WHERE user_id = ? AND flow_id = ? AND day = ?",
            (user_id, topic, day.isoformat()),
        )
        return _entry(row) if row else None

    async def since(self, user_id: int, first_day: date) -> list[DiaryEntry]:
        rows = await self._db.fetchall(
            "SELECT * FROM diary_entries WHERE user_id = ? AND day >= ? ORDER BY day, flow_id",
            (user_id, first_day.isoformat()),
        )
        return [_entry(r) for r in rows]

    async def last_day(self, user_id: int) -> date | None:
        """The latest local day with an entry, of any topic (the check-in's 14-day rule)."""
        row = await self._db.fetchone(
            "SELECT MAX(day) FROM diary_entries WHERE user_id = ?", (user_id,)
        )
        return date.fromisoformat(row[0]) if row and row[0] else None
