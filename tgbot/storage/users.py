"""The users table: who we talk to, where, their time zone and the questions they want to ask
their doctor. Stored under a pseudonym, the Telegram ids, the time zone and the questions sealed
under the user's own key (tgbot/storage/sealing.py, pseudonyms.py). No health data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import from_timestamp, to_timestamp
from tgbot.storage.pseudonyms import open_ids, seal_ids
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
    key = key_of(db.keyring, row["user_id"], row["wrapped"])
    if key is None or row["telegram_ids"] is None:
        raise LookupError("a user row without its sealed ids")
    user_id, chat_id = open_ids(key, row["telegram_ids"])
    questions = opened(key, "users", "questions", row["questions"])
    return UserRecord(
        user_id=user_id,
        chat_id=chat_id,
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
        Returns the language they chose with /language, if any: one round trip for a user
        we know; a new one gets their key and sealed ids in one transaction."""
        known = await self._db.write_returning(
            "UPDATE users SET language_code = ?, blocked = 0 WHERE user_id = ?"
            " RETURNING language, chat_id",
            (language_code, self._db.pseudonym(user_id)),
        )
        if known:
            if known[0]["chat_id"] != self._db.pseudonym(chat_id):  # wrote from another chat
                await self._move_chat(user_id, chat_id)
            return known[0]["language"]  # type: ignore[no-any-return]
        key, wrapped = self._db.keyring.new_key(self._db.pseudonym(user_id))
        async with self._db.transaction() as conn:
            made = await conn.execute(
                "INSERT INTO users (user_id, chat_id, telegram_ids, language_code, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
                (
                    key.user_id,
                    self._db.pseudonym(chat_id),
                    seal_ids(key, user_id, chat_id),
                    language_code,
                    to_timestamp(now),
                ),
            )
            if made:
                await conn.execute(
                    "INSERT INTO user_keys (user_id, wrapped) VALUES (?, ?)", (key.user_id, wrapped)
                )
        return None if made else await self.upsert(user_id, chat_id, language_code, now)

    async def _move_chat(self, user_id: int, chat_id: int) -> None:
        key = await self._keys.get_or_make(user_id)
        await self._db.execute(
            "UPDATE users SET chat_id = ?, telegram_ids = ? WHERE user_id = ?",
            (self._db.pseudonym(chat_id), seal_ids(key, user_id, chat_id), key.user_id),
        )

    async def set_language(self, user_id: int, language: str | None) -> None:
        await self._db.execute(
            "UPDATE users SET language = ? WHERE user_id = ?",
            (language, self._db.pseudonym(user_id)),
        )

    async def get(self, user_id: int) -> UserRecord | None:
        row = await self._db.fetchone(
            "SELECT u.*, k.wrapped FROM users u LEFT JOIN user_keys k ON k.user_id = u.user_id"
            " WHERE u.user_id = ?",
            (self._db.pseudonym(user_id),),
        )
        return _user_from_row(row, self._db) if row else None

    async def set_timezone(self, user_id: int, timezone: str | None) -> None:
        sealed = None
        if timezone is not None:
            key = await self._keys.get_or_make(user_id)
            sealed = key.seal("users.timezone", timezone)
        await self._db.execute(
            "UPDATE users SET timezone = ? WHERE user_id = ?", (sealed, self._db.pseudonym(user_id))
        )

    async def set_questions(self, user_id: int, questions: tuple[str, ...]) -> None:
        """Keep these questions for the doctor's page (none: delete them)."""
        sealed = None
        if questions:
            key = await self._keys.get_or_make(user_id)
            sealed = key.seal("users.questions", QUESTION_BREAK.join(questions))
        await self._db.execute(
            "UPDATE users SET questions = ? WHERE user_id = ?",
            (sealed, self._db.pseudonym(user_id)),
        )

    async def set_keep_checks(self, user_id: int, keep: bool, now: datetime) -> None:
        await self._db.execute(
            "UPDATE users SET keep_checks = ?, keep_checks_at = ? WHERE user_id = ?",
            (int(keep), to_timestamp(now), self._db.pseudonym(user_id)),
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> None:
        await self._db.execute(
            "UPDATE users SET blocked = ? WHERE user_id = ?",
            (int(blocked), self._db.pseudonym(user_id)),
        )

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0
