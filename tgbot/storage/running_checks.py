"""Running checks (table ``triage_sessions``): one row per user, the answers so far and the
ticks on the current question, so a restart resumes at the same question."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from tgbot.core.clock import to_timestamp
from tgbot.storage.finished_checks import StoredAnswers, dump_answers, load_answers
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


def _running_check(row: Row) -> RunningCheck:
    return RunningCheck(
        check_id=row["session_id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        flow_id=row["flow_id"],
        answers=load_answers(row["answers"]),
        ticked=tuple(json.loads(row["ticked"])),
        finished=bool(row["finished"]),
        episode_id=row["episode_id"],
        keep_checks=None if row["keep_checks"] is None else bool(row["keep_checks"]),
    )


# The user's consent comes with the check: a tap reads the database once.
_SELECT = (
    "SELECT s.session_id, s.user_id, s.chat_id, s.message_id, s.flow_id, s.answers, s.ticked,"
    " s.finished, s.episode_id, u.keep_checks"
    " FROM triage_sessions s JOIN users u ON u.user_id = s.user_id"
)


class RunningCheckRepository:
    def __init__(self, db: Store) -> None:
        self._db = db

    async def start(self, user_id: int, chat_id: int, flow_id: str, now: datetime) -> int:
        """A new check replaces the user's previous one, whose buttons then expire."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM triage_sessions WHERE user_id = ?", (user_id,))
            (row,) = await conn.fetchall(
                "INSERT INTO triage_sessions (user_id, chat_id, flow_id, updated_at)"
                " VALUES (?, ?, ?, ?) RETURNING session_id",
                (user_id, chat_id, flow_id, to_timestamp(now)),
            )
        return int(row[0])

    async def get(self, check_id: int) -> RunningCheck | None:
        row = await self._db.fetchone(f"{_SELECT} WHERE s.session_id = ?", (check_id,))
        return _running_check(row) if row else None

    async def running(self, user_id: int) -> RunningCheck | None:
        """The user's check in progress, if any (text typed during it must not drop it)."""
        row = await self._db.fetchone(
            f"{_SELECT} WHERE s.user_id = ? AND s.finished = 0", (user_id,)
        )
        return _running_check(row) if row else None

    async def save(
        self,
        check_id: int,
        answers: Mapping[str, tuple[str, ...]],
        ticked: tuple[str, ...],
        now: datetime,
        message_id: int | None = None,
    ) -> None:
        await self._db.execute(
            "UPDATE triage_sessions SET answers = ?, ticked = ?, updated_at = ?,"
            " message_id = COALESCE(?, message_id) WHERE session_id = ?",
            (
                dump_answers(answers),
                json.dumps(list(ticked)),
                to_timestamp(now),
                message_id,
                check_id,
            ),
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
        async with self._db.transaction() as conn:
            episode_id = None
            if episode is not None:
                user_id, flow_id, kept, level = episode
                (row,) = await conn.fetchall(
                    "INSERT INTO episodes"
                    " (user_id, flow_id, answers, level, created_at, content_version)"
                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING episode_id",
                    (
                        user_id,
                        flow_id,
                        dump_answers(kept),
                        level,
                        to_timestamp(now),
                        content_version,
                    ),
                )
                episode_id = int(row[0])
            await conn.execute(
                "UPDATE triage_sessions SET finished = 1, episode_id = ?, ticked = '[]',"
                " answers = COALESCE(?, answers), updated_at = ? WHERE session_id = ?",
                (
                    episode_id,
                    dump_answers(answers) if answers is not None else None,
                    to_timestamp(now),
                    check_id,
                ),
            )
            return episode_id

    async def cancel(self, check_id: int) -> None:
        await self._db.execute("DELETE FROM triage_sessions WHERE session_id = ?", (check_id,))
