"""Growth: the bot on databases of 10,000, 100,000 and 1,000,000 users.

Each user has two checks (spread over the past year, so about half are past the 180-day
retention) and one reminder (half pending over the next two weeks, half answered), with ids
in time order as a year of use would leave them.
Our bot starts on each database in its own process, as in production. Measured:

* file size; start to first answer (a new user's /start); the process's peak memory;
* the answer time of a new user's ``/start``, a triage tap, the confirmation tap of ``/forget``
  (of a user with data), an admin's ``/stats``, and the retention run (SIGUSR1 to the bot runs
  it now, in its own loop);
* the worst delay another user saw during each: user P asks ``/help`` all along, waiting for
  each answer; a delay is P's answer time for an ask that overlapped the operation.

``python -m benchmarks.growth --sizes 10000,100000`` for fewer; docs/performance.md for results.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import AnswerWatch, BotProcess, machine, quiet_gc, summary_line
from benchmarks.reminders import ANSWERS, create_schema, seal
from tgbot.localapi import FakeUser, LocalBotApi

FIRST_USER = 40_000_000
ADMIN = FakeUser(39_999_990, first_name="Admin")
PROBE = FakeUser(39_999_991, first_name="Probe")
NEWCOMER = FakeUser(39_999_992, first_name="New")
DAY = 86_400
LEVELS = ("self_care", "self_care", "doctor", "urgent", "emergency")
TARGETS = {"first_answer_s": 2.0, "peak_rss_mb": 150.0, "stats_ms": 300.0, "worst_other_ms": 200.0}


# ------------------------------------------------------------------ the database


def fill(path: Path, users: int, now: int, seed: int = 1) -> None:
    """As a year of use leaves it: ids given in time order (users, then their checks over
    the past year, the newer half with a reminder), so old rows sit together as they would."""
    rng = random.Random(seed)
    answers = json.dumps(ANSWERS, separators=(",", ":"))
    ids = range(FIRST_USER, FIRST_USER + users)
    year = 365 * DAY

    def users_rows() -> Iterator[tuple[int, int, int, int]]:
        for n, u in enumerate(ids):
            yield u, u, now - 400 * DAY + n * 400 * DAY // users, int(rng.random() < 0.01)

    def episode_rows() -> Iterator[tuple[int, int, str, str, int]]:
        # Check k belongs to user k mod n: each user has one in each half of the year.
        for k in range(2 * users):
            flow = "twitch" if rng.random() < 0.6 else "spasm"
            created = now - year + k * year // (2 * users)
            yield k + 1, FIRST_USER + k % users, flow, rng.choice(LEVELS), created

    def reminder_rows() -> Iterator[tuple[int, int, int, int, str, int]]:
        for n, u in enumerate(ids):
            episode = users + n + 1  # the user's newer check
            if n % 2:
                # Asked for in 3 days, a week or two weeks: made up to two weeks ago.
                due = now + 600 + rng.randrange(14 * DAY)
                made = min(now, due - rng.choice((3, 7, 14)) * DAY)
                yield u, u, episode, due, "pending", made
            else:
                created = now - year // 2 + n * (year // 2) // users
                yield u, u, episode, created + 3 * DAY, "answered", created

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        with conn:
            conn.executemany(
                "INSERT INTO users (user_id, chat_id, language_code, created_at, blocked,"
                " keep_checks, keep_checks_at) VALUES (?, ?, 'en', ?, ?, 1, 0)",
                users_rows(),
            )
            conn.executemany(
                "INSERT INTO episodes (episode_id, user_id, flow_id, answers, level, created_at)"
                f" VALUES (?, ?, ?, '{answers}', ?, ?)",
                episode_rows(),
            )
            conn.executemany(
                "INSERT INTO reminders (user_id, chat_id, episode_id, due_at, send_at, status,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((u, c, e, d, d, s, cr) for u, c, e, d, s, cr in reminder_rows()),
            )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# ------------------------------------------------------------------ another user, all along


@dataclass
class Prober:
    """User P: /help, wait for the answer, 20 ms, again. Keeps (sent, answered) pairs."""

    api: LocalBotApi
    watch: AnswerWatch
    asks: list[tuple[float, float]] = field(default_factory=list)
    running: bool = True

    async def run(self) -> None:
        while self.running:
            seen = self.watch.count(PROBE.id)
            sent = time.monotonic()
            self.api.user_message(PROBE, "/help")
            await self.watch.wait(PROBE.id, seen + 1, 60)
            self.asks.append((sent, self.watch.calls_of(PROBE.id, seen, seen + 1)[0].at))
            await asyncio.sleep(0.02)

    def worst_during(self, start: float, end: float) -> float:
        """P's longest answer time among asks that overlapped [start, end]."""
        return max((a - s for s, a in self.asks if s <= end and a >= start), default=0.0)


