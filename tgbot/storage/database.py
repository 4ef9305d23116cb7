"""The aiosqlite connection for the bot's reads and writes, its transactions, and a second,
read-only connection for long reads (the admins' /stats)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from tgbot.storage.migrations import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the bot than this one."""


class Database:
    """One connection for the whole process.

    aiosqlite runs every statement on one worker thread, so the connection is safe to share
    between coroutines; what is not safe is two coroutines interleaving statements inside one
    transaction, hence the lock around :meth:`transaction`.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database is not connected")
        return self._conn

    @property
    def is_connected(self) -> bool:
        return self._conn is not None

    async def connect(self, migrate: bool = True) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: autocommit, so BEGIN/COMMIT below are the only transactions.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        if migrate:
            try:
                await self.migrate()
            except BaseException:
                await self.close()
                raise

    async def _open_reader(self) -> aiosqlite.Connection:
        """Read-only, on a thread of its own: in WAL mode it reads a snapshot while the main
        connection goes on writing, so a query over a million rows holds up no user (a /stats
        on the main connection held it 1.2 s at a million users, benchmarks/growth.py)."""
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        reader = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        reader.row_factory = aiosqlite.Row
        try:
            await reader.execute("PRAGMA query_only = ON")
            await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except BaseException:
            await reader.close()
            raise
        return reader

    async def read_only_fetchall(
        self, sql: str, params: Sequence[Any] = ()
    ) -> Iterable[aiosqlite.Row]:
        """A long read on the read-only connection (opened on first use)."""
        if self._conn is None:
            raise RuntimeError("Database is not connected")
        if self._reader is None:
            self._reader = await self._open_reader()
        return await self._reader.execute_fetchall(sql, params)

    async def close(self) -> None:
        if self._reader is not None:
            reader, self._reader = self._reader, None
            await reader.close()
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()

    async def schema_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        current = await self.schema_version()
        if current > len(MIGRATIONS):
            raise SchemaTooNewError(
                f"database {self.path} has schema version {current}, but this version of the bot "
                f"knows only up to {len(MIGRATIONS)}; upgrade the bot or restore a backup"
            )
        for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
            async with self.transaction() as conn:
                for statement in statements:
                    await conn.execute(statement)
                # PRAGMA takes no parameters; version is our own integer.
                await conn.execute(f"PRAGMA user_version = {version}")
            log.info("event=migration_applied version=%d", version)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` takes the write lock up front, so a transaction never fails
        half-way with SQLITE_BUSY when another process (a backup, the CLI) writes too."""
        async with self._write_lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.rollback()
                raise
            else:
                await conn.commit()

    # Each await on aiosqlite is a round trip to its thread (~0.1 ms of handing over, twice);
    # a handler's reads and single writes take one each (benchmarks/throughput.py).

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        """The first row; for queries of one row (a key, a count), as it fetches them all."""
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> Iterable[aiosqlite.Row]:
        return await self.conn.execute_fetchall(sql, params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write statement; returns the number of changed rows.

        One statement outside a transaction is its own transaction (autocommit), and SQLite
        takes the write lock for it as ``BEGIN IMMEDIATE`` would, waiting out another writer
        by ``busy_timeout``; so no BEGIN and COMMIT round trips. The lock keeps it out of
        another coroutine's open transaction."""
        async with self._write_lock:
            cursor = await self.conn.execute(sql, params)
            return cursor.rowcount
