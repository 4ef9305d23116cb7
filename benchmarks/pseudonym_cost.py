"""What pseudonyms cost an update, side by side in one run (SQLite, a file of ``--users``
users): the write every update makes (the user's row: before, one INSERT ... ON CONFLICT by
Telegram id; now, one UPDATE by pseudonym) and the read of a reminder before its send
(before, the row alone; now, the row and the user's sealed ids, opened). Each pair is timed
in alternation, so the machine's load weighs on both alike. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from tgbot.storage import Checkin, Database, ReminderRepository, UserRepository

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)
FIRST = 5_000_000_000
# The statement of the user's row before migration 15, by Telegram id.
PLAIN_UPSERT = (
    "INSERT INTO plain_users (user_id, chat_id, language_code, created_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id,"
    " language_code = excluded.language_code, blocked = 0 RETURNING language"
)


async def timed(step: Callable[[int], Awaitable[object]], rounds: int, users: int) -> list[float]:
    took = []
    for n in range(rounds):
        started = time.perf_counter()
        await step(n % users)
        took.append((time.perf_counter() - started) * 1e6)
    return took


async def setup(db: Database, users: int) -> list[int]:
    """``users`` users, each with a check-in pending; and the users' table as it was before
    migration 15 (Telegram ids, nothing sealed) beside it, with the same users."""
    repo, reminders = UserRepository(db), ReminderRepository(db)
    await db.execute(
        "CREATE TABLE plain_users (user_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL,"
        " language_code TEXT, created_at INTEGER NOT NULL, blocked INTEGER NOT NULL DEFAULT 0,"
        " language TEXT) STRICT"
    )
    checkin = Checkin("twitch", 20, NOW.date())
    ids = []
    for n in range(users):
        await repo.upsert(FIRST + n, FIRST + n, "en", NOW)
        await db.execute(PLAIN_UPSERT, (FIRST + n, FIRST + n, "en", 0))
        ids.append(await reminders.create_checkin(FIRST + n, FIRST + n, checkin, NOW, NOW))
    return ids


async def run(path: Path, users: int, rounds: int) -> dict[str, float]:
    db = Database(path)
    await db.connect()
    try:
        repo, reminders = UserRepository(db), ReminderRepository(db)
        ids = await setup(db, users)
        steps: dict[str, Callable[[int], Awaitable[object]]] = {
            "write, before": lambda n: db.write_returning(
                PLAIN_UPSERT, (FIRST + n, FIRST + n, "en", 0)
            ),
            "write, now": lambda n: repo.upsert(FIRST + n, FIRST + n, "en", NOW),
            "reminder read, before": lambda n: db.fetchone(
                "SELECT * FROM reminders WHERE reminder_id = ?", (ids[n],)
            ),
            "reminder read, now": lambda n: reminders.get(ids[n]),
            "a pseudonym (HMAC-SHA256)": lambda n: asyncio.sleep(0, db.pseudonym(FIRST + n)),
        }
        took: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(rounds // 100):  # in alternation, 100 at a time
            for name, step in steps.items():
                took[name] += await timed(step, 100, users)
        return {name: statistics.median(values) for name, values in took.items()}
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-pseudonyms-") as tmp:
        figures = asyncio.run(run(Path(tmp) / "bot.sqlite3", args.users, args.rounds))
    for name, value in figures.items():
        print(f"{name}: {value:.0f} µs (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
