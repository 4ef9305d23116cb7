"""SQLite storage: one aiosqlite connection, migrations, a repository per table family."""

from tgbot.storage.database import Database, SchemaTooNewError, StorageError
from tgbot.storage.diary import DiaryRepository
from tgbot.storage.episodes import Episode, EpisodeRepository
from tgbot.storage.feedback import FeedbackRepository
from tgbot.storage.privacy import RETENTION_DAYS, PrivacyRepository
from tgbot.storage.reminders import (
    Checkin,
    Reminder,
    ReminderKind,
    ReminderRepository,
    ReminderStatus,
)
from tgbot.storage.sessions import SessionRepository, TriageSession
from tgbot.storage.users import UserRecord, UserRepository

__all__ = [
    "RETENTION_DAYS",
    "Checkin",
    "Database",
    "DiaryRepository",
    "Episode",
    "EpisodeRepository",
    "FeedbackRepository",
    "PrivacyRepository",
    "Reminder",
    "ReminderKind",
    "ReminderRepository",
    "ReminderStatus",
    "SchemaTooNewError",
    "SessionRepository",
    "StorageError",
    "TriageSession",
    "UserRecord",
    "UserRepository",
]