async def answer_time(
    api: LocalBotApi,
    watch: AnswerWatch,
    user: FakeUser,
    text: str | None = None,
    label: str | None = None,
) -> tuple[float, float]:
    """Send ``text`` or tap the button labelled ``label`` on the user's newest message with
    it; returns (sent, first visible answer) on the stand-in's clock."""
    seen = watch.count(user.id)
    if text is not None:
        sent = time.monotonic()
        api.user_message(user, text)
    else:
        for message in reversed(api.bot_messages(user.id)):
            buttons = [
                b for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row
            ]
            chosen = [b for b in buttons if label is None or label in b["text"]]
            if chosen:
                break
        else:
            raise LookupError(f"no button {label!r} in chat {user.id}")
        sent = time.monotonic()
        api.user_press(user, message, chosen[0]["callback_data"])
    await watch.wait(user.id, seen + 1, 120)
    return sent, watch.calls_of(user.id, seen, seen + 1)[0].at


# ------------------------------------------------------------------ one size


async def measure(workdir: Path, users: int) -> dict[str, float]:
    database = workdir / f"growth-{users}.sqlite3"
    now = int(time.time())
    built_at = time.monotonic()
    await create_schema(database)
    await asyncio.to_thread(fill, database, users, now)
    await seal(database)  # sealed and under pseudonyms, as the bot writes them
    size_mb = await asyncio.to_thread(os.path.getsize, database) / 1e6
    print(
        f"{users} users: database {size_mb:.0f} MB, built in {time.monotonic() - built_at:.0f} s",
        flush=True,
    )
    figures: dict[str, float] = {"size_mb": size_mb}
    async with LocalBotApi(long_poll_cap=0.25) as api:
        for user in (ADMIN, PROBE, NEWCOMER):
            api.private_chat(user)
        old_user = FakeUser(FIRST_USER + 4)  # an even one: two checks and an answered reminder
        api.private_chat(old_user)
        watch = AnswerWatch(api)
        bot = await BotProcess.start(
            "ours", api, database, log_path=workdir / f"growth-{users}.log", admins=[ADMIN.id]
        )
        _, answered = await answer_time(api, watch, NEWCOMER, "/start")
        figures["first_answer_s"] = answered - bot.spawned_at
        figures["imports_s"] = float(bot.ready["import_s"])
        figures["open_s"] = float(bot.ready["build_s"]) + float(bot.ready["start_s"])
        prober = Prober(api, watch)
        probing = asyncio.create_task(prober.run())
        await asyncio.sleep(1)
        idle = prober.worst_during(time.monotonic() - 1, time.monotonic())
        figures["idle_other_ms"] = idle * 1000

        async def timed(name: str, start: float, end: float) -> None:
            figures[f"{name}_ms"] = (end - start) * 1000
            figures[f"{name}_other_ms"] = prober.worst_during(start, end) * 1000
            await asyncio.sleep(0.3)

        stranger = FakeUser(39_999_993)
        api.private_chat(stranger)
        await timed("start", *await answer_time(api, watch, stranger, "/start"))
        await answer_time(api, watch, stranger, "/twitch")
        await answer_time(api, watch, stranger, label="Check my symptoms")
        # The safety question first, then the one-time consent question, then a timed tap.
        await answer_time(api, watch, stranger, label="None of these")
        await answer_time(api, watch, stranger, label="Yes, keep them")
        await timed("tap", *await answer_time(api, watch, stranger, label=None))
        await answer_time(api, watch, old_user, "/forget")
        await timed("forget", *await answer_time(api, watch, old_user, label="Yes, delete"))
        await timed("stats", *await answer_time(api, watch, ADMIN, "/stats"))
        start = time.monotonic()
        bot.process.send_signal(signal.SIGUSR1)
        report = await bot.report()
        await asyncio.sleep(0.1)
        figures["retention_ms"] = float(report["retention_s"]) * 1000
        figures["retention_rows"] = float(report["rows"])
        figures["retention_other_ms"] = prober.worst_during(start, time.monotonic()) * 1000
        prober.running = False
        await probing
        figures["peak_rss_mb"] = bot.peak_rss_mb()
        await bot.stop()
    database.unlink()
    return figures


