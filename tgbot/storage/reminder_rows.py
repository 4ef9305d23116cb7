"""A reminder row as the bot reads it: its status, its kind, and a check-in's own fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tgbot.core.clock import from_timestamp
from tgbot.storage.pseudonyms import real_ids
from tgbot.storage.store import Row, Store


class ReminderStatus(StrEnum):
    """A reminder row's life: pending -> sending -> sent -> answered, or cancelled / failed."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    FAILED = "failed"
    PAUSED = "paused"
    """A check-in held while the user has blocked the bot."""


class ReminderKind(StrEnum):
    REASSESS = "reassess"
    CHECKIN = "checkin"


@dataclass(frozen=True)
class Checkin:
    """What an evening check-in row holds beyond a reminder's fields."""

    flow_id: str
    local_hour: int
    since_day: date
    """The local day the series began: with no diary entry since, it stops after 14 days."""


@dataclass(frozen=True)
class Reminder:
    reminder_id: int
    user_id: int
    chat_id: int
    episode_id: int | None
    """The check a reassessment is about; None for a check-in."""
    due_at: datetime
    """The time promised to the user (lateness is measured from it)."""
    send_at: datetime
    """The next attempt: due_at, or later after a failed try."""
    status: ReminderStatus
    attempts: int
    """Failed sends so far (network errors, 5xx): the backoff grows with them."""
    message_id: int | None
    checkin: Checkin | None = None
    """Set for an evening check-in, None for a reassessment."""
    fence: int = 0
    """Grows with every claim: the writes after a send name it, so a worker whose claim was
    taken over (it paused past its lease) changes nothing."""

    @property
    def kind(self) -> ReminderKind:
        return ReminderKind.CHECKIN if self.checkin is not None else ReminderKind.REASSESS


def _checkin(row: Row) -> Checkin | None:
    if row["kind"] != ReminderKind.CHECKIN:
        return None
    return Checkin(row["flow_id"], row["local_hour"], date.fromisoformat(row["since_day"]))


def reminder_of(row: Row, ids: tuple[int, int]) -> Reminder:
    """The row, with the Telegram (user id, chat id) its pseudonyms stand for."""
    return Reminder(
        reminder_id=row["reminder_id"],
        user_id=ids[0],
        chat_id=ids[1],
        episode_id=row["episode_id"],
        due_at=from_timestamp(row["due_at"]),
        send_at=from_timestamp(row["send_at"]),
        status=ReminderStatus(row["status"]),
        attempts=row["attempts"],
        message_id=row["message_id"],
        checkin=_checkin(row),
        fence=row["fence"],
    )


async def reminders_of(db: Store, rows: list[Row]) -> list[Reminder]:
    """The rows as reminders, with the Telegram ids of their users (sealed in ``users``)."""
    ids = await real_ids(db, (int(row["user_id"]) for row in rows))
    return [reminder_of(row, ids[row["user_id"]]) for row in rows if row["user_id"] in ids]


async def reminder_in(db: Store, rows: list[Row]) -> Reminder | None:
    read = await reminders_of(db, rows)
    return read[0] if read else None
