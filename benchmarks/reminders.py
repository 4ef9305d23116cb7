"""Reminders at scale: many due at once, sent at Telegram's limit; many pending at start-up.

1. ``--due`` reminders (10,000) due at once, each to its own user. Our bot starts on that
   database against a stand-in that answers 429 beyond 30 sends in any second and records
   every send. Printed: sends per second over the whole run (first send to last), how many
   were lost (never sent) or sent twice, the 429s, the busiest second.
2. ``--pending`` reminders (100,000) due over the next two weeks. Printed: the time from
   starting the process to its first answer (to /start), and the process's peak memory, next
   to the same start on an empty database.

The bot runs in its own process (python -m benchmarks.botproc ours), with the production
rate limiter; databases are built with executemany in one transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import BotProcess, machine, max_in_window, quiet_gc, summary_line
from tgbot.localapi import BotCall, FakeUser, LocalBotApi
from tgbot.storage import Database
from tgbot.storage.sealing import seal_plain_rows

FLOOD_LIMIT = 30
TARGET_RATE = 28.5  # 95% of Telegram's ~30 messages/s for bulk sending
TARGET_START_S = 2.0
TARGET_RSS_MB = 150.0
FIRST_USER = 20_000_000
ANSWERS = {
    "emergency_signs": ["none"],
    "location": ["eyelid"],
    "duration": ["under_week"],
    "symptoms": ["none"],
    "triggers": ["caffeine"],
}


# ------------------------------------------------------------------ the database


async def create_schema(path: Path) -> None:
    db = Database(path)
    await db.connect()
    await db.close()


def fill(path: Path, count: int, due: list[int], now: int) -> None:
    """``count`` users, each with one kept check (three days old) and one pending reminder
    due at ``due[i]``; one transaction, foreign keys on."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(reminders)")}
        answers = json.dumps(ANSWERS, separators=(",", ":"))
        created = now - 3 * 86_400
        users = range(FIRST_USER, FIRST_USER + count)
        with conn:
            conn.executemany(
                "INSERT INTO users (user_id, chat_id, language_code, created_at, keep_checks,"
                " keep_checks_at) VALUES (?, ?, 'en', ?, 1, ?)",
                ((u, u, created, created) for u in users),
            )
            conn.executemany(
                "INSERT INTO episodes (episode_id, user_id, flow_id, answers, level, created_at)"
                " VALUES (?, ?, 'twitch', ?, 'self_care', ?)",
                ((i + 1, u, answers, created) for i, u in enumerate(users)),
            )
            # send_at (the next attempt) came with a later revision of migration 4.
            if "send_at" in columns:
                conn.executemany(
                    "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    ((u, u, i + 1, due[i], due[i], created) for i, u in enumerate(users)),
                )
            else:
                conn.executemany(
                    "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    ((u, u, i + 1, due[i], created) for i, u in enumerate(users)),
                )
    finally:
        conn.close()


async def seal(path: Path) -> None:
    """The answers filled in plain, sealed under each user's key as the bot writes them."""
    db = Database(path)
    await db.connect()
    try:
        await seal_plain_rows(db)
    finally:
        await db.close()


async def build_database(path: Path, count: int, due: list[int], now: int) -> float:
    started = time.monotonic()
    await create_schema(path)
    await asyncio.to_thread(fill, path, count, due, now)
    await seal(path)
    return time.monotonic() - started


def statuses(path: Path) -> Counter[str]:
    conn = sqlite3.connect(path)
    try:
        return Counter(
            {
                str(status): int(n)
                for status, n in conn.execute(
                    "SELECT status, COUNT(*) FROM reminders GROUP BY status"
                )
            }
        )
    finally:
        conn.close()


# ------------------------------------------------------------------ 1. due at once


@dataclass
class Sends:
    """Every sendMessage the stand-in took, by chat, with its time."""

    times: list[float]
    by_chat: Counter[int]

    @classmethod
    def watch(cls, api: LocalBotApi) -> Sends:
        sends = cls([], Counter())

        def on_call(call: BotCall) -> None:
            if call.method == "sendMessage" and call.chat_id is not None:
                sends.times.append(call.at)
                sends.by_chat[call.chat_id] += 1

        api.call_listeners.append(on_call)
        return sends


