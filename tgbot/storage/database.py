"""SQLite, the default store: the aiosqlite connection for the bot's reads and writes, its
transactions, and a second, read-only connection for long reads (the admins' /stats)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from tgbot.storage.crypto import KeyRing, load_or_create_key_file
from tgbot.storage.migrations import DATA_STEPS, MIGRATIONS
from tgbot.storage.statements import sqlite_statements
from tgbot.storage.store import Row, SchemaTooNewError, StorageError, Store, Transaction

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


__all__ = ["Database", "SchemaTooNewError", "StorageError"]


class WriteLock:
    """A FIFO lock with a fast lane: an ``urgent`` writer (recording a message already sent)
    goes before every ordinary one waiting (thousands of claims after a restart), so a kill
    finds at most the send in flight unrecorded."""

    def __init__(self) -> None:
        self._locked = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def hold(self, *, urgent: bool = False) -> AsyncIterator[None]:
        await self._acquire(urgent)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, urgent: bool) -> None:
        if not self._locked and not self._urgent and not self._normal:
            self._locked = True
            return
        waiter = asyncio.get_running_loop().create_future()
        queue = self._urgent if urgent else self._normal
        queue.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter in queue:
                queue.remove(waiter)
            elif waiter.done() and not waiter.cancelled():
                self._release()  # handed the lock just as it was cancelled: pass it on
            raise

    def _release(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # hand over: the lock stays taken
                    return
        self._locked = False


# Portable (no max() of two values, which PostgreSQL spells GREATEST). The value always
# changes: SQLite writes nothing for an update to the same value.
PROBE_WRITE = (
    "INSERT INTO health_probe (probe_id, written_at) VALUES (1, ?)"
    " ON CONFLICT (probe_id) DO UPDATE SET written_at = CASE"
    " WHEN excluded.written_at > health_probe.written_at THEN excluded.written_at"
    " ELSE health_probe.written_at + 1 END"
)


def storage_problem(path: Path, error: BaseException) -> str:
    """What is wrong with the database file, in words an operator can act on."""
    text = str(error).lower()
    if isinstance(error, IsADirectoryError) or path.is_dir():
        return f"database path {path} is a folder, not a file"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"database {path} is corrupt or not a SQLite database ({error})"
    if "readonly" in text or "read-only" in text or isinstance(error, PermissionError):
        return f"database {path} (or its folder) is read-only ({error})"
    if "full" in text or getattr(error, "errno", None) == 28:
        return f"disk full: cannot write database {path} ({error})"
    if "unable to open" in text:
        return f"cannot open database {path}: its folder is missing or not writable ({error})"
    return f"cannot use database {path}: {type(error).__name__}: {error}"


class _SqliteTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        return max(cursor.rowcount, 0)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, rows)


class Database(Store):
    """SQLite: one connection for the whole process.

    aiosqlite runs every statement on one worker thread, so the connection is safe to share
    between coroutines; what is not safe is two coroutines interleaving statements inside one
    transaction, hence the lock around :meth:`transaction`.
    """

    engine = "sqlite"
    # aiosqlite passes sqlite3's exceptions through.
    write_errors = (sqlite3.Error, OSError)

    def __init__(self, path: Path | str, keyring: KeyRing | None = None) -> None:
        super().__init__(keyring)
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = WriteLock()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database is not connected")
        return self._conn

    @property
    def is_connected(self) -> bool:
        return self._conn is not None

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def key_path(self) -> Path:
        """Where the key-encryption key is kept when DATA_KEY is not set: beside the file."""
        return self.path.with_name(f"{self.path.name}.key")

    async def connect(self, migrate: bool = True) -> None:
        """Open, check (``quick_check``) and migrate; a file that cannot be used raises
        :class:`StorageError` with one line saying why."""
        try:
            await self._connect(migrate)
        except self.write_errors as error:
            await self.close()
            raise StorageError(storage_problem(self.path, error)) from None
        except BaseException:
            await self.close()
            raise

    async def _connect(self, migrate: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(self.path))
        # The key file is made by a start that writes, never by a read-only look (a report).
        if self._keyring is None and (migrate or self.key_path.is_file()):
            try:
                self._keyring = KeyRing(load_or_create_key_file(self.key_path))
            except ValueError as error:
                raise StorageError(str(error)) from None
        # isolation_level=None: autocommit, so BEGIN/COMMIT below are the only transactions.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages (/forget).
        await conn.execute("PRAGMA secure_delete = ON")
        problem = await self.quick_check()
        if problem is not None:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problem}")
        if migrate:
            await self.migrate()
            await self.check_keyring()
            # A write at start-up: a read-only file, folder or mount, or a full disk, shows
            # now, not at the first user's tap.
            await self.probe_write(0)

    async def quick_check(self) -> str | None:
        """None when ``PRAGMA quick_check`` finds the file sound, else its first finding."""
        rows: list[Row] = list(await self.conn.execute_fetchall("PRAGMA quick_check"))
        first = str(rows[0][0]) if rows else "no answer"
        return None if first == "ok" else first

    async def probe_write(self, now: int) -> None:
        """Write one row for real (a health check), so failing writes show as failing. The
        value always changes: SQLite writes nothing for an update to the same value."""
        async with self._write_lock.hold():
            await self.conn.execute(PROBE_WRITE, (now,))

    async def after_forget(self, tables: Sequence[str]) -> None:
        """Copy the write-ahead log into the file and empty it (TRUNCATE): after /forget the
        deleted rows must not linger in ``-wal``. secure_delete has zeroed them in the file."""
        async with self._write_lock.hold():
            await self.conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")

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

    async def read_only_fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A long read on the read-only connection (opened on first use)."""
        if self._conn is None:
            raise RuntimeError("Database is not connected")
        if self._reader is None:
            self._reader = await self._open_reader()
        started = time.perf_counter()
        rows: list[Row] = list(await self._reader.execute_fetchall(sql, params))
        self._timed("read", started)
        return rows

    async def tables_with_column(self, column: str) -> list[str]:
        tables = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
        found = []
        for (name,) in tables:
            columns = await self.fetchall(f'PRAGMA table_info("{name}")')
            if any(row["name"] == column for row in columns):
                found.append(str(name))
        return found

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
                for statement in sqlite_statements(statements):
                    await conn.execute(statement)
                if version in DATA_STEPS:
                    await DATA_STEPS[version](conn, lambda: self.keyring)
                # PRAGMA takes no parameters; version is our own integer.
                await conn.execute(f"PRAGMA user_version = {version}")
            log.info("event=migration_applied version=%d", version)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """``BEGIN IMMEDIATE`` takes the write lock up front, so a transaction never fails
        half-way with SQLITE_BUSY when another process (a backup, the CLI) writes too."""
        async with self._write_lock.hold():
            conn = self.conn
            started = time.perf_counter()
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTransaction(conn)
            except BaseException:
                await conn.rollback()
                raise
            else:
                await conn.commit()
            finally:
                self._timed("transaction", started)

    # Each await on aiosqlite is a round trip to its thread (~0.1 ms of handing over, twice);
    # a handler's reads and single writes take one each (benchmarks/throughput.py).

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row; for queries of one row (a key, a count), as it fetches them all."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        started = time.perf_counter()
        rows: list[Row] = list(await self.conn.execute_fetchall(sql, params))
        self._timed("read", started)
        return rows

    async def execute(self, sql: str, params: Sequence[Any] = (), *, urgent: bool = False) -> int:
        """Run one write statement; returns the number of changed rows.

        One statement outside a transaction is its own transaction (autocommit), and SQLite
        takes the write lock for it as ``BEGIN IMMEDIATE`` would, waiting out another writer
        by ``busy_timeout``; so no BEGIN and COMMIT round trips. The lock keeps it out of
        another coroutine's open transaction; ``urgent`` goes before writers waiting."""
        async with self._write_lock.hold(urgent=urgent):
            started = time.perf_counter()
            cursor = await self.conn.execute(sql, params)
            self._timed("write", started)
            return cursor.rowcount

    async def write_returning(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """One write statement with ``RETURNING``: the change and its rows in one round trip,
        so the write lock is held for one statement, not a transaction."""
        async with self._write_lock.hold():
            started = time.perf_counter()
            rows: list[Row] = list(await self.conn.execute_fetchall(sql, params))
            self._timed("write", started)
            return rows
