"""Counts for the admins' /stats: how many, never who. No query here returns an id or a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tgbot.core.clock import to_timestamp
from tgbot.core.feedback import FeedbackCount
from tgbot.storage.database import Database
from tgbot.storage.feedback import FeedbackRepository

WINDOW = timedelta(days=7)


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
    def __init__(self, db: Database) -> None:
        self._db = db

    async def collect(self, now: datetime) -> BotStats:
        since = to_timestamp(now - WINDOW)
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(created_at >= ?), 0), COALESCE(SUM(blocked), 0)"
            " FROM users",
            (since,),
        )
        assert row is not None
        users, blocked = Count(row[0], row[1]), int(row[2])
        by_level: dict[str, Count] = {}
        by_flow: dict[str, Count] = {}
        rows = await self._db.fetchall(
            "SELECT level, flow_id, COUNT(*), SUM(created_at >= ?) FROM episodes"
            " GROUP BY level, flow_id",
            (since,),
        )
        for level, flow_id, total, recent in rows:
            _add(by_level, level, total, recent)
            _add(by_flow, flow_id, total, recent)
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

    async def _reminders(self, since: int) -> dict[str, Count] | None:
        # The reminders table comes with a later migration; count it once it is there.
        columns = {row["name"] for row in await self._db.fetchall("PRAGMA table_info(reminders)")}
        if "status" not in columns:
            return None
        recent_sql = "created_at >= ?" if "created_at" in columns else "0"
        params = (since,) if "created_at" in columns else ()
        rows = await self._db.fetchall(
            f"SELECT status, COUNT(*), SUM({recent_sql}) FROM reminders GROUP BY status", params
        )
        return {str(status): Count(total, recent or 0) for status, total, recent in rows}


def _add(counts: dict[str, Count], key: str, total: int, recent: int) -> None:
    old = counts.get(key, Count())
    counts[key] = Count(old.total + total, old.recent + recent)
