""" "Was this helpful?" votes: counts per content item and version, never who voted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import to_timestamp
from tgbot.core.feedback import FeedbackCount, Reason, Vote
from tgbot.storage.store import Store

DAY = 86_400


@dataclass(frozen=True)
class Voter:
    """Who tapped, and the message the buttons were on, as Telegram reported them."""

    user_id: int
    message_id: int


class FeedbackRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def vote(
        self, voter: Voter, kind: str, item: str, version: str, vote: Vote, now: datetime
    ) -> int | None:
        """Store a vote; its id lets a 👎 gain a reason. Only the day is kept, not the time.
        One vote per user and message: None, and nothing stored, for a second one. The
        receipt holds who voted on which message, never how; the vote holds neither."""
        day = to_timestamp(now) // DAY * DAY
        async with self._db.transaction() as conn:
            (row,) = await conn.fetchall(
                "INSERT INTO feedback (item_kind, item_id, content_version, vote, day)"
                " VALUES (?, ?, ?, ?, ?) RETURNING feedback_id",
                (kind, item, version, vote.value, day),
            )
            feedback_id = int(row[0])
            receipt = await conn.execute(
                "INSERT INTO vote_receipts (user_id, message_id, feedback_id, day)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (self._db.pseudonym(voter.user_id), voter.message_id, feedback_id, day),
            )
            if receipt != 1:
                # Voted on this message already: the vote just written goes too.
                await conn.execute("DELETE FROM feedback WHERE feedback_id = ?", (feedback_id,))
                return None
        return feedback_id

    async def add_reason(self, user_id: int, feedback_id: int, reason: Reason) -> bool:
        """Give a 👎 its reason, once, by the user who cast it: False if there is no such
        vote of theirs or it has a reason already."""
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE feedback SET reason = ? WHERE feedback_id = ? AND vote = 'down'"
                " AND reason IS NULL AND feedback_id IN"
                " (SELECT feedback_id FROM vote_receipts WHERE user_id = ?)",
                (reason.value, feedback_id, self._db.pseudonym(user_id)),
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
