"""Schema migrations, applied in order; ``PRAGMA user_version`` records how many have run.

Never edit a released migration: append a new one. Times are UNIX seconds (UTC).
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
)

SCHEMA_VERSION = len(MIGRATIONS)
