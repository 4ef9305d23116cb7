"""Each update handled once: the update ids seen in the last day.

Telegram delivers an update again when our answer to the webhook was slow or lost, and after
a worker's crash another worker may be handed it. Telegram keeps an update for at most a day,
so ids older than that cannot come back. One process on SQLite: the ids are held in memory
(nothing to share, and no write per update). Several processes on PostgreSQL: the ids are in
``handled_updates``, so a retry that reaches another worker is dropped there too. An update is
recorded as it arrives: if the worker dies while handling it, a retry is dropped as well (the
person sends their message again) rather than answered twice.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from tgbot.core.clock import to_timestamp
from tgbot.storage.store import Store

WINDOW = timedelta(days=1)
"""How long Telegram keeps an update it could not deliver."""
PRUNE_EVERY = 1000
"""Forget expired ids once per this many updates (one DELETE over an index)."""
MAX_REMEMBERED = 500_000
"""In memory, at most this many ids (a day of a busy bot); the oldest go first."""


class UpdateLedger:
    def __init__(self, db: Store) -> None:
        self._db = db
        self._seen: OrderedDict[int, int] = OrderedDict()
        self._since_prune = 0

    async def first_delivery(self, update_id: int, now: datetime) -> bool:
        """True the first time ``update_id`` comes within the window; False for a repeat."""
        at = to_timestamp(now)
        self._since_prune += 1
        prune = self._since_prune >= PRUNE_EVERY
        if prune:
            self._since_prune = 0
        if self._db.engine != "postgresql":
            return self._first_in_memory(update_id, at, prune)
        if prune:
            await self._db.execute(
                "DELETE FROM handled_updates WHERE handled_at < ?",
                (at - int(WINDOW.total_seconds()),),
            )
        changed = await self._db.execute(
            "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (update_id, at),
        )
        return changed == 1

    def _first_in_memory(self, update_id: int, at: int, prune: bool) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = at
        if prune or len(self._seen) > MAX_REMEMBERED:
            oldest = at - int(WINDOW.total_seconds())
            while self._seen and (
                len(self._seen) > MAX_REMEMBERED or next(iter(self._seen.values())) < oldest
            ):
                self._seen.popitem(last=False)
        return True
