"""No Telegram id on disk: every ``user_id`` and ``chat_id`` column holds a pseudonym (a keyed
hash, :meth:`KeyRing.pseudonym`, computed by :meth:`Store.pseudonym` and nowhere else), and
the real ids, which reminders and check-ins need to reach the chat, are kept once per user,
sealed under the user's own key (``users.telegram_ids``). /forget deletes that key: what the
database's files, PostgreSQL's WAL or a backup still hold of the user is a number that
nothing links to a Telegram account.

The repositories take and return real ids; they turn them into pseudonyms on the way in
and read them back from ``telegram_ids`` on the way out.

Migration 15 re-keys the rows written before it (:func:`pseudonymize_existing`), ``bot.py
keys rotate`` every row to a new DATA_KEY (:func:`rotate_keys`), and ``bot.py
copy-to-postgres`` the rows it copies from a database under another key: the same
:class:`Rekeying` of each record, from one id and key-encryption key to another. A table
with a ``user_id`` added later must join USER_TABLES to be rotated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tgbot.storage.crypto import SEALED, KeyRing, UserKey
from tgbot.storage.store import Store, Transaction

IDS_COLUMN = "telegram_ids"
IDS_FIELD = f"users.{IDS_COLUMN}"
MIGRATION_15_TABLES = (
    "users",
    "user_keys",
    "triage_sessions",
    "episodes",
    "reminders",
    "diary_entries",
    "vote_receipts",
)
"""The tables with a ``user_id`` at migration 15, each after those its foreign keys name;
fixed, as a migration never changes."""
USER_TABLES = MIGRATION_15_TABLES
"""The tables with a ``user_id`` now, in the same order: a table added later is born with
pseudonyms, but must be named here to be rotated (``bot.py keys rotate``)."""
_IN_CHUNK = 500

MIGRATION_15: tuple[str, ...] = ("ALTER TABLE users ADD COLUMN telegram_ids TEXT",)


def seal_ids(key: UserKey, user_id: int, chat_id: int) -> str:
    return key.seal(IDS_FIELD, json.dumps([user_id, chat_id]))


def open_ids(key: UserKey, sealed: str) -> tuple[int, int]:
    user_id, chat_id = json.loads(key.open(IDS_FIELD, sealed))
    return int(user_id), int(chat_id)


async def real_ids(db: Store, pseudonyms: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(Telegram user id, chat id) by pseudonym, for the users who are still there."""
    wanted = sorted(set(pseudonyms))
    found: dict[int, tuple[int, int]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        rows = await db.fetchall(
            "SELECT u.user_id, u.telegram_ids, k.wrapped FROM users u"
            " JOIN user_keys k ON k.user_id = u.user_id"
            f" WHERE u.telegram_ids IS NOT NULL AND u.user_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for row in rows:
            key = db.keyring.unwrap(int(row[0]), str(row[2]))
            found[int(row[0])] = open_ids(key, str(row[1]))
    return found


@dataclass(frozen=True)
class Move:
    """One user, from the id their rows have now to their pseudonym under the target key."""

    old: UserKey | None
    """Opens the values sealed under the old id; None when the user had no key."""
    new: UserKey
    wrapped: str
    """``new`` wrapped by the target key-encryption key."""
    ids: tuple[int, int]
    """The real (user id, chat id)."""


class Rekeying:
    """Turns each record of a user's table from the old ids and keys into the new ones.
    ``fallback`` names the new id of a row whose user has no ``users`` row (a vote
    receipt); None drops such a row."""

    def __init__(
        self, target: KeyRing, moves: dict[int, Move], fallback: Callable[[int], int | None]
    ) -> None:
        self.target = target
        self.moves = moves
        self._fallback = fallback

    def record(
        self, table: str, columns: Sequence[str], record: Sequence[Any]
    ) -> tuple[Any, ...] | None:
        values = dict(zip(columns, record, strict=True))
        move = self.moves.get(int(values["user_id"]))
        if move is None:
            new_id = self._fallback(int(values["user_id"]))
            if new_id is None or table != "vote_receipts":
                return None
            values["user_id"] = new_id
            return tuple(values[c] for c in columns)
        for column, value in values.items():
            field = f"{table}.{column}"
            if column == "user_id":
                values[column] = move.new.user_id
            elif column == "chat_id":
                values[column] = self.target.pseudonym(move.ids[1])
            elif field == IDS_FIELD:
                values[column] = seal_ids(move.new, *move.ids)
            elif table == "user_keys" and column == "wrapped":
                values[column] = move.wrapped
            elif isinstance(value, str) and value.startswith(SEALED) and move.old is not None:
                values[column] = move.new.seal(field, move.old.open(field, value))
        return tuple(values[c] for c in columns)


def move_of(target: KeyRing, old: UserKey | None, ids: tuple[int, int]) -> Move:
    new_id = target.pseudonym(ids[0])
    new = old.renamed(new_id) if old is not None else target.new_key(new_id)[0]
    return Move(old, new, target.wrap(new), ids)


Contents = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


async def _read_all(tx: Transaction, tables: Sequence[str]) -> Contents:
    """Every row of ``tables``, in order (a dict keeps it)."""
    contents: Contents = {}
    for table in tables:
        rows = await tx.fetchall(f"SELECT * FROM {table}")
        columns = list(rows[0].keys()) if rows else []
        contents[table] = (columns, [tuple(row) for row in rows])
    return contents


def _users(contents: Contents) -> list[dict[str, Any]]:
    columns, rows = contents["users"]
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _wrapped(contents: Contents) -> dict[int, str]:
    return {int(row[0]): str(row[1]) for row in contents["user_keys"][1]}


async def _write_all(tx: Transaction, contents: Contents, rekeying: Rekeying) -> None:
    """Every table emptied (children first) and filled again (parents first), each record
    re-keyed: no foreign key points at a missing user on the way."""
    for table in reversed(contents):
        await tx.execute(f"DELETE FROM {table}")
    for table in contents:
        columns, read = contents[table]
        records = [r for r in (rekeying.record(table, columns, row) for row in read) if r]
        if table == "user_keys":  # and a key for each user who had none
            made = rekeying.moves.values()
            records += [(m.new.user_id, m.wrapped) for m in made if m.old is None]
            columns = columns or ["user_id", "wrapped"]
        if records:
            await tx.executemany(
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                records,
            )


async def pseudonymize_existing(tx: Transaction, keyring_of: Callable[[], KeyRing]) -> int:
    """Migration 15: the rows written with Telegram ids get pseudonyms, their sealed values
    sealed again under the new id, each user's ids sealed in ``users.telegram_ids`` (a key
    made for a user who had none). Returns the number of users moved; ``keyring_of`` is
    asked for only when there are rows."""
    contents = await _read_all(tx, MIGRATION_15_TABLES)
    if not any(rows for _, rows in contents.values()):
        return 0
    keyring = keyring_of()
    wrapped = _wrapped(contents)
    moves = {}
    for values in _users(contents):
        user_id = int(values["user_id"])
        old = keyring.unwrap(user_id, wrapped[user_id]) if user_id in wrapped else None
        moves[user_id] = move_of(keyring, old, (user_id, int(values["chat_id"])))
    await _write_all(tx, contents, Rekeying(keyring, moves, keyring.pseudonym))
    return len(moves)


async def rotate_keys(db: Store, new: KeyRing) -> int:
    """``bot.py keys rotate``: every user's key wrapped by the ``new`` key-encryption key,
    and, since pseudonyms follow it, every row re-keyed to the new pseudonyms, in one
    transaction (the bot stopped). The users' own keys stay: nothing is decrypted for good.
    Returns the number of users."""
    async with db.transaction() as tx:
        contents = await _read_all(tx, USER_TABLES)
        wrapped = _wrapped(contents)
        moves = {}
        for values in _users(contents):
            pseudonym = int(values["user_id"])
            old = db.keyring.unwrap(pseudonym, wrapped[pseudonym])
            moves[pseudonym] = move_of(new, old, open_ids(old, str(values[IDS_COLUMN])))
        await _write_all(tx, contents, Rekeying(new, moves, lambda _: None))
    return len(moves)
