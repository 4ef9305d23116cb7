"""Triage state and episodes. Answers are stored as option ids only: the spec's contract."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from tgbot.clock import from_timestamp, to_timestamp
from tgbot.storage.database import Database

StoredAnswers = dict[str, tuple[str, ...]]


def dump_answers(answers: Mapping[str, tuple[str, ...]]) -> str:
    return json.dumps({qid: list(opts) for qid, opts in answers.items()}, separators=(",", ":"))


def load_answers(raw: str) -> StoredAnswers:
    data = json.loads(raw)
    return {str(qid): tuple(str(o) for o in opts) for qid, opts in data.items()}


@dataclass(frozen=True)
class TriageSession:
    session_id: int
    user_id: int
    chat_id: int
    message_id: int | None
    flow_id: str
    answers: StoredAnswers
    ticked: tuple[str, ...]
    """Options ticked so far on the current multi-select question."""


@dataclass(frozen=True)
class Episode:
    episode_id: int
    user_id: int
    flow_id: str
    answers: StoredAnswers
    level: str
    created_at: datetime
    closed_at: datetime | None


def _session(row: aiosqlite.Row) -> TriageSession:
    return TriageSession(
        session_id=row["session_id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        flow_id=row["flow_id"],
        answers=load_answers(row["answers"]),
        ticked=tuple(json.loads(row["ticked"])),
    )


def _episode(row: aiosqlite.Row) -> Episode:
    return Episode(
        episode_id=row["episode_id"],
        user_id=row["user_id"],
        flow_id=row["flow_id"],
        answers=load_answers(row["answers"]),
        level=row["level"],
        created_at=from_timestamp(row["created_at"]),
        closed_at=from_timestamp(row["closed_at"]) if row["closed_at"] is not None else None,
    )


class TriageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def start(self, user_id: int, chat_id: int, flow_id: str, now: datetime) -> int:
        """A new session replaces the user's previous one, whose buttons then expire."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM triage_sessions WHERE user_id = ?", (user_id,))
            cursor = await conn.execute(
                "INSERT INTO triage_sessions (user_id, chat_id, flow_id, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (user_id, chat_id, flow_id, to_timestamp(now)),
            )
            session_id = cursor.lastrowid
        assert session_id is not None
        return session_id

    async def get(self, session_id: int) -> TriageSession | None:
        row = await self._db.fetchone(
            "SELECT * FROM triage_sessions WHERE session_id = ?", (session_id,)
        )
        return _session(row) if row else None

    async def save(
        self,
        session_id: int,
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
                session_id,
            ),
        )

    async def finish(
        self,
        session_id: int,
        episode: tuple[int, str, Mapping[str, tuple[str, ...]], str] | None,
        now: datetime,
    ) -> int | None:
        """End a session; with ``episode`` = (user_id, flow_id, answers, level), keep it.

        One transaction, so a crash never leaves both or neither."""
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM triage_sessions WHERE session_id = ?", (session_id,))
            if episode is None:
                return None
            user_id, flow_id, answers, level = episode
            cursor = await conn.execute(
                "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, flow_id, dump_answers(answers), level, to_timestamp(now)),
            )
            return cursor.lastrowid

    async def cancel(self, session_id: int) -> None:
        await self._db.execute("DELETE FROM triage_sessions WHERE session_id = ?", (session_id,))

    async def episode(self, episode_id: int) -> Episode | None:
        row = await self._db.fetchone("SELECT * FROM episodes WHERE episode_id = ?", (episode_id,))
        return _episode(row) if row else None

    async def episodes_for(self, user_id: int) -> list[Episode]:
        rows = await self._db.fetchall(
            "SELECT * FROM episodes WHERE user_id = ? ORDER BY created_at, episode_id", (user_id,)
        )
        return [_episode(r) for r in rows]

    async def close_episode(self, episode_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE episodes SET closed_at = ? WHERE episode_id = ? AND closed_at IS NULL",
            (to_timestamp(now), episode_id),
        )