async def due_at_once(workdir: Path, count: int, flood: int) -> dict[str, object]:
    now = int(time.time())
    database = workdir / "due.sqlite3"
    built = await build_database(database, count, [now - 1] * count, now)
    print(f"due at once: {count} reminders, database built in {built:.1f} s")
    async with LocalBotApi(flood_limit_per_second=flood, long_poll_cap=0.25) as api:
        for user_id in range(FIRST_USER, FIRST_USER + count):
            api.private_chat(FakeUser(user_id))
        sends = Sends.watch(api)
        bot = await BotProcess.start(
            "ours", api, database, overall_limit=True, log_path=workdir / "due.log"
        )
        # Bounded: twice the time the sends need at 25/s, and never a minute without one.
        deadline = time.monotonic() + count / 25 * 2 + 60
        last_progress, last_count, next_print = time.monotonic(), 0, time.monotonic() + 30
        while len(sends.times) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            now_ = time.monotonic()
            if len(sends.times) != last_count:
                last_progress, last_count = now_, len(sends.times)
            elif now_ - last_progress > 60:
                break
            if now_ >= next_print and len(sends.times) > 1:
                next_print += 30
                rate = (len(sends.times) - 1) / (sends.times[-1] - sends.times[0])
                print(f"  {len(sends.times)} sent so far, {rate:.2f}/s", flush=True)
        # A moment for a late duplicate to show itself.
        await asyncio.sleep(1)
        peak_mb = bot.peak_rss_mb()
        exit_code = await bot.stop()
        too_many = sum(1 for r in api.rejected if r[1] == 429)
        other_rejects = len(api.rejected) - too_many
    reminder_chats = set(range(FIRST_USER, FIRST_USER + count))
    got = {chat for chat in sends.by_chat if chat in reminder_chats}
    lost = len(reminder_chats - got)
    duplicates = sum(n - 1 for chat, n in sends.by_chat.items() if chat in reminder_chats)
    sent = len(sends.times)
    span = sends.times[-1] - sends.times[0] if sent > 1 else 0.0
    rate = (sent - 1) / span if span else 0.0
    first_after = sends.times[0] - bot.spawned_at if sent else float("nan")
    rows = statuses(database)
    print(
        f"  sent {sent} in {span:.1f} s: {rate:.2f} msg/s (first send {first_after:.1f} s"
        f" after start); busiest second {max_in_window(sends.times)} sends"
    )
    print(
        f"  lost {lost}, duplicates {duplicates}, 429s {too_many}, other refusals"
        f" {other_rejects}; rows {dict(rows)}; peak memory {peak_mb:.0f} MB; exit {exit_code}"
    )
    met = rate >= TARGET_RATE and too_many == 0 and lost == duplicates == 0
    print(
        f"  target >= {TARGET_RATE} msg/s, no 429, none lost or twice: {'met' if met else 'MISSED'}"
    )
    return {
        "due": count,
        "due_sent": sent,
        "due_rate": rate,
        "due_lost": lost,
        "due_duplicates": duplicates,
        "due_429": too_many,
        "due_busiest_second": max_in_window(sends.times),
        "due_peak_rss_mb": peak_mb,
    }


# ------------------------------------------------------------------ 2. start-up


@dataclass
class StartUp:
    seconds: float
    """From spawning the process to the bot's first answer."""
    ready: dict[str, object]
    peak_mb: float


async def start_once(workdir: Path, name: str, database: Path) -> StartUp:
    async with LocalBotApi(long_poll_cap=0.25) as api:
        user = FakeUser(FIRST_USER - 1)
        api.private_chat(user)
        bot = await BotProcess.start(
            "ours", api, database, overall_limit=True, log_path=workdir / f"{name}.log"
        )
        since = api.call_count
        api.user_message(user, "/start")
        calls = await api.wait_for_calls(user.id, since, settle=0.0, timeout=30)
        seconds = calls[0].at - bot.spawned_at
        peak_mb = bot.peak_rss_mb()
        await bot.stop()
    return StartUp(seconds, bot.ready, peak_mb)


async def start_up(workdir: Path, count: int) -> dict[str, object]:
    now = int(time.time())
    database = workdir / "pending.sqlite3"
    # From ten minutes to two weeks ahead: none due in the first sweep's window.
    step = (14 * 86_400 - 600) / count
    due = [now + 600 + int(i * step) for i in range(count)]
    built = await build_database(database, count, due, now)
    empty = workdir / "empty.sqlite3"
    await create_schema(empty)
    print(f"start-up: {count} pending reminders, database built in {built:.1f} s")
    results = {}
    for name, path in (("empty", empty), ("pending", database)):
        result = await start_once(workdir, name, path)
        results[name] = result
        ready = result.ready
        print(
            f"  {name:7} database: first answer {result.seconds:.2f} s after start"
            f" (imports {ready['import_s']:.2f} s, build {ready['build_s']:.2f} s,"
            f" start {ready['start_s']:.2f} s), peak memory {result.peak_mb:.0f} MB"
        )
    pending = results["pending"]
    met = pending.seconds <= TARGET_START_S and pending.peak_mb <= TARGET_RSS_MB
    print(
        f"  target <= {TARGET_START_S} s and <= {TARGET_RSS_MB:.0f} MB: "
        f"{'met' if met else 'MISSED'}"
    )
    return {
        "pending": count,
        "start_s": pending.seconds,
        "start_peak_rss_mb": pending.peak_mb,
        "start_empty_s": results["empty"].seconds,
        "start_empty_peak_rss_mb": results["empty"].peak_mb,
    }


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    print(f"machine: {machine()}")
    figures: dict[str, object] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
        workdir = Path(tmp)
        if args.due:
            with quiet_gc():
                figures |= await due_at_once(workdir, args.due, args.flood_limit)
        if args.pending:
            figures |= await start_up(workdir, args.pending)
    figures["seconds"] = time.monotonic() - started
    return figures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reminders")
    parser.add_argument("--due", type=int, default=10_000, help="reminders due at once (0: skip)")
    parser.add_argument(
        "--pending", type=int, default=100_000, help="pending at start-up (0: skip)"
    )
    parser.add_argument(
        "--flood-limit", type=int, default=FLOOD_LIMIT, help="the stand-in's sends per second"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    figures = asyncio.run(main_async(args))
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