ROWS = (
    ("file size", "size_mb", "{:.0f} MB"),
    ("start to first answer", "first_answer_s", "{:.2f} s"),
    ("  of it: imports", "imports_s", "{:.2f} s"),
    ("  of it: build, open, sweep", "open_s", "{:.2f} s"),
    ("peak memory", "peak_rss_mb", "{:.0f} MB"),
    ("/start", "start_ms", "{:.0f} ms"),
    ("a triage tap", "tap_ms", "{:.0f} ms"),
    ("/forget (confirm)", "forget_ms", "{:.0f} ms"),
    ("/stats", "stats_ms", "{:.0f} ms"),
    ("retention run", "retention_ms", "{:.0f} ms"),
    ("  rows it deleted", "retention_rows", "{:.0f}"),
    ("another user, idle: worst", "idle_other_ms", "{:.0f} ms"),
    ("... during /start", "start_other_ms", "{:.0f} ms"),
    ("... during the tap", "tap_other_ms", "{:.0f} ms"),
    ("... during /forget", "forget_other_ms", "{:.0f} ms"),
    ("... during /stats", "stats_other_ms", "{:.0f} ms"),
    ("... during retention", "retention_other_ms", "{:.0f} ms"),
)


def table(results: dict[int, dict[str, float]]) -> None:
    sizes = list(results)
    print(f"{'':28}" + "".join(f"{size:>12,}" for size in sizes))
    for label, key, fmt in ROWS:
        print(f"{label:28}" + "".join(f"{fmt.format(results[s][key]):>12}" for s in sizes))


def verdicts(figures: dict[str, float]) -> None:
    worst = max(figures["stats_other_ms"], figures["retention_other_ms"])
    checks = [
        ("start to first answer", figures["first_answer_s"], TARGETS["first_answer_s"], "s"),
        ("peak memory", figures["peak_rss_mb"], TARGETS["peak_rss_mb"], "MB"),
        ("/stats", figures["stats_ms"], TARGETS["stats_ms"], "ms"),
        ("another user during /stats and retention", worst, TARGETS["worst_other_ms"], "ms"),
    ]
    for what, value, target, unit in checks:
        verdict = "met" if value <= target else "MISSED"
        print(f"target {what} <= {target:g} {unit}: {verdict} ({value:.2f} {unit})")


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    print(f"machine: {machine()}")
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp, quiet_gc():
        for size in args.sizes:
            results[size] = await measure(Path(tmp), size)
    table(results)
    largest = max(results)
    print(f"at {largest:,} users:")
    verdicts(results[largest])
    return {f"{key}_{size}": value for size, f in results.items() for key, value in f.items()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[10_000, 100_000, 1_000_000],
        help="users, comma-separated",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    figures = asyncio.run(main_async(args))
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
