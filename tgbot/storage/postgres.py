"""PostgreSQL, for several bot processes on one database (docs/scaling.md): asyncpg and its
connection pool.

asyncpg speaks PostgreSQL's binary protocol natively on asyncio (no thread per statement, as
aiosqlite needs), prepares and caches each statement per connection, and has its own pool,
so a process needs nothing else. The repositories' SQL reaches it through
tgbot/storage/dialect.py (``?`` becomes ``$1``); the schema through
:func:`tgbot.storage.migrations.postgres_statements`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import zlib
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from tgbot.storage.crypto import KeyRing
from tgbot.storage.database import PROBE_WRITE
from tgbot.storage.dialect import placeholders
from tgbot.storage.migrations import DATA_STEPS, MIGRATIONS
from tgbot.storage.statements import postgres_statements
from tgbot.storage.store import Row, SchemaTooNewError, StorageError, Store, Transaction

log = logging.getLogger(__name__)

POOL_SIZE = 10
"""Connections per process, opened at start, beside LOCK_CONNECTIONS for the chat locks:
PostgreSQL's default max_connections (100) takes several processes of this size."""
CONNECT_TIMEOUT = 10.0
MIGRATION_LOCK = 0x7467_6D69  # "tgmi": one migrating process at a time
CHAT_LOCK_SPACE = 0x7467_6368  # "tgch": the chat locks' half of the advisory lock key space
LOCK_CONNECTIONS = 4
LOCK_POLL_FIRST = 0.005
LOCK_POLL_MAX = 0.1
CONNECTION_ERRORS = (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError)
FORGET_VACUUM_LIMIT = 5.0
"""Seconds the VACUUM after a /forget may take before it is left to autovacuum."""


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def safe_location(url: str) -> str:
    """host:port/database from a DATABASE_URL: never its password, for logs and errors."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{host}{port}{parts.path or '/'}"


def _rowcount(status: str) -> int:
    """asyncpg answers a write with its command tag: ``UPDATE 3``, ``INSERT 0 1``."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class _PostgresTransaction:
    def __init__(self, conn: asyncpg.pool.PoolConnectionProxy[asyncpg.Record]) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return _rowcount(await self._conn.execute(placeholders(sql), *params))

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self._conn.fetch(placeholders(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(placeholders(sql), rows)


class PostgresDatabase(Store):
    """A pool of connections to one PostgreSQL database, shared by the whole process."""

    engine = "postgresql"
    write_errors = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)

    def __init__(
        self, url: str, *, pool_size: int = POOL_SIZE, keyring: KeyRing | None = None
    ) -> None:
        super().__init__(keyring)
        self.url = url
        self._pool_size = pool_size
        self._pool: asyncpg.Pool[asyncpg.Record] | None = None
        # Chats are spread over a few lock connections (a chat always on the same one, where
        # its lock is held), so that updates of different chats do not queue for one.
        self._lock_conns: list[asyncpg.Connection[asyncpg.Record] | None] = [
            None
        ] * LOCK_CONNECTIONS
        self._lock_guards = [asyncio.Lock() for _ in range(LOCK_CONNECTIONS)]

    @property
    def pool(self) -> asyncpg.Pool[asyncpg.Record]:
        if self._pool is None:
            raise RuntimeError("Database is not connected")
        return self._pool

    @property
    def is_connected(self) -> bool:
        return self._pool is not None

    @property
    def location(self) -> str:
        return safe_location(self.url)

    async def connect(self, migrate: bool = True) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url,
                min_size=self._pool_size,  # warm: a burst of updates waits for no connect
                max_size=self._pool_size,
                timeout=CONNECT_TIMEOUT,
                # No statement outlives a minute: a stuck one frees its connection.
                server_settings={"statement_timeout": "60000"},
            )
            if migrate:
                await self.migrate()
                await self.check_keyring()
                await self.probe_write(0)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            await self.close()
            raise StorageError(
                f"cannot use database {self.location}: {type(error).__name__}: {error}"
            ) from None
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        for number, conn in enumerate(self._lock_conns):
            self._lock_conns[number] = None
            if conn is not None:
                with contextlib.suppress(*CONNECTION_ERRORS):
                    await conn.close()
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def schema_version(self) -> int:
        async with self.pool.acquire() as conn:
            return await self._version(conn)

    @staticmethod
    async def _version(conn: Any) -> int:
        exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
        if not exists:
            return 0
        version = await conn.fetchval("SELECT version FROM schema_version")
        return int(version or 0)

    async def migrate(self) -> None:
        """Every step not yet applied, each in a transaction, under an advisory lock: workers
        starting together migrate once, the others wait and find nothing left to do."""
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
            try:
                await self._migrate(conn)
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

    async def _migrate(self, conn: Any) -> None:
        current = await self._version(conn)
        if current > len(MIGRATIONS):
            raise SchemaTooNewError(
                f"database {self.location} has schema version {current}, but this version of "
                f"the bot knows only up to {len(MIGRATIONS)}; upgrade the bot or restore a backup"
            )
        if current == 0:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)"
            )
            await conn.execute(
                "INSERT INTO schema_version SELECT 0"
                " WHERE NOT EXISTS (SELECT 1 FROM schema_version)"
            )
        for version, step in enumerate(MIGRATIONS[current:], start=current + 1):
            async with conn.transaction():
                for statement in postgres_statements(step):
                    await conn.execute(statement)
                if version in DATA_STEPS:
                    await DATA_STEPS[version](_PostgresTransaction(conn), lambda: self.keyring)
                await conn.execute("UPDATE schema_version SET version = $1", version)
            log.info("event=migration_applied version=%d", version)

    async def probe_write(self, now: int) -> None:
        await self.execute(PROBE_WRITE, (now,))

    async def after_forget(self, tables: Sequence[str]) -> None:
        """VACUUM what /forget touched, so its dead tuples leave the table files now, not at
        autovacuum's next turn. Only where it is cheap: VACUUM reads just the pages not
        marked all-visible and skips the indexes when few rows died; SKIP_LOCKED passes over
        a table another VACUUM holds, and past FORGET_VACUUM_LIMIT it gives up (autovacuum
        will do it). What it cannot reach (WAL, backups, a page's free space) is sealed."""
        names = ", ".join(f'"{table}"' for table in tables)
        started = time.perf_counter()
        async with self.pool.acquire() as conn:
            try:
                # Outside a transaction, as VACUUM must be. The pool's RESET ALL on release
                # puts the usual statement limit back.
                await conn.execute(f"SET statement_timeout = {int(FORGET_VACUUM_LIMIT * 1000)}")
                await conn.execute(f"VACUUM (SKIP_LOCKED) {names}")
            except asyncpg.PostgresError as error:
                log.warning("event=forget_vacuum_skipped error=%s", type(error).__name__)
        log.info("event=forget_vacuumed tables=%d ms=%.0f", len(tables),
                 (time.perf_counter() - started) * 1000)  # fmt: skip

    async def tables_with_column(self, column: str) -> list[str]:
        rows = await self.fetchall(
            "SELECT table_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND column_name = ? ORDER BY table_name",
            (column,),
        )
        return [str(row[0]) for row in rows]

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        started = time.perf_counter()
        row = await self.pool.fetchrow(placeholders(sql), *params)
        self._timed("read", started)
        return row

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        started = time.perf_counter()
        rows = await self.pool.fetch(placeholders(sql), *params)
        self._timed("read", started)
        return list(rows)

    async def read_only_fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """On a connection of the pool, in a read-only transaction: PostgreSQL reads a
        snapshot and holds up no writer."""
        started = time.perf_counter()
        async with self.pool.acquire() as conn, conn.transaction(readonly=True):
            rows = await conn.fetch(placeholders(sql), *params)
        self._timed("read", started)
        return list(rows)

    async def execute(self, sql: str, params: Sequence[Any] = (), *, urgent: bool = False) -> int:
        """``urgent`` needs nothing here: PostgreSQL has no single write lock to queue for."""
        started = time.perf_counter()
        status = await self.pool.execute(placeholders(sql), *params)
        self._timed("write", started)
        return _rowcount(status)

    async def write_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        started = time.perf_counter()
        rows = await self.pool.fetch(placeholders(sql), *params)
        self._timed("write", started)
        return list(rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        started = time.perf_counter()
        try:
            async with self.pool.acquire() as conn, conn.transaction():
                yield _PostgresTransaction(conn)
        finally:
            self._timed("transaction", started)

    @asynccontextmanager
    async def chat_lock(self, chat_id: int) -> AsyncIterator[None]:
        """A session-level advisory lock on the chat, held on this process's one lock
        connection while an update of the chat is handled: the same chat's update on another
        worker waits for it (polling: a chat busy on two workers at once is rare, and a
        blocking wait would hold the connection every other chat's lock needs). If this
        process dies its connection closes and the server frees its locks."""
        key = zlib.crc32(chat_id.to_bytes(8, "big", signed=True)) - 2**31
        wait = LOCK_POLL_FIRST
        while not await self._on_lock_connection("pg_try_advisory_lock", key):
            await asyncio.sleep(wait)
            wait = min(wait * 2, LOCK_POLL_MAX)
        try:
            yield
        finally:
            with contextlib.suppress(*CONNECTION_ERRORS):
                await self._on_lock_connection("pg_advisory_unlock", key)

    async def _on_lock_connection(self, function: str, key: int) -> bool:
        number = key % LOCK_CONNECTIONS
        async with self._lock_guards[number]:
            conn = self._lock_conns[number]
            if conn is None or conn.is_closed():
                conn = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)
                self._lock_conns[number] = conn
            try:
                return bool(await conn.fetchval(f"SELECT {function}($1, $2)", CHAT_LOCK_SPACE, key))
            except CONNECTION_ERRORS:
                # Its locks died with it: start afresh on the next call.
                self._lock_conns[number] = None
                conn.terminate()
                raise
