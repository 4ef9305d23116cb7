"""The reminders table: every state change is one statement or one transaction.

pending -> sending (claimed) -> sent -> answered; or -> failed / cancelled. A row left in
'sending' by a crash goes back to 'pending' at start-up: at least once across a crash,
exactly once on the normal path. ``attempts`` counts failed sends only: a claim that a crash
interrupts sent nothing, so it uses no retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.database import Database


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


def _reminder(row: aiosqlite.Row) -> Reminder:
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


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

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
            cursor = await conn.execute(
                "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, chat_id, episode_id, due, due, to_timestamp(now)),
            )
            reminder_id = cursor.lastrowid
        assert reminder_id is not None
        return reminder_id

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

    async def claim(self, reminder_id: int, now: datetime) -> Reminder | None:
        """Take a pending reminder that is due for sending; None if it is not due yet (a
        stale job), someone else has it, or it is gone. One statement: the write lock is
        held for one round trip, so a mark_sent is never stuck behind a queue of claims'
        transactions. Counts no attempt: nothing has been sent yet."""
        rows = await self._db.write_returning(
            "UPDATE reminders SET status = 'sending'"
            " WHERE reminder_id = ? AND status = 'pending' AND send_at <= ? RETURNING *",
            (reminder_id, to_timestamp(now)),
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
        """Rows a crash left mid-send go back to pending: better twice than never."""
        return await self._db.execute(
            "UPDATE reminders SET status = 'pending' WHERE status = 'sending'"
        )

    async def count_pending(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM reminders WHERE status = 'pending'")
        return int(row[0]) if row else 0
