"""Schema migrations, applied in order; the schema version records how many have run
(SQLite's ``PRAGMA user_version``, PostgreSQL's ``schema_version`` table).

One description for both engines (tgbot/storage/statements.py): statements in SQLite's
spelling, translated into PostgreSQL's through tgbot/storage/dialect.py, and ``Counts`` for
the tables of counts that triggers keep, whose triggers differ too much between the engines
to translate as text.

Never edit a released migration: append a new one. Times are UNIX seconds (UTC).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tgbot.storage.crypto import KeyRing
from tgbot.storage.pseudonyms import MIGRATION_15, pseudonymize_existing
from tgbot.storage.sealing import MIGRATION_13, seal_existing
from tgbot.storage.statements import Counts, PostgresOnly, SqliteOnly, Statement
from tgbot.storage.store import Transaction

MIGRATIONS: tuple[tuple[Statement, ...], ...] = (
    # 1: who we talk to; no health data lives here.
    (
        """
        CREATE TABLE users (
            user_id       INTEGER PRIMARY KEY,
            chat_id       INTEGER NOT NULL,
            language_code TEXT,
            timezone      TEXT,
            created_at    INTEGER NOT NULL,
            blocked       INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1))
        ) STRICT
        """,
    ),
    # 2: the triage in progress (one per user, deleted when it ends) and finished triages.
    (
        """
        CREATE TABLE triage_sessions (
            session_id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id    INTEGER NOT NULL UNIQUE REFERENCES users (user_id) ON DELETE CASCADE,
            chat_id    INTEGER NOT NULL,
            message_id INTEGER,
            flow_id    TEXT NOT NULL,
            answers    TEXT NOT NULL DEFAULT '{}',
            ticked     TEXT NOT NULL DEFAULT '[]',
            updated_at INTEGER NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE episodes (
            episode_id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            flow_id    TEXT NOT NULL,
            answers    TEXT NOT NULL,
            level      TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            closed_at  INTEGER
        ) STRICT
        """,
        "CREATE INDEX episodes_by_user ON episodes (user_id, created_at)",
        "CREATE INDEX episodes_by_age ON episodes (created_at)",
    ),
    # 3: may we keep finished checks? NULL until the user answers the one-time question.
    (
        "ALTER TABLE users ADD COLUMN keep_checks INTEGER CHECK (keep_checks IN (0, 1))",
        "ALTER TABLE users ADD COLUMN keep_checks_at INTEGER",
    ),
    # 4: reminders to reassess a check. The database is the source of truth; the JobQueue
    # only holds the next few minutes, swept in by send time through the partial index.
    # due_at is the time promised to the user; send_at moves on with each retry.
    (
        """
        CREATE TABLE reminders (
            reminder_id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            chat_id     INTEGER NOT NULL,
            episode_id  INTEGER NOT NULL REFERENCES episodes (episode_id) ON DELETE CASCADE,
            due_at      INTEGER NOT NULL,
            send_at     INTEGER NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                            ('pending', 'sending', 'sent', 'answered', 'failed', 'cancelled')),
            attempts    INTEGER NOT NULL DEFAULT 0,
            message_id  INTEGER,
            created_at  INTEGER NOT NULL,
            sent_at     INTEGER
        ) STRICT
        """,
        "CREATE INDEX reminders_to_send ON reminders (send_at) WHERE status = 'pending'",
        "CREATE INDEX reminders_in_flight ON reminders (reminder_id) WHERE status = 'sending'",
        "CREATE INDEX reminders_by_user ON reminders (user_id, status)",
        "CREATE INDEX reminders_by_episode ON reminders (episode_id)",
    ),
    # 5: the diary: one entry per user, topic and local day (health data: only with consent).
    (
        """
        CREATE TABLE diary_entries (
            user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            day        TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            flow_id    TEXT NOT NULL,
            amount     TEXT NOT NULL CHECK (amount IN ('none', 'little', 'lot')),
            location   TEXT,
            triggers   TEXT NOT NULL DEFAULT '[]',
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, flow_id, day)
        ) STRICT
        """,
        "CREATE INDEX diary_by_age ON diary_entries (updated_at)",
    ),
    # 6: what the admins' /stats counts, without reading the rows: totals kept up to date by
    # triggers (a GROUP BY over two million checks took 1-5 s), and the last days' counts
    # from indexes that start with the time. Counts only: no id, no health answer.
    (
        """
        CREATE TABLE episode_counts (
            level   TEXT NOT NULL,
            flow_id TEXT NOT NULL,
            n       INTEGER NOT NULL,
            PRIMARY KEY (level, flow_id)
        ) STRICT
        """,
        "INSERT INTO episode_counts SELECT level, flow_id, COUNT(*) FROM episodes"
        " GROUP BY level, flow_id",
        Counts(
            "episode_counts",
            "episodes",
            (("level", "{row}.level"), ("flow_id", "{row}.flow_id")),
            ("episodes_counted", "episodes_uncounted", "episodes_recounted"),
        ),
        """
        CREATE TABLE reminder_counts (
            status TEXT PRIMARY KEY,
            n      INTEGER NOT NULL
        ) STRICT
        """,
        "INSERT INTO reminder_counts SELECT status, COUNT(*) FROM reminders GROUP BY status",
        Counts(
            "reminder_counts",
            "reminders",
            (("status", "{row}.status"),),
            ("reminders_counted", "reminders_uncounted", "reminders_recounted"),
        ),
        # Reminders by day made and status: with a reminder pending for many users, the last
        # seven days can hold hundreds of thousands of them, too many to count one by one.
        """
        CREATE TABLE reminder_days (
            day    INTEGER NOT NULL,
            status TEXT NOT NULL,
            n      INTEGER NOT NULL,
            PRIMARY KEY (day, status)
        ) STRICT
        """,
        "INSERT INTO reminder_days SELECT created_at / 86400, status, COUNT(*) FROM reminders"
        " GROUP BY created_at / 86400, status",
        Counts(
            "reminder_days",
            "reminders",
            (("day", "{row}.created_at / 86400"), ("status", "{row}.status")),
            (
                "reminders_counted_by_day",
                "reminders_uncounted_by_day",
                "reminders_recounted_by_day",
            ),
        ),
        "CREATE INDEX users_by_age ON users (created_at)",
        "CREATE INDEX users_blocked ON users (user_id) WHERE blocked = 1",
        "CREATE INDEX episodes_recent ON episodes (created_at, level, flow_id)",
        "CREATE INDEX reminders_recent ON reminders (created_at, status)",
    ),
    # 7: which release of the content (content/release.yaml) a finished check saw; and "Was
    # this helpful?" votes. A vote holds no user id and only the day: nothing links it to a
    # person or to their check, so /mydata and /forget have nothing of it to show or delete.
    (
        "ALTER TABLE episodes ADD COLUMN content_version TEXT",
        """
        CREATE TABLE feedback (
            feedback_id     INTEGER PRIMARY KEY AUTOINCREMENT,
            item_kind       TEXT NOT NULL,
            item_id         TEXT NOT NULL,
            content_version TEXT NOT NULL,
            vote            TEXT NOT NULL CHECK (vote IN ('up', 'down')),
            reason          TEXT CHECK (reason IN ('unclear', 'off_topic', 'wrong_level', 'other')),
            day             INTEGER NOT NULL
        ) STRICT
        """,
    ),
    # 8: reliability. A reminder given up on (it lost its point while Telegram could not be
    # reached) is 'failed' with untold = 1 until the user's next visit tells them. A finished
    # check's session stays, marked finished, until its outcome is on screen, so a tap after
    # a crash in between shows the outcome again. health_probe is the one row /healthz
    # writes, to prove that writes work.
    (
        "ALTER TABLE reminders ADD COLUMN untold INTEGER NOT NULL DEFAULT 0"
        " CHECK (untold IN (0, 1))",
        "CREATE INDEX reminders_untold ON reminders (user_id) WHERE untold = 1",
        "ALTER TABLE triage_sessions ADD COLUMN finished INTEGER NOT NULL DEFAULT 0"
        " CHECK (finished IN (0, 1))",
        "ALTER TABLE triage_sessions ADD COLUMN episode_id INTEGER",
        """
        CREATE TABLE health_probe (
            probe_id   INTEGER PRIMARY KEY CHECK (probe_id = 1),
            written_at INTEGER NOT NULL
        ) STRICT
        """,
    ),
    # 9: languages. The language the user chose with /language (a content language code);
    # NULL means: follow the language Telegram reports.
    ("ALTER TABLE users ADD COLUMN language TEXT",),
    # 10: several bot processes on one database (PostgreSQL). A reminder being sent is leased
    # to the process that claimed it until lease_until; when that passes (the process died)
    # another takes it over. job_runs has a row per run of a periodic job (the daily
    # retention), so it runs once a day however many processes there are.
    (
        "ALTER TABLE reminders ADD COLUMN claimed_by TEXT",
        "ALTER TABLE reminders ADD COLUMN lease_until INTEGER",
        "CREATE INDEX reminders_leased ON reminders (lease_until) WHERE status = 'sending'",
        """
        CREATE TABLE job_runs (
            job          TEXT NOT NULL,
            period_start INTEGER NOT NULL,
            PRIMARY KEY (job, period_start)
        ) STRICT
        """,
    ),
    # 11: the evening diary check-in is a reminder row too (kind 'checkin'): about no check,
    # so episode_id may be NULL; it holds the topic, the local hour picked and the local day
    # the series began (it stops by itself after 14 days without an entry). 'paused': a
    # check-in held while the user has blocked the bot, resumed when they unblock it.
    # SQLite cannot drop a NOT NULL, so there the table is rebuilt: copied, dropped, renamed, and
    # its indexes and counting triggers (migrations 4, 6, 8) made again. The copy runs before
    # the triggers exist, and a DROP TABLE fires none, so the counts stay as they were.
    # PostgreSQL changes the columns and checks in place.
    (
        SqliteOnly(
            """
            CREATE TABLE reminders_rebuilt (
                reminder_id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id     INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
                chat_id     INTEGER NOT NULL,
                episode_id  INTEGER REFERENCES episodes (episode_id) ON DELETE CASCADE,
                due_at      INTEGER NOT NULL,
                send_at     INTEGER NOT NULL,
                status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                                ('pending', 'sending', 'sent', 'answered', 'failed', 'cancelled',
                                 'paused')),
                attempts    INTEGER NOT NULL DEFAULT 0,
                message_id  INTEGER,
                created_at  INTEGER NOT NULL,
                sent_at     INTEGER,
                untold      INTEGER NOT NULL DEFAULT 0 CHECK (untold IN (0, 1)),
                claimed_by  TEXT,
                lease_until INTEGER,
                kind        TEXT NOT NULL DEFAULT 'reassess'
                                CHECK (kind IN ('reassess', 'checkin')),
                flow_id     TEXT,
                local_hour  INTEGER CHECK (local_hour BETWEEN 0 AND 23),
                since_day   TEXT,
                CHECK (
                    (kind = 'reassess' AND episode_id IS NOT NULL)
                    OR (kind = 'checkin' AND episode_id IS NULL AND flow_id IS NOT NULL
                        AND local_hour IS NOT NULL AND since_day IS NOT NULL)
                )
            ) STRICT
            """,
            "INSERT INTO reminders_rebuilt (reminder_id, user_id, chat_id, episode_id, due_at,"
            " send_at, status, attempts, message_id, created_at, sent_at, untold, claimed_by,"
            " lease_until)"
            " SELECT reminder_id, user_id, chat_id, episode_id, due_at, send_at, status, attempts,"
            " message_id, created_at, sent_at, untold, claimed_by, lease_until FROM reminders",
            "DROP TABLE reminders",
            "ALTER TABLE reminders_rebuilt RENAME TO reminders",
            "CREATE INDEX reminders_to_send ON reminders (send_at) WHERE status = 'pending'",
            "CREATE INDEX reminders_in_flight ON reminders (reminder_id) WHERE status = 'sending'",
            "CREATE INDEX reminders_by_user ON reminders (user_id, status)",
            "CREATE INDEX reminders_by_episode ON reminders (episode_id)",
            "CREATE INDEX reminders_recent ON reminders (created_at, status)",
            "CREATE INDEX reminders_untold ON reminders (user_id) WHERE untold = 1",
            "CREATE INDEX reminders_leased ON reminders (lease_until) WHERE status = 'sending'",
            """
            CREATE TRIGGER reminders_counted AFTER INSERT ON reminders BEGIN
                INSERT INTO reminder_counts VALUES (new.status, 1)
                    ON CONFLICT (status) DO UPDATE SET n = n + 1;
            END
            """,
            """
            CREATE TRIGGER reminders_uncounted AFTER DELETE ON reminders BEGIN
                UPDATE reminder_counts SET n = n - 1 WHERE status = old.status;
            END
            """,
            """
            CREATE TRIGGER reminders_recounted AFTER UPDATE OF status ON reminders
            WHEN old.status IS NOT new.status BEGIN
                UPDATE reminder_counts SET n = n - 1 WHERE status = old.status;
                INSERT INTO reminder_counts VALUES (new.status, 1)
                    ON CONFLICT (status) DO UPDATE SET n = n + 1;
            END
            """,
            """
            CREATE TRIGGER reminders_counted_by_day AFTER INSERT ON reminders BEGIN
                INSERT INTO reminder_days VALUES (new.created_at / 86400, new.status, 1)
                    ON CONFLICT (day, status) DO UPDATE SET n = n + 1;
            END
            """,
            """
            CREATE TRIGGER reminders_uncounted_by_day AFTER DELETE ON reminders BEGIN
                UPDATE reminder_days SET n = n - 1
                    WHERE day = old.created_at / 86400 AND status = old.status;
            END
            """,
            """
            CREATE TRIGGER reminders_recounted_by_day
            AFTER UPDATE OF status, created_at ON reminders
            WHEN old.status IS NOT new.status OR old.created_at IS NOT new.created_at BEGIN
                UPDATE reminder_days SET n = n - 1
                    WHERE day = old.created_at / 86400 AND status = old.status;
                INSERT INTO reminder_days VALUES (new.created_at / 86400, new.status, 1)
                    ON CONFLICT (day, status) DO UPDATE SET n = n + 1;
            END
            """,
        ),
        PostgresOnly(
            "ALTER TABLE reminders ALTER COLUMN episode_id DROP NOT NULL",
            "ALTER TABLE reminders DROP CONSTRAINT reminders_status_check",
            "ALTER TABLE reminders ADD CONSTRAINT reminders_status_check CHECK (status IN"
            " ('pending', 'sending', 'sent', 'answered', 'failed', 'cancelled', 'paused'))",
            "ALTER TABLE reminders ADD COLUMN kind TEXT NOT NULL DEFAULT 'reassess'"
            " CHECK (kind IN ('reassess', 'checkin'))",
            "ALTER TABLE reminders ADD COLUMN flow_id TEXT",
            "ALTER TABLE reminders ADD COLUMN local_hour INTEGER"
            " CHECK (local_hour BETWEEN 0 AND 23)",
            "ALTER TABLE reminders ADD COLUMN since_day TEXT",
            "ALTER TABLE reminders ADD CONSTRAINT reminders_kind_fields CHECK ("
            " (kind = 'reassess' AND episode_id IS NOT NULL)"
            " OR (kind = 'checkin' AND episode_id IS NULL AND flow_id IS NOT NULL"
            " AND local_hour IS NOT NULL AND since_day IS NOT NULL))",
        ),
        "CREATE INDEX reminders_checkin ON reminders (user_id) WHERE kind = 'checkin'"
        " AND status IN ('pending', 'sending', 'paused')",
    ),
    # 12: exactly once. ``fence`` grows with every claim of a reminder: a worker that paused
    # past its lease finds the row claimed again under a newer fence and neither sends nor
    # marks it. handled_updates remembers the update ids handled in the last day, so an
    # update Telegram delivers twice (to this worker or another) is handled once. A vote's
    # receipt says that a user voted on a message, never how: one vote per user and answer,
    # shown by /mydata and deleted by /forget while the vote itself stays anonymous.
    (
        "ALTER TABLE reminders ADD COLUMN fence INTEGER NOT NULL DEFAULT 0",
        """
        CREATE TABLE handled_updates (
            update_id  INTEGER PRIMARY KEY,
            handled_at INTEGER NOT NULL
        ) STRICT
        """,
        "CREATE INDEX handled_updates_by_time ON handled_updates (handled_at)",
        """
        CREATE TABLE vote_receipts (
            user_id     INTEGER NOT NULL,
            message_id  INTEGER NOT NULL,
            feedback_id INTEGER NOT NULL,
            day         INTEGER NOT NULL,
            PRIMARY KEY (user_id, message_id)
        ) STRICT
        """,
    ),
    # 13: crypto-shredding (tgbot/storage/sealing.py).
    MIGRATION_13,
    # 14: the questions a user wants to ask their doctor, for the doctor's page: one sealed
    # value (tgbot/storage/sealing.py), gone with the users row on /forget.
    ("ALTER TABLE users ADD COLUMN questions TEXT",),
    # 15: pseudonyms in place of Telegram ids, the real ids sealed (tgbot/storage/pseudonyms.py).
    MIGRATION_15,
)

DataStep = Callable[[Transaction, Callable[[], KeyRing]], Awaitable[int]]
DATA_STEPS: dict[int, DataStep] = {13: seal_existing, 15: pseudonymize_existing}
"""Steps that change rows, not the schema, in Python: run after the migration's statements,
in its transaction."""

SCHEMA_VERSION = len(MIGRATIONS)

DERIVED_TABLES = frozenset(
    {"episode_counts", "reminder_counts", "reminder_days", "health_probe", "handled_updates"}
)
"""Kept by triggers from the other tables (or by the health check, or the last day's update
ids): never copied between databases, since the triggers rebuild them as rows arrive."""
