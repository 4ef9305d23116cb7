"""Storage: SQLite (one aiosqlite connection, the default) or PostgreSQL (an asyncpg pool, for
several bot processes), the migrations of both, a repository per table family."""

from pathlib import Path

from tgbot.storage.crypto import KeyRing
from tgbot.storage.database import Database
from tgbot.storage.diary import DiaryRepository
from tgbot.storage.feedback import FeedbackRepository
from tgbot.storage.finished_checks import FinishedCheck, FinishedCheckRepository
from tgbot.storage.postgres import PostgresDatabase, is_postgres_url
from tgbot.storage.privacy import RETENTION_DAYS, PrivacyRepository
from tgbot.storage.reminder_rows import Checkin, Reminder, ReminderKind, ReminderStatus
from tgbot.storage.reminders import ReminderRepository
from tgbot.storage.running_checks import RunningCheck, RunningCheckRepository
from tgbot.storage.store import SchemaTooNewError, StorageError, Store
from tgbot.storage.users import UserRecord, UserRepository


def open_store(
    database_path: Path, database_url: str | None = None, data_key: bytes | None = None
) -> Store:
    """PostgreSQL when ``database_url`` (DATABASE_URL) names one, else the SQLite file;
    ``data_key`` (DATA_KEY) wraps the users' keys (SQLite: a key file when None)."""
    keyring = None if data_key is None else KeyRing(data_key)
    if database_url:
        return PostgresDatabase(database_url, keyring=keyring)
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
