"""Storage: SQLite (one aiosqlite connection, the default) or PostgreSQL (an asyncpg pool, for
several bot processes), the migrations of both, a repository per table family."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tgbot.storage.crypto import KeyRing
from tgbot.storage.database import Database
from tgbot.storage.diary import DiaryRepository
from tgbot.storage.feedback import FeedbackRepository
from tgbot.storage.finished_checks import FinishedCheck, FinishedCheckRepository
from tgbot.storage.privacy import RETENTION_DAYS, PrivacyRepository
from tgbot.storage.reminder_rows import Checkin, Reminder, ReminderKind, ReminderStatus
from tgbot.storage.reminders import ReminderRepository
from tgbot.storage.running_checks import RunningCheck, RunningCheckRepository
from tgbot.storage.store import SchemaTooNewError, StorageError, Store
from tgbot.storage.users import UserRecord, UserRepository

if TYPE_CHECKING:
    from tgbot.storage.postgres import PostgresDatabase, is_postgres_url


def open_store(
    database_path: Path,
    database_url: str | None = None,
    data_key: bytes | None = None,
    pool_size: int | None = None,
) -> Store:
    """PostgreSQL when ``database_url`` (DATABASE_URL) names one, with ``pool_size``
    connections (DATABASE_POOL_SIZE; None: its default), else the SQLite file; ``data_key``
    (DATA_KEY) wraps the users' keys (SQLite: a key file when None)."""
    keyring = None if data_key is None else KeyRing(data_key)
    if database_url:
        from tgbot.storage.postgres import PostgresDatabase

        if pool_size is None:
            return PostgresDatabase(database_url, keyring=keyring)
        return PostgresDatabase(database_url, pool_size=pool_size, keyring=keyring)
    return Database(database_path, keyring=keyring)


__all__ = [
    "RETENTION_DAYS",
    "Checkin",
    "Database",
    "DiaryRepository",
    "FeedbackRepository",
    "FinishedCheck",
    "FinishedCheckRepository",
    "PostgresDatabase",
    "PrivacyRepository",
    "Reminder",
    "ReminderKind",
    "ReminderRepository",
    "ReminderStatus",
    "RunningCheck",
    "RunningCheckRepository",
    "SchemaTooNewError",
    "StorageError",
    "Store",
    "UserRecord",
    "UserRepository",
    "is_postgres_url",
    "open_store",
]


def __getattr__(name: str) -> Any:
    # asyncpg is imported only where PostgreSQL is used: a bot on SQLite never loads it.
    if name in ("PostgresDatabase", "is_postgres_url"):
        from tgbot.storage import postgres

        return getattr(postgres, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
