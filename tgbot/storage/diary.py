"""Diary entries: how much, where and what came before (sealed under the user's own key,
tgbot/storage/sealing.py), one per user, topic and local day."""

from __future__ import annotations

import json
from datetime import date, datetime

from tgbot.core.clock import to_timestamp
from tgbot.core.diary import Amount, DiaryEntry
from tgbot.storage.sealing import UserKeys, key_of, opened
from tgbot.storage.store import Row, Store

# The user's key comes with the entries: one round trip.
_SELECT = (
    "SELECT d.*, k.wrapped FROM diary_entries d LEFT JOIN user_keys k ON k.user_id = d.user_id"
)


def _entry(row: Row, db: Store) -> DiaryEntry:
    key = key_of(db.keyring, row["user_id"], row["wrapped"])
    return DiaryEntry(
        day=date.fromisoformat(row["day"]),
        topic=row["flow_id"],
        amount=Amount(opened(key, "diary_entries", "amount", row["amount"]) or ""),
        location=opened(key, "diary_entries", "location", row["location"]),
        triggers=tuple(
            json.loads(opened(key, "diary_entries", "triggers", row["triggers"]) or "[]")
        ),
    )


class DiaryRepository:
    def __init__(self, db: Store) -> None:
        self._db = db
        self._keys = UserKeys(db)

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
        key = await self._keys.get_or_make(user_id)
        await self._db.execute(
            "INSERT INTO diary_entries (user_id, day, flow_id, amount, location, triggers,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, flow_id, day) DO UPDATE SET"
            " amount = excluded.amount, location = excluded.location,"
            " updated_at = excluded.updated_at",
            (
                key.user_id,
                day.isoformat(),
                topic,
                key.seal("diary_entries.amount", amount.value),
                None if location is None else key.seal("diary_entries.location", location),
                key.seal("diary_entries.triggers", "[]"),
                to_timestamp(now),
            ),
        )

    async def set_triggers(
        self, user_id: int, topic: str, day: date, triggers: tuple[str, ...], now: datetime
    ) -> bool:
        """False when there is no entry for that day (the buttons are from an old message)."""
        key = await self._keys.find(user_id)
        if key is None:
            return False
        sealed = key.seal("diary_entries.triggers", json.dumps(list(triggers)))
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE diary_entries SET triggers = ?, updated_at = ?"
                " WHERE user_id = ? AND flow_id = ? AND day = ?",
                (sealed, to_timestamp(now), key.user_id, topic, day.isoformat()),
            )
            return changed > 0

    async def get(self, user_id: int, topic: str, day: date) -> DiaryEntry | None:
        row = await self._db.fetchone(
            f"{_SELECT} WHERE d.user_id = ? AND d.flow_id = ? AND d.day = ?",
            (self._db.pseudonym(user_id), topic, day.isoformat()),
        )
        return _entry(row, self._db) if row else None

    async def since(self, user_id: int, first_day: date) -> list[DiaryEntry]:
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE d.user_id = ? AND d.day >= ? ORDER BY d.day, d.flow_id",
            (self._db.pseudonym(user_id), first_day.isoformat()),
        )
        return [_entry(r, self._db) for r in rows]

    async def last_day(self, user_id: int) -> date | None:
        """The latest local day with an entry, of any topic (the check-in's 14-day rule)."""
        row = await self._db.fetchone(
            "SELECT MAX(day) FROM diary_entries WHERE user_id = ?", (self._db.pseudonym(user_id),)
        )
        return date.fromisoformat(row[0]) if row and row[0] else None
