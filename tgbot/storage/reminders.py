"""The reminders table: every state change is one statement or one transaction.

pending -> sending (claimed) -> sent -> answered; or -> failed / cancelled. A row left in
'sending' by a crash goes back to 'pending' at start-up: at least once across a crash, exactly
once on the normal path. ``attempts`` counts failed sends only (a crashed claim sent nothing).

Several workers on one PostgreSQL database: each sweep reserves the due rows that no live
worker holds (``FOR UPDATE SKIP LOCKED``: two sweeps at once take different rows, neither
waits), for this worker (``claimed_by``) until a lease runs out (``lease_until``), and renews
the leases of the rows it holds, pending or sending. A worker that dies stops renewing: when
its leases pass, the next sweep of another worker takes its rows over (a row it was sending
goes back to pending first: sent again, at least once). A worker restarted under the same
WORKER_ID takes its own rows back at once.

'reassess' asks "how is it now?" about a check; 'checkin' is the evening diary check-in: the
transaction that records one evening also adds the next one's row; 'paused' while the user
has blocked the bot. Ids in and out are Telegram's; the rows hold pseudonyms (pseudonyms.py).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Collection
from datetime import date, datetime, timedelta

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.pseudonyms import real_ids
from tgbot.storage.reminder_rows import Checkin, Reminder, ReminderStatus, reminder_in, reminders_of
from tgbot.storage.store import Store

_STILL_MINE = " WHERE reminder_id = ? AND fence = ? AND status = 'sending'"
"""The fence of a write after a claim: the row is still in the claim this worker made."""

DEFAULT_LEASE = timedelta(seconds=90)
"""A worker's hold on a reminder, renewed every sweep (a third of it): only a dead worker's
rows pass it, so lateness after a worker dies is at most this."""


def default_worker_id() -> str:
    """This process's name among the workers, when WORKER_ID is not set: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


# The next evening's row: a copy of this one's check-in fields, pending at a new time.
_FOLLOW = (
    "INSERT INTO reminders (user_id, chat_id, due_at, send_at, created_at, kind, flow_id,"
    " local_hour, since_day) SELECT user_id, chat_id, ?, ?, ?, kind, flow_id, local_hour,"
    " since_day FROM reminders WHERE reminder_id = ? AND kind = 'checkin'"
)


