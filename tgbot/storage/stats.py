"""Counts for the admins' /stats: how many, never who. No query here returns an id or a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tgbot.core.clock import to_timestamp
from tgbot.core.feedback import FeedbackCount
from tgbot.storage.feedback import FeedbackRepository
from tgbot.storage.store import Store

WINDOW = timedelta(days=7)
DAY = 86_400


@dataclass(frozen=True)
class Count:
    total: int = 0
    recent: int = 0
    """Within :data:`WINDOW` of now."""


@dataclass(frozen=True)
class BotStats:
    users: Count
    blocked_users: int
    triages: Count
    by_level: dict[str, Count]
    by_flow: dict[str, Count]
    reminders: dict[str, Count] | None = field(default=None)
    """By status; None while the database has no reminders table."""
    feedback: tuple[FeedbackCount, ...] = ()
    """ "Was this helpful?" per content item and version."""


class StatsRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def collect(self, now: datetime) -> BotStats:
        since = to_timestamp(now - WINDOW)
        # On the read-only connection. Totals of checks and reminders are kept by triggers
        # (migration 6); the window's counts are ranges of indexes that start with the time.
        row = await self._one(
            "SELECT (SELECT COUNT(*) FROM users),"
            " (SELECT COUNT(*) FROM users WHERE created_at >= ?),"
            " (SELECT COUNT(*) FROM users WHERE blocked = 1)",
            (since,),
        )
        users, blocked = Count(row[0], row[1]), int(row[2])
        by_level: dict[str, Count] = {}
        by_flow: dict[str, Count] = {}
        totals = await self._db.read_only_fetchall(
            "SELECT level, flow_id, n FROM episode_counts WHERE n > 0"
        )
        recent = {
            (level, flow_id): n
            for level, flow_id, n in await self._db.read_only_fetchall(
                "SELECT level, flow_id, COUNT(*) FROM episodes WHERE created_at >= ?"
                " GROUP BY level, flow_id",
                (since,),
            )
        }
        for level, flow_id, total in totals:
            _add(by_level, level, total, recent.get((level, flow_id), 0))
            _add(by_flow, flow_id, total, recent.get((level, flow_id), 0))
        triages = Count(
            sum(c.total for c in by_level.values()), sum(c.recent for c in by_level.values())
        )
        return BotStats(
            users,
            blocked,
            triages,
            by_level,
            by_flow,
            await self._reminders(since),
            await FeedbackRepository(self._db).counts(),
        )

    async def _one(self, sql: str, params: tuple[int, ...]) -> tuple[int, ...]:
        (row,) = await self._db.read_only_fetchall(sql, params)
        return tuple(int(value) for value in row)

    async def _reminders(self, since: int) -> dict[str, Count]:
        totals = await self._db.read_only_fetchall(
            "SELECT status, n FROM reminder_counts WHERE n > 0"
        )
        # Whole days after the first from the kept day counts; the first, partial day from
        # the index on the time.
        next_day = (since // DAY + 1) * DAY
        recent: dict[str, int] = {}
        for status, n in [
            *await self._db.read_only_fetchall(
                "SELECT status, SUM(n) FROM reminder_days WHERE day >= ? GROUP BY status",
                (next_day // DAY,),
            ),
            *await self._db.read_only_fetchall(
                "SELECT status, COUNT(*) FROM reminders WHERE created_at >= ? AND created_at < ?"
                " GROUP BY status",
                (since, next_day),
            ),
        ]:
            recent[str(status)] = recent.get(str(status), 0) + int(n)
        return {str(status): Count(total, recent.get(str(status), 0)) for status, total in totals}


def _add(counts: dict[str, Count], key: str, total: int, recent: int) -> None:
    old = counts.get(key, Count())
    counts[key] = Count(old.total + total, old.recent + recent)
