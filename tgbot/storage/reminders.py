"""The reminders table: every state change is one statement or one transaction.

pending -> sending (claimed) -> sent -> answered; or -> failed / cancelled. A row left in
'sending' by a crash goes back to 'pending' at start-up: at least once across a crash,
exactly once on the normal path. ``attempts`` counts failed sends only: a claim that a crash
interrupts sent nothing, so it uses no retry.

Several workers on one PostgreSQL database: each sweep reserves the due rows that no live
worker holds (``FOR UPDATE SKIP LOCKED``: two sweeps at once take different rows, neither
waits), for this worker (``claimed_by``) until a lease runs out (``lease_until``), and renews
the leases of the rows it holds, pending or sending. A worker that dies stops renewing: when
its leases pass, the next sweep of another worker takes its rows over (a row it was sending
goes back to pending first: sent again, at least once). A worker restarted under the same
WORKER_ID takes its own rows back at once.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.store import Row, Store


class ReminderStatus(StrEnum):
    """A reminder row's life: pending -> sending -> sent -> answered, or cancelled / failed."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class Reminder:
    reminder_id: int
    user_id: int
    chat_id: int
    episode_id: int
    due_at: datetime
    """The time promised to the user (lateness is measured from it)."""
    send_at: datetime
    """The next attempt: due_at, or later after a failed try."""
    status: ReminderStatus
    attempts: int
    """Failed sends so far (network errors, 5xx): the backoff grows with them."""
    message_id: int | None


