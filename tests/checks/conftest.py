"""The check use cases on a real database (SQLite, and PostgreSQL with --database=both),
without the bot or the Bot API stand-in: a user, the English flows, the pinned clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_DATA_KEY
from tgbot.checks import Checks, TypedDetails
from tgbot.core.clock import PinnedClock
from tgbot.core.knowledge import Knowledge
from tgbot.core.triage import engine
from tgbot.storage import RunningCheckRepository, Store, UserRepository, open_store

USER = 5001
CHAT = 5001
MESSAGE = 77


@dataclass
class Counts:
    """Database statements and walks through the flow, since the last :meth:`reset`."""

    statements: list[str] = field(default_factory=list)
    walks: int = 0

    def reset(self) -> None:
        self.statements.clear()
        self.walks = 0


@dataclass
class Harness:
    checks: Checks
    store: Store
    typed: TypedDetails
    counts: Counts


@pytest.fixture
async def harness(
    database_url: str | None,
    tmp_path: Path,
    knowledge: Knowledge,
    clock: PinnedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Harness]:
    store = open_store(
        tmp_path / "bot.sqlite3", database_url, TEST_DATA_KEY if database_url else None
    )
    await store.connect()
    counts = Counts()
    store.timer = lambda kind, _seconds: counts.statements.append(kind)
    walk = engine._walk

    def counted_walk(*args: Any) -> Any:
        counts.walks += 1
        return walk(*args)

    monkeypatch.setattr(engine, "_walk", counted_walk)
    users = UserRepository(store)
    await users.upsert(USER, CHAT, "en", clock.now())
    typed = TypedDetails()
    checks = Checks(
        RunningCheckRepository(store),
        users,
        typed,
        clock,
        knowledge.triage.flows,
        knowledge.release.version,
    )
    counts.reset()
    try:
        yield Harness(checks, store, typed, counts)
    finally:
        await store.close()
