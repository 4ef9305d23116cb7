"""SQLite storage: one aiosqlite connection, migrations, a repository per table family."""

from tgbot.storage.database import Database, SchemaTooNewError
from tgbot.storage.privacy import RETENTION_DAYS, PrivacyRepository
from tgbot.storage.reminders import Reminder, ReminderRepository
from tgbot.storage.triage import Episode, TriageRepository, TriageSession
from tgbot.storage.users import UserRecord, UserRepository

__all__ = [
    "RETENTION_DAYS",
    "Database",
    "Episode",
    "PrivacyRepository",
    "Reminder",
    "ReminderRepository",
    "SchemaTooNewError",
    "TriageRepository",
    "TriageSession",
    "UserRecord",
    "UserRepository",
]
