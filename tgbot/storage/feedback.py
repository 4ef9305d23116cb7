""" "Was this helpful?" votes: counts per content item and version, never who voted."""

from __future__ import annotations

from datetime import datetime

from tgbot.core.clock import to_timestamp
from tgbot.core.feedback import FeedbackCount, Reason, Vote
from tgbot.storage.store import Store

DAY = 86_400


class FeedbackRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def vote(self, kind: str, item: str, version: str, vote: Vote, now: datetime) -> int:
        """Store a vote; its id lets a 👎 gain a reason. Only the day is kept, not the time."""
        day = to_timestamp(now) // DAY * DAY
        async with self._db.transaction() as conn:
            (row,) = await conn.fetchall(
                "INSERT INTO feedback (item_kind, item_id, content_version, vote, day)"
                " VALUES (?, ?, ?, ?, ?) RETURNING feedback_id",
                (kind, item, version, vote.value, day),
            )
        return int(row[0])

    async def add_reason(self, feedback_id: int, reason: Reason) -> bool:
        """Give a 👎 its reason, once: False if there is no such vote or it has one already."""
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE feedback SET reason = ? WHERE feedback_id = ? AND vote = 'down'"
                " AND reason IS NULL",
                (reason.value, feedback_id),
            )
            return changed == 1

    async def counts(self) -> tuple[FeedbackCount, ...]:
        """Per item and version, in item order; empty before the feedback migration."""
        if "feedback" not in await self._db.tables_with_column("feedback_id"):
            return ()
        rows = await self._db.fetchall(
            "SELECT item_kind, item_id, content_version, vote, reason, COUNT(*) FROM feedback"
            " GROUP BY item_kind, item_id, content_version, vote, reason"
            " ORDER BY item_kind, item_id, content_version"
        )
        counts: dict[tuple[str, str, str], FeedbackCount] = {}
        for kind, item, version, vote, reason, number in rows:
            key = (str(kind), str(item), str(version))
            count = counts.setdefault(key, FeedbackCount(*key))
            if vote == Vote.UP:
                counts[key] = FeedbackCount(*key, count.up + number, count.down, count.reasons)
            else:
                reasons = dict(count.reasons)
                if reason is not None:
                    reasons[str(reason)] = reasons.get(str(reason), 0) + number
                counts[key] = FeedbackCount(*key, count.up, count.down + number, reasons)
        return tuple(counts.values())
