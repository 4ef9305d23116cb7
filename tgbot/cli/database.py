"""``bot.py migrate`` and ``bot.py copy-to-postgres``: the operator's database steps.

migrate: bring the configured database (DATABASE_URL, else DATABASE_PATH) to this version's
schema and stop, so a deploy can migrate once before starting its workers (each worker also
migrates at start-up, under a lock, finding nothing left to do).

copy-to-postgres: move an existing SQLite database into an empty PostgreSQL one, with the bot
stopped: every table of ours, the ids kept (and the id sequences moved past them). The tables
of counts that triggers keep (migration 6) are rebuilt by those triggers as the rows arrive.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from tgbot.storage import Database, PostgresDatabase, Store
from tgbot.storage.migrations import DERIVED_TABLES

CHUNK = 5000


class CopyError(RuntimeError):
    """The copy cannot go ahead (the target holds data already); one line saying why."""


async def migrate(store: Store) -> int:
    """Migrate and close; the schema version reached."""
    await store.connect(migrate=True)
    try:
        return await store.schema_version()
    finally:
        await store.close()


async def copy_sqlite_to_postgres(source: Path, target_url: str) -> dict[str, int]:
    """Rows copied per table. The source is migrated first (as the bot would at start-up),
    the target migrated and checked empty; the copy is one transaction: all or nothing."""
    if not source.is_file():  # noqa: ASYNC240 - a CLI's one look at a file
        raise CopyError(f"no SQLite database at {source}")
    uri = f"{source.resolve().as_uri()}?mode=ro"  # noqa: ASYNC240
    await migrate(Database(source))
    target = PostgresDatabase(target_url, pool_size=2)
    await target.connect(migrate=True)
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            tables = _tables_in_order(conn)
            return await _copy(conn, tables, target)
    finally:
        await target.close()


async def _copy(
    conn: sqlite3.Connection, tables: list[str], target: PostgresDatabase
) -> dict[str, int]:
    for table in tables:
        row = await target.fetchone(f'SELECT 1 FROM "{table}" LIMIT 1')
        if row is not None:
            raise CopyError(
                f"{target.location} already holds data (table {table}); copy into an empty database"
            )
    copied: dict[str, int] = {}
    async with target.pool.acquire() as pg, pg.transaction():
        for table in tables:
            columns = [str(info[1]) for info in conn.execute(f'PRAGMA table_info("{table}")')]
            count = 0
            for records in _chunks(conn, table, columns):
                await pg.copy_records_to_table(table, records=records, columns=columns)
                count += len(records)
            copied[table] = count
            for column in columns:
                sequence = await pg.fetchval("SELECT pg_get_serial_sequence($1, $2)", table, column)
                if sequence is not None:
                    # Past the copied ids: the next new row gets a fresh one.
                    await pg.execute(
                        f'SELECT setval($1, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0)'
                        " + 1, false)",
                        sequence,
                    )
    return copied


def _chunks(
    conn: sqlite3.Connection, table: str, columns: list[str]
) -> Iterator[list[tuple[object, ...]]]:
    names = ", ".join(f'"{column}"' for column in columns)
    cursor = conn.execute(f'SELECT {names} FROM "{table}"')
    while rows := cursor.fetchmany(CHUNK):
        yield [tuple(row) for row in rows]


def _tables_in_order(conn: sqlite3.Connection) -> list[str]:
    """Our tables, each after the tables its foreign keys point at; not the derived ones."""
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
        if str(row[0]) not in DERIVED_TABLES
    ]
    parents = {
        name: {str(fk[2]) for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= {*ordered, n}]
        if not ready:
            raise CopyError("the SQLite tables' foreign keys form a cycle")
        ordered.extend(ready)
    return ordered
