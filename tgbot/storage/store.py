"""What the repositories need of a database, whichever engine serves it: SQLite through
aiosqlite (:class:`tgbot.storage.database.Database`, the default) or PostgreSQL through asyncpg
(:class:`tgbot.storage.postgres.PostgresDatabase`).

Repositories write one SQL dialect: ``?`` placeholders, integers for times and flags, and
nothing either engine lacks (``RETURNING``, ``ON CONFLICT``, partial indexes, row values).
The PostgreSQL store translates placeholders in one place (tgbot/storage/dialect.py).
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from tgbot.storage.crypto import KeyRing


class Row(Protocol):
    """A result row: by column name or position, as sqlite3.Row and asyncpg.Record both are."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...

    def keys(self) -> Any: ...


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the bot than this one."""


class StorageError(RuntimeError):
    """The database cannot be used (corrupt, not a database, read-only, disk full, a folder,
    a server that refuses us): one line naming the problem, for the operator."""


class Transaction(Protocol):
    """Statements inside one transaction (see :meth:`Store.transaction`)."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement (a query, or a write with ``RETURNING``); its rows."""

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one write statement for each of ``rows`` (a bulk insert)."""


StatementTimer = Callable[[str, float], None]
"""Told of every statement: its kind (``read``, ``write``, ``transaction``) and seconds."""


class Store(ABC):
    """One database for the whole process; safe to share between coroutines."""

    engine: str
    """``sqlite`` or ``postgresql``."""
    write_errors: tuple[type[Exception], ...]
    """What a failed write raises on this engine: its driver's errors and a lost connection."""

    def __init__(self, keyring: KeyRing | None = None) -> None:
        self.timer: StatementTimer | None = None
        self._keyring = keyring

    @property
    def keyring(self) -> KeyRing:
        """The key-encryption key (DATA_KEY) that wraps every user's data key."""
        if self._keyring is None:
            raise StorageError(
                f"DATA_KEY is not set: it is needed to read and write the users' data in "
                f"{self.location}"
            )
        return self._keyring

    def pseudonym(self, telegram_id: int) -> int:
        """What the database stores for a Telegram user or chat id (tgbot/storage/
        pseudonyms.py): the one place ids are turned into pseudonyms."""
        return self.keyring.pseudonym(telegram_id)

    @property
    @abstractmethod
    def is_connected(self) -> bool: ...

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, for log lines and errors: a file, or host/database (never a
        password)."""

    @abstractmethod
    async def connect(self, migrate: bool = True) -> None:
        """Open and (unless told not to) migrate; an unusable database raises StorageError."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def migrate(self) -> None: ...

    @abstractmethod
    async def probe_write(self, now: int) -> None:
        """Write one row for real (a health check), so failing writes show as failing."""

    async def check_keyring(self) -> None:
        """At start-up: the key-encryption key opens the users' keys (a wrong DATA_KEY, or a
        key file made anew beside a database whose keys another key wrapped, would leave
        every user's data unreadable): StorageError with one line if not."""
        from tgbot.storage.crypto import SealError

        row = await self.fetchone("SELECT user_id, wrapped FROM user_keys LIMIT 1")
        if row is None:
            return
        try:
            self.keyring.unwrap(int(row[0]), str(row[1]))
        except SealError:
            raise StorageError(
                f"DATA_KEY (or the key file beside a SQLite database) does not open the users'"
                f" keys in {self.location}: set the key they were made with"
            ) from None

    @abstractmethod
    async def after_forget(self, tables: Sequence[str]) -> None:
        """Let go at once, where it is cheap, of the rows /forget deleted from ``tables``
        (SQLite's write-ahead log, PostgreSQL's dead tuples)."""

    @abstractmethod
    async def tables_with_column(self, column: str) -> list[str]:
        """Names of the tables (ours, not the engine's) that have ``column``, sorted."""

    @abstractmethod
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    @abstractmethod
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    async def read_only_fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A long read that must hold up no writer (the admins' /stats); read-only."""

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = (), *, urgent: bool = False) -> int:
        """One write statement, its own transaction; the number of changed rows. ``urgent``
        goes before ordinary writers waiting (recording a message already sent)."""

    @abstractmethod
    async def write_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """One write statement with ``RETURNING``: the change and its rows together."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """All or nothing: committed when the block ends, rolled back if it raises."""

    def chat_lock(self, chat_id: int) -> AbstractAsyncContextManager[None]:
        """Held while one update of ``chat_id`` is handled, so that several bot processes on
        one database handle a chat's updates one at a time. In one process the update
        processor orders them already: nothing to do but on a shared server."""
        return _no_lock()

    async def try_run_once(self, job: str, period_start: int) -> bool:
        """True for exactly one caller per ``job`` and ``period_start`` across all the
        processes on this database (the daily retention run); one process is all there is
        on SQLite, so true whenever the period is new to it."""
        return await self._claim_job_period(job, period_start)

    async def _claim_job_period(self, job: str, period_start: int) -> bool:
        changed = await self.execute(
            "INSERT INTO job_runs (job, period_start) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (job, period_start),
        )
        return changed == 1

    def _timed(self, kind: str, started: float) -> None:
        if self.timer is not None:
            self.timer(kind, time.perf_counter() - started)


@asynccontextmanager
async def _no_lock() -> AsyncIterator[None]:
    yield
