"""The users table: who we talk to, where, their time zone and the questions they want to ask
their doctor (both sealed under the user's own key, tgbot/storage/sealing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.sealing import UserKeys, key_of, opened
from tgbot.storage.store import Row, Store


@dataclass(frozen=True)
class UserRecord:
    user_id: int
    chat_id: int
    language_code: str | None
    timezone: str | None
    created_at: datetime
    blocked: bool
    keep_checks: bool | None
    """May finished checks be kept? None until the user has answered."""
    language: str | None = None
    """The language chosen with /language; None: the one Telegram reports."""
    questions: tuple[str, ...] = ()
    """What they want to ask their doctor, for the doctor's page (/questions)."""


QUESTION_BREAK = "\n"
"""Between two kept questions: a question is kept on one line (tgbot/core/questions.py)."""


def _user_from_row(row: Row, db: Store) -> UserRecord:
    sealed = row["timezone"] or row["questions"]
    key = key_of(db.keyring, row["user_id"], row["wrapped"]) if sealed else None
    questions = opened(key, "users", "questions", row["questions"])
    return UserRecord(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        language_code=row["language_code"],
        timezone=opened(key, "users", "timezone", row["timezone"]),
        created_at=from_timestamp(row["created_at"]),
        blocked=bool(row["blocked"]),
        keep_checks=None if row["keep_checks"] is None else bool(row["keep_checks"]),
        language=row["language"],
        questions=tuple(questions.split(QUESTION_BREAK)) if questions else (),
    )


class UserRepository:
    def __init__(self, db: Store) -> None:
        self._db = db
        self._keys = UserKeys(db)

    async def upsert(
        self, user_id: int, chat_id: int, language_code: str | None, now: datetime
    ) -> str | None:
        """Record a user who wrote to us; writing again means they have not blocked us.
        Returns the language they chose with /language, if any (one round trip)."""
        rows = await self._db.write_returning(
            """
            INSERT INTO users (user_id, chat_id, language_code, created_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET
                chat_id = excluded.chat_id,
                language_code = excluded.language_code,
                blocked = 0
            RETURNING language
            """,
            (user_id, chat_id, language_code, to_timestamp(now)),
        )
        return rows[0]["language"] if rows else None

    async def set_language(self, user_id: int, language: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET language = ? WHERE user_id = ?", (language, user_id)
        )

    async def get(self, user_id: int) -> UserRecord | None:
        row = await self._db.fetchone(
            "SELECT u.*, k.wrapped FROM users u LEFT JOIN user_keys k ON k.user_id = u.user_id"
            " WHERE u.user_id = ?",
            (user_id,),
        )
        return _user_from_row(row, self._db) if row else None

    async def set_timezone(self, user_id: int, timezone: str | None) -> None:
        sealed = None
        if timezone is not None:
            key = await self._keys.get_or_make(user_id)
            sealed = key.seal("users.timezone", timezone)
        await self._db.execute("UPDATE users SET timezone = ? WHERE user_id = ?", (sealed, user_id))

    async def set_questions(self, user_id: int, questions: tuple[str, ...]) -> None:
        """Keep these questions for the doctor's page (none: delete them)."""
        sealed = None
        if questions:
            key = await self._keys.get_or_make(user_id)
            sealed = key.seal("users.questions", QUESTION_BREAK.join(questions))
        await self._db.execute(
            "UPDATE users SET questions = ? WHERE user_id = ?", (sealed, user_id)
        )

    async def set_keep_checks(self, user_id: int, keep: bool, now: datetime) -> None:
        await self._db.execute(
            "UPDATE users SET keep_checks = ?, keep_checks_at = ? WHERE user_id = ?",
            (int(keep), to_timestamp(now), user_id),
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        await self._db.execute(
            "UPDATE users SET blocked = ? WHERE user_id = ?", (int(blocked), user_id)
        )

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0
