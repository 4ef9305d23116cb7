"""Finished checks ("episodes"): kept only with consent, as option ids (the spec's contract),
the answers sealed under the user's own key (tgbot/storage/sealing.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.pseudonyms import open_ids
from tgbot.storage.sealing import key_of, opened
from tgbot.storage.store import Row, Store

StoredAnswers = dict[str, tuple[str, ...]]


def dump_answers(answers: Mapping[str, tuple[str, ...]]) -> str:
    return json.dumps({qid: list(opts) for qid, opts in answers.items()}, separators=(",", ":"))


def load_answers(raw: str) -> StoredAnswers:
    data = json.loads(raw)
    return {str(qid): tuple(str(o) for o in opts) for qid, opts in data.items()}


@dataclass(frozen=True)
class FinishedCheck:
    episode_id: int
    user_id: int
    flow_id: str
    answers: StoredAnswers
    level: str
    created_at: datetime
    closed_at: datetime | None
    content_version: str | None = None
    """The release of content/ that gave this outcome; None for checks kept before releases."""


def _episode(row: Row, db: Store) -> FinishedCheck:
    key = key_of(db.keyring, row["user_id"], row["wrapped"])
    if key is None:
        raise LookupError("a finished check whose user has no key")
    return FinishedCheck(
        episode_id=row["episode_id"],
        user_id=open_ids(key, row["telegram_ids"])[0],
        flow_id=row["flow_id"],
        answers=load_answers(opened(key, "episodes", "answers", row["answers"]) or "{}"),
        level=row["level"],
        created_at=from_timestamp(row["created_at"]),
        closed_at=from_timestamp(row["closed_at"]) if row["closed_at"] is not None else None,
        content_version=row["content_version"],
    )


# The user's key and sealed ids come with the row: one round trip.
_SELECT = (
    "SELECT e.*, u.telegram_ids, k.wrapped FROM episodes e JOIN users u ON u.user_id = e.user_id"
    " LEFT JOIN user_keys k ON k.user_id = e.user_id"
)


class FinishedCheckRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def get(self, episode_id: int) -> FinishedCheck | None:
        row = await self._db.fetchone(f"{_SELECT} WHERE e.episode_id = ?", (episode_id,))
        return _episode(row, self._db) if row else None

    async def for_user(self, user_id: int) -> list[FinishedCheck]:
        rows = await self._db.fetchall(
            f"{_SELECT} WHERE e.user_id = ? ORDER BY e.created_at, e.episode_id",
            (self._db.pseudonym(user_id),),
        )
        return [_episode(r, self._db) for r in rows]

    async def close(self, episode_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE episodes SET closed_at = ? WHERE episode_id = ? AND closed_at IS NULL",
            (to_timestamp(now), episode_id),
        )

    async def delete_for(self, user_id: int) -> int:
        """Delete the user's finished checks (their reminders go with them, by foreign key)."""
        async with self._db.transaction() as conn:
            return await conn.execute(
                "DELETE FROM episodes WHERE user_id = ?", (self._db.pseudonym(user_id),)
            )