class ReminderRepository:
    def __init__(
        self, db: Store, worker: str | None = None, lease: timedelta = DEFAULT_LEASE
    ) -> None:
        self._db = db
        self.write_errors = db.write_errors  # what a failed write raises on this engine
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
                (*self._ids(user_id, chat_id), episode_id, due, due, to_timestamp(now)),
            )
        return int(row[0])

    async def create_checkin(
        self, user_id: int, chat_id: int, checkin: Checkin, due_at: datetime, now: datetime
    ) -> int:
        """The user's evening check-in; it replaces the one before (one series per user)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE user_id = ?"
                " AND kind = 'checkin' AND status IN ('pending', 'paused')",
                (self._db.pseudonym(user_id),),
            )
            due = to_timestamp(due_at)
            rows = await conn.fetchall(
                "INSERT INTO reminders (user_id, chat_id, due_at, send_at, created_at, kind,"
                " flow_id, local_hour, since_day) VALUES (?, ?, ?, ?, ?, 'checkin', ?, ?, ?)"
                " RETURNING reminder_id",
                (
                    *self._ids(user_id, chat_id),
                    due,
                    due,
                    to_timestamp(now),
                    checkin.flow_id,
                    checkin.local_hour,
                    checkin.since_day.isoformat(),
                ),
            )
        return int(rows[0]["reminder_id"])

    async def checkin_of(self, user_id: int) -> Reminder | None:
        """The user's check-in series as it stands: pending, in flight or paused."""
        row = await self._db.fetchone(
            "SELECT * FROM reminders WHERE user_id = ? AND kind = 'checkin'"
            " AND status IN ('pending', 'sending', 'paused') ORDER BY reminder_id DESC LIMIT 1",
            (self._db.pseudonym(user_id),),
        )
        return await reminder_in(self._db, [row] if row else [])

    async def finish_checkin(
        self,
        claimed: Reminder,
        status: ReminderStatus,
        message_id: int | None,
        now: datetime,
        next_due: datetime | None,
    ) -> bool:
        """One evening done: sent (or skipped, 'failed'), and the next evening's row added in
        the same transaction, unless ``next_due`` is None (the series ends). False, and
        nothing added, if the claim is no longer this worker's."""
        async with self._db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE reminders SET status = ?, message_id = ?, sent_at = ?" + _STILL_MINE,
                (
                    status.value,
                    message_id,
                    to_timestamp(now) if message_id is not None else None,
                    claimed.reminder_id,
                    claimed.fence,
                ),
            )
            if changed != 1:
                return False
            if next_due is not None:
                due = to_timestamp(next_due)
                await conn.execute(_FOLLOW, (due, due, to_timestamp(now), claimed.reminder_id))
            return True

    async def pause_checkin(self, reminder_id: int) -> None:
        """The user blocked the bot during a check-in: held, not lost."""
        await self._db.execute(
            "UPDATE reminders SET status = 'paused' WHERE reminder_id = ?", (reminder_id,)
        )

    async def resume_checkin(self, user_id: int, due_at: datetime, today: date) -> int | None:
        """The user unblocked the bot: their paused check-in is pending again at ``due_at``,
        its 14 quiet days counted from ``today``; returns its id, or None if there was none."""
        due = to_timestamp(due_at)
        rows = await self._db.write_returning(
            "UPDATE reminders SET status = 'pending', due_at = ?, send_at = ?, attempts = 0,"
            " since_day = ? WHERE user_id = ? AND kind = 'checkin' AND status = 'paused'"
            " RETURNING reminder_id",
            (due, due, today.isoformat(), self._db.pseudonym(user_id)),
        )
        return int(rows[0]["reminder_id"]) if rows else None

    async def stop_checkins(self, user_id: int) -> int:
        return await self._db.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE user_id = ? AND kind = 'checkin'"
            " AND status IN ('pending', 'paused')",
            (self._db.pseudonym(user_id),),
        )

    async def get(self, reminder_id: int) -> Reminder | None:
        row = await self._db.fetchone(
            "SELECT * FROM reminders WHERE reminder_id = ?", (reminder_id,)
        )
        return await reminder_in(self._db, [row] if row else [])

    async def due_before(self, moment: datetime, limit: int) -> list[tuple[int, int, datetime]]:
        """(reminder id, user id, send time) of pending reminders to send by ``moment``,
        soonest first; served by the partial index, so rows far ahead cost nothing."""
        rows = await self._db.fetchall(
            "SELECT reminder_id, user_id, send_at FROM reminders"
            " WHERE status = 'pending' AND send_at <= ? ORDER BY send_at LIMIT ?",
            (to_timestamp(moment), limit),
        )
        ids = await real_ids(self._db, (r[1] for r in rows))
        return [(r[0], ids[r[1]][0], from_timestamp(r[2])) for r in rows if r[1] in ids]

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
        ids = await real_ids(self._db, (r[1] for r in rows))
        found = sorted((r[2], r[0], ids[r[1]][0]) for r in rows if r[1] in ids)
        return [
            (reminder_id, user_id, from_timestamp(send_at))
            for send_at, reminder_id, user_id in found
        ]

    async def renew_leases(self, now: datetime, sending: Collection[int] = ()) -> int:
        """Its pending rows, and those it is ``sending`` now (or owes a write for), stay this
        worker's a lease longer; a row left 'sending' otherwise (a lost commit) is not."""
        at = to_timestamp(now)
        ids = sorted(sending)
        in_hand = f" OR (status = 'sending' AND reminder_id IN ({', '.join('?' * len(ids))}))"
        return await self._db.execute(
            "UPDATE reminders SET lease_until = (CASE WHEN send_at > ? THEN send_at ELSE ? END) + ?"
            f" WHERE claimed_by = ? AND (status = 'pending'{in_hand if ids else ''})",
            (at, at, self._lease_seconds, self.worker, *ids),
        )

    async def take_over_expired(self, now: datetime) -> int:
        """Rows a dead worker was sending (its lease passed) go back to pending, for anyone."""
        return await self._db.execute(
            "UPDATE reminders SET status = 'pending', claimed_by = NULL, lease_until = NULL"
            " WHERE status = 'sending' AND lease_until < ?",
            (to_timestamp(now),),
        )

    def _ids(self, user_id: int, chat_id: int) -> tuple[int, int]:
        return self._db.pseudonym(user_id), self._db.pseudonym(chat_id)

    @property
    def _lease_seconds(self) -> int:
        return max(int(self.lease.total_seconds()), 1)

    async def claim(self, reminder_id: int, now: datetime) -> Reminder | None:
        """Take a pending reminder that is due for sending; None if it is not due yet (a
        stale job), another live worker holds it, someone else has it, or it is gone. One
        statement: the write lock is held for one round trip, so a mark_sent is never stuck
        behind a queue of claims' transactions. Counts no attempt: nothing has been sent.
        The claim gets a new fence, which every write after it names."""
        at = to_timestamp(now)
        rows = await self._db.write_returning(
            "UPDATE reminders SET status = 'sending', claimed_by = ?, lease_until = ?,"
            " fence = fence + 1"
            " WHERE reminder_id = ? AND status = 'pending' AND send_at <= ?"
            " AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?) RETURNING *",
            (self.worker, at + self._lease_seconds, reminder_id, at, self.worker, at),
        )
        return await reminder_in(self._db, rows)

    async def still_claimed(self, claimed: Reminder, now: datetime) -> bool:
        """Just before a send, in one statement: True, and the lease renewed, only if the
        claim is still this worker's and unexpired (not after a pause past the lease)."""
        at = to_timestamp(now)
        changed = await self._db.execute(
            "UPDATE reminders SET lease_until = ?"
            + _STILL_MINE
            + " AND claimed_by = ? AND lease_until >= ?",
            (at + self._lease_seconds, claimed.reminder_id, claimed.fence, self.worker, at),
            urgent=True,
        )
        return changed == 1

    async def mark_sent(self, claimed: Reminder, message_id: int, now: datetime) -> bool:
        """The message is out: recorded before any other write waiting (see WriteLock).
        False if the claim was taken over meanwhile (the other worker's record stands)."""
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'sent', message_id = ?, sent_at = ?" + _STILL_MINE,
            (message_id, to_timestamp(now), claimed.reminder_id, claimed.fence),
            urgent=True,
        )
        return changed == 1

    async def release(self, claimed: Reminder, send_at: datetime, *, failed: bool = True) -> bool:
        """Back to pending for another try at ``send_at``. A ``failed`` send counts towards
        the backoff; a 429 (Telegram asked us to slow down) does not."""
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'pending', send_at = ?, attempts = attempts + ?"
            + _STILL_MINE,
            (to_timestamp(send_at), 1 if failed else 0, claimed.reminder_id, claimed.fence),
        )
        return changed == 1

    async def mark_missed(self, claimed: Reminder) -> bool:
        """Given up on (it lost its point): failed, and the user is told at their next visit."""
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'failed', untold = 1" + _STILL_MINE,
            (claimed.reminder_id, claimed.fence),
        )
        return changed == 1

    async def users_untold(self) -> set[int]:
        """Users with a missed reminder they have not been told about (at start-up)."""
        rows = await self._db.fetchall("SELECT DISTINCT user_id FROM reminders WHERE untold = 1")
        return {user_id for user_id, _ in (await real_ids(self._db, (r[0] for r in rows))).values()}

    async def mark_told(self, user_id: int) -> int:
        """The user has been told about their missed reminders; returns how many."""
        return await self._db.execute(
            "UPDATE reminders SET untold = 0 WHERE user_id = ? AND untold = 1",
            (self._db.pseudonym(user_id),),
        )

    async def mark_failed(self, claimed: Reminder) -> bool:
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'failed'" + _STILL_MINE,
            (claimed.reminder_id, claimed.fence),
        )
        return changed == 1

    async def mark_cancelled(self, claimed: Reminder) -> bool:
        changed = await self._db.execute(
            "UPDATE reminders SET status = 'cancelled'" + _STILL_MINE,
            (claimed.reminder_id, claimed.fence),
        )
        return changed == 1

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
            (reminder_id, self._db.pseudonym(user_id)),
        )
        return changed == 1

    async def cancel_for_user(self, user_id: int) -> int:
        """The user blocked the bot: reassessments are cancelled, a check-in is paused."""
        user_id = self._db.pseudonym(user_id)
        async with self._db.transaction() as conn:
            paused = await conn.execute(
                "UPDATE reminders SET status = 'paused' WHERE user_id = ? AND kind = 'checkin'"
                " AND status IN ('pending', 'sending')",
                (user_id,),
            )
            cancelled = await conn.execute(
                "UPDATE reminders SET status = 'cancelled'"
                " WHERE user_id = ? AND status IN ('pending', 'sending')",
                (user_id,),
            )
            return max(paused, 0) + max(cancelled, 0)

    async def cancel_for_check(self, episode_id: int) -> int:
        return await self._db.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE episode_id = ? AND status = 'pending'",
            (episode_id,),
        )

    async def count_for(self, user_id: int) -> int:
        """All the user's reminders, whatever their status."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM reminders WHERE user_id = ?", (self._db.pseudonym(user_id),)
        )
        return int(row[0]) if row else 0

    async def pending_for(self, user_id: int) -> list[Reminder]:
        rows = await self._db.fetchall(
            "SELECT * FROM reminders WHERE user_id = ? AND status = 'pending' ORDER BY due_at",
            (self._db.pseudonym(user_id),),
        )
        return await reminders_of(self._db, rows)

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
