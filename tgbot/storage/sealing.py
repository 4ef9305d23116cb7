"""Which columns hold a user's personal data sealed under their own key (tgbot/storage/
crypto.py), the users' keys (table ``user_keys``), and the step of migration 13 that seals
the rows written before it.

Sealed: the time zone, the questions for the doctor's page, a check's answers and ticks
(running and finished), a diary entry's how much, where and what came before. Not sealed,
because the database itself must read them: ids, times and days, the topic (a diary entry's
key; the counts of /stats) and a finished check's level (the counts of /stats), and a
reminder's schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tgbot.storage.crypto import SEALED, KeyRing, UserKey
from tgbot.storage.pseudonyms import pseudonymize_existing
from tgbot.storage.statements import PostgresOnly, SqliteOnly, Statement
from tgbot.storage.store import Row, Store, Transaction

Sealed = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
SEALED_AT_13: Sealed = {
    # table: (the columns that name a row, the sealed columns)
    "users": (("user_id",), ("timezone",)),
    "triage_sessions": (("session_id",), ("answers", "ticked")),
    "episodes": (("episode_id",), ("answers",)),
    "diary_entries": (("user_id", "flow_id", "day"), ("amount", "location", "triggers")),
}
"""The columns migration 13 sealed: frozen, since a later column does not exist yet when it
runs on an old database."""
SEALED_COLUMNS: Sealed = {
    **SEALED_AT_13,
    # 14: the questions the user wants to ask their doctor (one per line).
    "users": (("user_id",), ("timezone", "questions")),
}
KEY_TABLE = "user_keys"

# 13: crypto-shredding. Each user's data key, wrapped by DATA_KEY; the rows before it are
# sealed by seal_existing, in the same transaction. A diary entry's amount, sealed, can no
# longer be checked against its three values: SQLite rebuilds the table without the check
# (nothing points at it, and it has no triggers), PostgreSQL drops it.
MIGRATION_13: tuple[Statement, ...] = (
    """
    CREATE TABLE user_keys (
        user_id INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
        wrapped TEXT NOT NULL
    ) STRICT
    """,
    SqliteOnly(
        """
        CREATE TABLE diary_rebuilt (
            user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            day        TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            flow_id    TEXT NOT NULL,
            amount     TEXT NOT NULL,
            location   TEXT,
            triggers   TEXT NOT NULL DEFAULT '[]',
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, flow_id, day)
        ) STRICT
        """,
        "INSERT INTO diary_rebuilt (user_id, day, flow_id, amount, location, triggers,"
        " updated_at) SELECT user_id, day, flow_id, amount, location, triggers, updated_at"
        " FROM diary_entries",
        "DROP TABLE diary_entries",
        "ALTER TABLE diary_rebuilt RENAME TO diary_entries",
        "CREATE INDEX diary_by_age ON diary_entries (updated_at)",
    ),
    PostgresOnly("ALTER TABLE diary_entries DROP CONSTRAINT diary_entries_amount_check"),
)


def key_of(keyring: KeyRing, user_id: int, wrapped: str | None) -> UserKey | None:
    """The user's key from its stored (wrapped) form; None when they have none."""
    return None if wrapped is None else keyring.unwrap(user_id, wrapped)


def opened(key: UserKey | None, table: str, column: str, value: str | None) -> str | None:
    """A sealed column's value, readable; None stays None."""
    if value is None:
        return None
    if key is None:
        raise LookupError(f"{table}.{column} is sealed but its user has no key")
    return key.open(f"{table}.{column}", value)


def opened_row(keyring: KeyRing, table: str, row: Row, wrapped: str | None) -> dict[str, Any]:
    """A row as a dict with its sealed columns opened (what /mydata shows and exports):
    those of SEALED_COLUMNS, and any other value sealed under the user's key."""
    data = dict(row)
    key = key_of(keyring, int(data["user_id"]), wrapped)
    for column, value in data.items():
        if isinstance(value, str) and value.startswith(SEALED):
            data[column] = opened(key, table, column, value)
    return data


class UserKeys:
    """Each user's data key, made on their first sealed write and deleted by /forget.

    Read from the database every time, never cached: a /forget on another worker must stop
    this one from sealing anything more under the deleted key."""

    def __init__(self, db: Store) -> None:
        self._db = db

    async def find(self, user_id: int) -> UserKey | None:
        """The key of the user with this Telegram id."""
        pseudonym = self._db.pseudonym(user_id)
        row = await self._db.fetchone(
            f"SELECT wrapped FROM {KEY_TABLE} WHERE user_id = ?", (pseudonym,)
        )
        return key_of(self._db.keyring, pseudonym, row[0] if row else None)

    async def get_or_make(self, user_id: int) -> UserKey:
        found = await self.find(user_id)
        if found is not None:
            return found
        key, wrapped = self._db.keyring.new_key(self._db.pseudonym(user_id))
        made = await self._db.execute(
            f"INSERT INTO {KEY_TABLE} (user_id, wrapped) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO NOTHING",
            (key.user_id, wrapped),
        )
        if made:
            return key
        found = await self.find(user_id)  # another worker made it first
        if found is None:
            raise LookupError(f"no data key for user {user_id}")
        return found


async def seal_existing(
    tx: Transaction, keyring: Callable[[], KeyRing], tables: Sealed = SEALED_AT_13
) -> int:
    """Migration 13: seal the values written in plain before it, making each user's key on
    the way; the number of rows sealed. ``keyring`` is asked for only when a row needs it,
    so a new database migrates without DATA_KEY."""
    keys: dict[int, UserKey] = {}
    sealed = 0
    for table, (names, columns) in tables.items():
        rows = await tx.fetchall(
            f"SELECT user_id, {', '.join(names)}, {', '.join(columns)} FROM {table}"
            f" WHERE {' OR '.join(f'{c} IS NOT NULL' for c in columns)}"
        )
        changes = []
        for row in rows:
            user_id = int(row["user_id"])
            if user_id not in keys:
                keys[user_id], wrapped = keyring().new_key(user_id)
                await tx.execute(
                    f"INSERT INTO {KEY_TABLE} (user_id, wrapped) VALUES (?, ?)", (user_id, wrapped)
                )
            key = keys[user_id]
            values = [
                None if row[c] is None else key.seal(f"{table}.{c}", str(row[c])) for c in columns
            ]
            changes.append((*values, *(row[n] for n in names)))
        if changes:
            await tx.executemany(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)}"
                f" WHERE {' AND '.join(f'{n} = ?' for n in names)}",
                changes,
            )
        sealed += len(changes)
    return sealed


async def seal_plain_rows(db: Store) -> int:
    """Seal rows written in plain past the repositories (the benchmarks' bulk seeds, made
    with COPY or executemany) and give them pseudonyms, as migrations 13 and 15 do; the
    number of rows sealed. Every row of the database must be such a row."""
    async with db.transaction() as tx:
        sealed = await seal_existing(tx, lambda: db.keyring, SEALED_COLUMNS)
        await pseudonymize_existing(tx, lambda: db.keyring)
        return sealed