def _reminder(row: Row) -> Reminder:
    return Reminder(
        reminder_id=row["reminder_id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        episode_id=row["episode_id"],
        due_at=from_timestamp(row["due_at"]),
        send_at=from_timestamp(row["send_at"]),
        status=ReminderStatus(row["status"]),
        attempts=row["attempts"],
        message_id=row["message_id"],
    )


DEFAULT_LEASE = timedelta(seconds=90)
"""How long a worker holds a reminder without renewing; renewed at every sweep (a third of
it), so only a dead worker's rows pass it. Lateness after a worker dies is at most this."""


def default_worker_id() -> str:
    """This process's name among the workers, when WORKER_ID is not set: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


class ReminderRepository:
    def __init__(
        self, db: Store, worker: str | None = None, lease: timedelta = DEFAULT_LEASE
    ) -> None:
        self._db = db
        self.worker = worker or default_worker_id()
        self.lease = lease

    async def create(
        self, user_id: int, chat_id: int, episode_id: int, due_at: datetime, now: datetime
    ) -> int:
        """One pending reminder per check: a new one replaces the one before."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled'"
                " WHERE episode_id = ? AND status = 'pending'",
                (episode_id,),
            )
            due = to_timestamp(due_at)
            (row,) = await conn.fetchall(
                "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING reminder_id",
                (user_id, chat_id, episode_id, due, due, to_timestamp(now)),
            )
        return int(row[0])

    async def get(self, reminder_id: int) -> Reminder | None:
        row = await self._db.fetchone(
            "SELECT * FROM reminders WHERE reminder_id = ?", (reminder_id,)
        )
        return _reminder(row) if row else None

    async def due_before(self, moment: datetime, limit: int) -> list[tuple[int, int, datetime]]:
        """(reminder id, user id, send time) of pending reminders to send by ``moment``,
        soonest first; served by the partial index, so rows far ahead cost nothing."""
        rows = await self._db.fetchall(
            "SELECT reminder_id, user_id, send_at FROM reminders"
            " WHERE status = 'pending' AND send_at <= ? ORDER BY send_at LIMIT ?",
            (to_timestamp(moment), limit),
        )
        return [(r[0], r[1], from_timestamp(r[2])) for r in rows]

    async def reserve_due(
        self, moment: datetime, now: datetime, limit: int
    ) -> list[tuple[int, int, datetime]]:
        """Like :meth:`due_before`, but only rows no other live worker holds, each reserved
        for this worker until its send time plus the lease; soonest first."""
        at = to_timestamp(now)
        skip_locked = " FOR UPDATE SKIP LOCKED" if self._db.engine == "postgresql" else ""
        rows = await self._db.write_returning(
            "UPDATE reminders SET claimed_by = ?,"
            " lease_until = (CASE WHEN send_at > ? THEN send_at ELSE ? END) + ?"
            " WHERE reminder_id IN (SELECT reminder_id FROM reminders"
            " WHERE status = 'pending' AND send_at <= ?"
            " AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?)"
            f" ORDER BY send_at LIMIT ?{skip_locked})"
            " RETURNING reminder_id, user_id, send_at",
            (
                self.worker,
                at,
                at,
                self._lease_seconds,
                to_timestamp(moment),
                self.worker,
                at,
                limit,
            ),
        )
        found = sorted((r[2], r[0], r[1]) for r in rows)
        return [
            (reminder_id, user_id, from_timestamp(send_at))
            for send_at, reminder_id, user_id in found
        ]

    async def renew_leases(self, now: datetime) -> int:
        """This worker is alive: its rows, pending or sending, stay its own a lease longer."""
        at = to_timestamp(now)
        return await self._db.execute(
            "UPDATE reminders SET lease_until = (CASE WHEN send_at > ? THEN send_at ELSE ? END) + ?"
            " WHERE claimed_by = ? AND status IN ('pending', 'sending')",
            (at, at, self._lease_seconds, self.worker),
        )

    async def take_over_expired(self, now: datetime) -> int:
        """Rows a dead worker was sending (its lease passed) go back to pending, for anyone."""
        return await self._db.execute(
            "UPDATE reminders SET status = 'pending', claimed_by = NULL, lease_until = NULL"
            " WHERE status = 'sending' AND lease_until < ?",
            (to_timestamp(now),),
        )

    @property
    def _lease_seconds(self) -> int:
        return max(int(self.lease.total_seconds()), 1)

    async def claim(self, reminder_id: int, now: datetime) -> Reminder | None:
        """Take a pending reminder that is due for sending; None if it is not due yet (a
        stale job), another live worker holds it, someone else has it, or it is gone. One
        statement: the write lock is held for one round trip, so a mark_sent is never stuck
        behind a queue of claims' transactions. Counts no attempt: nothing has been sent."""
        at = to_timestamp(now)
        rows = await self._db.write_returning(
            "UPDATE reminders SET status = 'sending', claimed_by = ?, lease_until = ?"
            " WHERE reminder_id = ? AND status = 'pending' AND send_at <= ?"
            " AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?) RETURNING *",
            (self.worker, at + self._lease_seconds, reminder_id, at, self.worker, at),
        )
        return _reminder(rows[0]) if rows else None

    async def mark_sent(self, reminder_id: int, message_id: int, now: datetime) -> None:
        """The message is out: recorded before any other write waiting (see WriteLock)."""
        await self._db.execute(
            "UPDATE reminders SET status = 'sent', message_id = ?, sent_at = ?"
            " WHERE reminder_id = ?",
            (message_id, to_timestamp(now), reminder_id),
            urgent=True,
        )

    async def release(self, reminder_id: int, send_at: datetime, *, failed: bool = True) -> None:
        """Back to pending for another try at ``send_at``. A ``failed`` send counts towards
        the backoff; a 429 (Telegram asked us to slow down) does not."""
        await self._db.execute(
            "UPDATE reminders SET status = 'pending', send_at = ?,"
            " attempts = attempts + ? WHERE reminder_id = ? AND status = 'sending'",
            (to_timestamp(send_at), 1 if failed else 0, reminder_id),
        )

    async def mark_missed(self, reminder_id: int) -> None:
        """Given up on (it lost its point): failed, and the user is told at their next visit."""
        await self._db.execute(
            "UPDATE reminders SET status = 'failed', untold = 1 WHERE reminder_id = ?",
            (reminder_id,),
        )

    async def users_untold(self) -> set[int]:
        """Users with a missed reminder they have not been told about (at start-up)."""
        rows = await self._db.fetchall("SELECT DISTINCT user_id FROM reminders WHERE untold = 1")
        return {int(row[0]) for row in rows}

    async def mark_told(self, user_id: int) -> int:
        """The user has been told about their missed reminders; returns how many."""
        return await self._db.execute(
            "UPDATE reminders SET untold = 0 WHERE user_id = ? AND untold = 1", (user_id,)
        )

    async def mark_failed(self, reminder_id: int) -> None:
        await self._db.execute(
            "UPDATE reminders SET status = 'failed' WHERE reminder_id = ?", (reminder_id,)
        )

    async def mark_cancelled(self, reminder_id: int) -> None:
        await self._db.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE reminder_id = ?", (reminder_id,)
        )

    async def mark_answered(self, reminder_id: int) -> bool:
        """The user tapped an answer under the reminder; False if it was answered already."""
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'answered' WHERE reminder_id = ? AND status = 'sent'",
            (reminder_id,),
        )
        return changed == 1

    async def cancel(self, reminder_id: int, user_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'cancelled'"
            " WHERE reminder_id = ? AND user_id = ? AND status = 'pending'",
            (reminder_id, user_id),
        )
        return changed == 1

    async def cancel_for_user(self, user_id: int) -> int:
        return await self._db.execute(
            "UPDATE reminders SET status = 'cancelled'"
            " WHERE user_id = ? AND status IN ('pending', 'sending')",
            (user_id,),
        )

    async def cancel_for_episode(self, episode_id: int) -> int:
        return await self._db.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE episode_id = ? AND status = 'pending'",
            (episode_id,),
        )

    async def count_for(self, user_id: int) -> int:
        """All the user's reminders, whatever their status."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM reminders WHERE user_id = ?", (user_id,)
        )
        return int(row[0]) if row else 0

    async def pending_for(self, user_id: int) -> list[Reminder]:
        rows = await self._db.fetchall(
            "SELECT * FROM reminders WHERE user_id = ? AND status = 'pending' ORDER BY due_at",
            (user_id,),
        )
        return [_reminder(r) for r in rows]

    async def recover_interrupted(self) -> int:
        """At start-up, rows a crash left mid-send go back to pending: better twice than
        never. On SQLite there is one process, so every such row; on a shared server only
        this worker's own (the same WORKER_ID before the crash): other workers may be
        sending theirs right now, and a dead one's are taken over when its lease passes."""
        if self._db.engine == "sqlite":
            return await self._db.execute(
                "UPDATE reminders SET status = 'pending', claimed_by = NULL, lease_until = NULL"
                " WHERE status = 'sending'"
            )
        return await self._db.execute(
            "UPDATE reminders SET status = 'pending', claimed_by = NULL, lease_until = NULL"
            " WHERE status = 'sending' AND claimed_by = ?",
            (self.worker,),
        )

    async def count_pending(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM reminders WHERE status = 'pending'")
        return int(row[0]) if row else 0
