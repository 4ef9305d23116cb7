"""``bot.py migrate`` and ``bot.py copy-to-postgres``: the operator's database steps.

migrate: bring the configured database (DATABASE_URL, else DATABASE_PATH) to this version's
schema and stop, so a deploy can migrate once before starting its workers (each worker also
migrates at start-up, under a lock, finding nothing left to do).

copy-to-postgres: move an existing SQLite database into an empty PostgreSQL one, with the bot
stopped: every table of ours, the ids kept (and the id sequences moved past them). The tables
of counts that triggers keep (migration 6) are rebuilt by those triggers as the rows arrive.
The users' rows are re-keyed on the way (tgbot/storage/pseudonyms.py): their pseudonyms are
those of PostgreSQL's DATA_KEY, their keys wrapped by it, when SQLite kept its own key file.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tgbot.cli.exits import EXIT_USAGE
from tgbot.config import ConfigError, Settings, load_settings
from tgbot.storage import Database, PostgresDatabase, Store
from tgbot.storage.crypto import KeyRing
from tgbot.storage.migrations import DERIVED_TABLES
from tgbot.storage.pseudonyms import Rekeying, move_of, open_ids

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


async def copy_sqlite_to_postgres(source: Path, target_url: str, data_key: bytes) -> dict[str, int]:
    """Rows copied per table. The source is migrated first (as the bot would at start-up),
    the target migrated and checked empty; the copy is one transaction: all or nothing."""
    if not source.is_file():  # noqa: ASYNC240 - a CLI's one look at a file
        raise CopyError(f"no SQLite database at {source}")
    uri = f"{source.resolve().as_uri()}?mode=ro"  # noqa: ASYNC240
    sqlite = Database(source)
    # The bot without DATA_KEY kept a key file beside the database; with it, it used DATA_KEY.
    if not sqlite.key_path.is_file():
        sqlite = Database(source, keyring=KeyRing(data_key))
    await migrate(sqlite)
    target = PostgresDatabase(target_url, pool_size=2, keyring=KeyRing(data_key))
    await target.connect(migrate=True)
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            tables = _tables_in_order(conn)
            rekeying = _rekeying(conn, sqlite.keyring, target.keyring)
            return await _copy(conn, tables, target, rekeying)
    finally:
        await target.close()


async def _copy(
    conn: sqlite3.Connection,
    tables: list[str],
    target: PostgresDatabase,
    rekeying: Rekeying,
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
                if "user_id" in columns:
                    records = [
                        moved
                        for moved in (rekeying.record(table, columns, r) for r in records)
                        if moved is not None
                    ]
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


def _rekeying(conn: sqlite3.Connection, source: KeyRing, target: KeyRing) -> Rekeying:
    """Each user of the source, from its pseudonym and key-encryption key to the target's."""
    moves = {}
    for pseudonym, sealed, wrapped in conn.execute(
        "SELECT u.user_id, u.telegram_ids, k.wrapped FROM users u"
        " JOIN user_keys k ON k.user_id = u.user_id"
    ):
        old = source.unwrap(int(pseudonym), str(wrapped))
        moves[int(pseudonym)] = move_of(target, old, open_ids(old, str(sealed)))
    return Rekeying(target, moves, lambda _: None)


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


def add_commands(commands: Any) -> None:
    """Adds ``migrate``, ``copy-to-postgres`` and ``keys rotate`` to the CLI's subcommands."""
    migrate = commands.add_parser(
        "migrate",
        help="bring the database (DATABASE_URL, else DATABASE_PATH) to this version's schema",
    )
    migrate.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    migrate.set_defaults(func=_migrate)

    copy = commands.add_parser(
        "copy-to-postgres",
        help="copy a SQLite database (DATABASE_PATH, or SOURCE) into the empty PostgreSQL "
        "database at DATABASE_URL; stop the bot first",
    )
    copy.add_argument("source", nargs="?", help="the SQLite file (default: DATABASE_PATH)")
    copy.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    copy.set_defaults(func=_copy_to_postgres)

    keys = commands.add_parser("keys", help="the key-encryption key (DATA_KEY)")
    rotate = keys.add_subparsers(dest="keys_command", required=True).add_parser(
        "rotate",
        help="wrap every user's key by NEW_DATA_KEY (and re-key their rows); stop the bot first",
    )
    rotate.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    rotate.set_defaults(func=_rotate_keys)


def _settings_or_exit(args: argparse.Namespace) -> Settings | None:
    try:
        return load_settings(env_file=Path(args.env_file), require_token=False)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def _migrate(args: argparse.Namespace) -> int:
    import asyncio

    from tgbot.storage import SchemaTooNewError, StorageError, open_store

    settings = _settings_or_exit(args)
    if settings is None:
        return EXIT_USAGE
    store = open_store(settings.database_path, settings.database_url, settings.data_key)
    try:
        version = asyncio.run(migrate(store))
    except (SchemaTooNewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{store.location}: schema version {version}")
    return 0


def _copy_to_postgres(args: argparse.Namespace) -> int:
    import asyncio

    from tgbot.storage import SchemaTooNewError, StorageError
    from tgbot.storage.postgres import safe_location

    settings = _settings_or_exit(args)
    if settings is None:
        return EXIT_USAGE
    if not settings.database_url:
        print(
            "error: DATABASE_URL: set it to the PostgreSQL database to copy into", file=sys.stderr
        )
        return EXIT_USAGE
    source = Path(args.source) if args.source else settings.database_path
    try:
        assert settings.data_key is not None  # required with DATABASE_URL
        copied = asyncio.run(
            copy_sqlite_to_postgres(source, settings.database_url, settings.data_key)
        )
    except (CopyError, SchemaTooNewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for table, rows in copied.items():
        print(f"{table}: {rows} rows")
    print(f"copied {source} into {safe_location(settings.database_url)}")
    return 0


async def rotate_data_key(store: Store, new_key: bytes) -> int:
    """Every user re-keyed to ``new_key`` (tgbot/storage/pseudonyms.py); a SQLite key file
    beside the database then holds the new key (written after the commit, replaced in one
    step). Returns the number of users."""
    from tgbot.storage.pseudonyms import rotate_keys

    await store.connect(migrate=True)
    try:
        users = await rotate_keys(store, KeyRing(new_key))
    finally:
        await store.close()
    if isinstance(store, Database) and store.key_path.is_file():
        fresh = store.key_path.with_name(store.key_path.name + ".new")
        fresh.write_text(base64.urlsafe_b64encode(new_key).decode("ascii") + "\n")
        fresh.chmod(0o600)
        fresh.replace(store.key_path)
    return users


def _rotate_keys(args: argparse.Namespace) -> int:
    import asyncio
    import os

    from tgbot.storage import SchemaTooNewError, StorageError, open_store
    from tgbot.storage.crypto import parse_key

    settings = _settings_or_exit(args)
    if settings is None:
        return EXIT_USAGE
    try:
        new_key = parse_key(os.environ.get("NEW_DATA_KEY", ""))
    except ValueError as error:
        print(f"error: NEW_DATA_KEY: {error}", file=sys.stderr)
        return EXIT_USAGE
    store = open_store(settings.database_path, settings.database_url, settings.data_key)
    try:
        users = asyncio.run(rotate_data_key(store, new_key))
    except (SchemaTooNewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    after = "set DATA_KEY to NEW_DATA_KEY's value before starting the bot"
    if settings.data_key is None:
        after = "the key file beside the database holds the new key"
    print(f"{store.location}: {users} users' keys wrapped by the new key; {after}")
    return 0
