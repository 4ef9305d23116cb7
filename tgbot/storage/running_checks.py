"""Running checks (table ``triage_sessions``): one row per user, the answers so far and the
ticks on the current question (sealed under the user's own key, tgbot/storage/sealing.py),
so a restart resumes at the same question."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import to_timestamp
from tgbot.storage.crypto import UserKey
from tgbot.storage.finished_checks import StoredAnswers, dump_answers, load_answers
from tgbot.storage.pseudonyms import open_ids
from tgbot.storage.sealing import UserKeys, key_of, opened
from tgbot.storage.store import Row, Store


@dataclass(frozen=True)
class RunningCheck:
    check_id: int
    user_id: int
    chat_id: int
    message_id: int | None
    flow_id: str
    answers: StoredAnswers
    ticked: tuple[str, ...]
    """Options ticked so far on the current multi-select question."""
    finished: bool = False
    """The check is over, its outcome not yet on screen (a crash in between): a tap on its
    last question shows the outcome again."""
    episode_id: int | None = None
    keep_checks: bool | None = None
    """The user's answer to "keep my checks?" (None: not asked yet), read with the row."""


def _running_check(row: Row, db: Store) -> RunningCheck:
    key = key_of(db.keyring, row["user_id"], row["wrapped"])
    if key is None:
        raise LookupError("a running check whose user has no key")
    user_id, chat_id = open_ids(key, row["telegram_ids"])
    return RunningCheck(
        check_id=row["session_id"],
        user_id=user_id,
        chat_id=chat_id,
        message_id=row["message_id"],
        flow_id=row["flow_id"],
        answers=load_answers(opened(key, "triage_sessions", "answers", row["answers"]) or "{}"),
        ticked=tuple(json.loads(opened(key, "triage_sessions", "ticked", row["ticked"]) or "[]")),
        finished=bool(row["finished"]),
        episode_id=row["episode_id"],
        keep_checks=None if row["keep_checks"] is None else bool(row["keep_checks"]),
    )


# The user's consent and key come with the check: a tap reads the database once.
_SELECT = (
    "SELECT s.session_id, s.user_id, s.message_id, s.flow_id, s.answers, s.ticked,"
    " s.finished, s.episode_id, u.keep_checks, u.telegram_ids, k.wrapped"
    " FROM triage_sessions s JOIN users u ON u.user_id = s.user_id"
    " LEFT JOIN user_keys k ON k.user_id = s.user_id"
)


def _sealed(
    key: UserKey, answers: Mapping[str, tuple[str, ...]], ticked: tuple[str, ...]
) -> tuple[str, str]:
    return (
        key.seal("triage_sessions.answers", dump_answers(answers)),
        key.seal("triage_sessions.ticked", json.dumps(list(ticked))),
    )


class RunningCheckRepository:
    def __init__(self, db: Store) -> None:
        self._db = db
        self._keys = UserKeys(db)

    async def _key_of_check(self, check_id: int) -> UserKey | None:
        row = await self._db.fetchone(
            "SELECT s.user_id, k.wrapped FROM triage_sessions s"
            " JOIN user_keys k ON k.user_id = s.user_id WHERE s.session_id = ?",
            (check_id,),
        )
        return key_of(self._db.keyring, row[0], row[1]) if row else None

    async def start(self, user_id: int, chat_id: int, flow_id: str, now: datetime) -> int:
        """A new check replaces the user's previous one, whose buttons then expire."""
        key = await self._keys.get_or_make(user_id)
        answers, ticked = _sealed(key, {}, ())
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM triage_sessions WHERE user_id = ?", (key.user_id,))
            (row,) = await conn.fetchall(
                "INSERT INTO triage_sessions (user_id, chat_id, flow_id, answers, ticked,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING session_id",
                (
                    key.user_id,
                    self._db.pseudonym(chat_id),
                    flow_id,
                    answers,
                    ticked,
                    to_timestamp(now),
                ),
            )
        return int(row[0])

    async def get(self, check_id: int) -> RunningCheck | None:
        row = await self._db.fetchone(f"{_SELECT} WHERE s.session_id = ?", (check_id,))
        return _running_check(row, self._db) if row else None

    async def running(self, user_id: int) -> RunningCheck | None:
        """The user's check in progress, if any (text typed during it must not drop it)."""
        row = await self._db.fetchone(
            f"{_SELECT} WHERE s.user_id = ? AND s.finished = 0", (self._db.pseudonym(user_id),)
        )
        return _running_check(row, self._db) if row else None

    async def save(
        self,
        check_id: int,
        answers: Mapping[str, tuple[str, ...]],
        ticked: tuple[str, ...],
        now: datetime,
        message_id: int | None = None,
    ) -> None:
        key = await self._key_of_check(check_id)
        if key is None:  # the check is gone (a /forget or a new check meanwhile)
            return
        await self._db.execute(
            "UPDATE triage_sessions SET answers = ?, ticked = ?, updated_at = ?,"
            " message_id = COALESCE(?, message_id) WHERE session_id = ?",
            (*_sealed(key, answers, ticked), to_timestamp(now), message_id, check_id),
        )

    async def finish(
        self,
        check_id: int,
        episode: tuple[int, str, Mapping[str, tuple[str, ...]], str] | None,
        now: datetime,
        content_version: str | None = None,
        answers: Mapping[str, tuple[str, ...]] | None = None,
    ) -> int | None:
        """End a check; with ``episode`` = (user_id, flow_id, answers, level), keep it, with
        the release of the content that decided it.

        One transaction, so a crash never leaves both or neither. The running check stays, marked
        finished with all its ``answers``, until :meth:`cancel` once the outcome is shown."""
        key = await self._key_of_check(check_id)
        if key is None and episode is not None:  # the check was replaced meanwhile
            key = await self._keys.get_or_make(episode[0])
        if key is None:
            return None
        # The key is bound to the user's pseudonym: the episode's row takes it too.
        async with self._db.transaction() as conn:
            episode_id = None
            if episode is not None:
                _, flow_id, kept, level = episode
                (row,) = await conn.fetchall(
                    "INSERT INTO episodes"
                    " (user_id, flow_id, answers, level, created_at, content_version)"
                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING episode_id",
                    (
                        key.user_id,
                        flow_id,
                        key.seal("episodes.answers", dump_answers(kept)),
                        level,
                        to_timestamp(now),
                        content_version,
                    ),
                )
                episode_id = int(row[0])
            await conn.execute(
                "UPDATE triage_sessions SET finished = 1, episode_id = ?, ticked = ?,"
                " answers = COALESCE(?, answers), updated_at = ? WHERE session_id = ?",
                (
                    episode_id,
                    key.seal("triage_sessions.ticked", "[]"),
                    None
                    if answers is None
                    else key.seal("triage_sessions.answers", dump_answers(answers)),
                    to_timestamp(now),
                    check_id,
                ),
            )
            return episode_id

    async def cancel(self, check_id: int) -> None:
        await self._db.execute("DELETE FROM triage_sessions WHERE session_id = ?", (check_id,))
