"""The failure test: several workers on one PostgreSQL, killed and restarted while they send.

A throwaway PostgreSQL server (tgbot/localpg.py) gets ``--reminders`` (5,000) reminders due
now, each to its own user. ``--workers`` (3) bot processes start on it against one stand-in
(which answers 429 beyond 30 sends in any second), each with WORKER_COUNT set, so each
sends at its share of the budget. Every ``--kill-every`` seconds (2-4 s, at random) one
worker chosen at random among those up (if at least two are) gets SIGKILL and is started
again under the same WORKER_ID, until every reminder has arrived. Meanwhile one worker is
paused (SIGSTOP, as in a VM freeze or a long GC) for longer than its lease and then woken,
and the PostgreSQL server is restarted as in a crash (commits not yet on disk are lost).
The run ends when every reminder has arrived and every row is 'sent', or when nothing moved
for STALL_SECONDS while a worker was up. Printed: lost (never arrived), duplicates (arrived
twice or more) and which event each came from (a kill, the pause: :class:`Events`), kills,
the stand-in's busiest second, its 429s, rows left 'sending' (and every row not 'sent').
Passed: 0 lost, duplicates <= kills, none by the pause, busiest second <= 30, no 429, no row
left 'sending', no stall. ``--kill-every 0 0 --restart-db-after 0`` measures the pause alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from benchmarks.harness import BotProcess, machine, max_in_window, quiet_gc, summary_line
from benchmarks.reminders import ANSWERS, FIRST_USER, Sends
from tgbot.localapi import FakeUser, LocalBotApi
from tgbot.localpg import LocalPostgres
from tgbot.storage import PostgresDatabase
from tgbot.storage.crypto import KeyRing, new_key_text, parse_key
from tgbot.storage.sealing import seal_plain_rows

FLOOD_LIMIT = 30
LEASE_SECONDS = 6.0
"""Short, so the test also sees a lease run out if a worker stays dead a while."""
IN_FLIGHT = 2.0
"""Seconds a send may take from the worker to the stand-in on the loaded machine: a copy
this close before a kill or a freeze (or after the wake) is counted as that event's."""
STALL_SECONDS = 60.0
"""The run ends when nothing moved (no message arrived, no row became 'sent') this long:
well above the lease plus a send's timeouts (PTB's 5 s to connect and 5 s to read), so a
row that is only waiting for its lease to pass is never taken for stuck."""


@dataclass
class Progress:
    """Whether the run is over: every reminder arrived and every row is recorded 'sent'
    (none 'pending' or 'sending'), or nothing moved for STALL_SECONDS. The database is read
    once a second; while it restarts, the last reading stands. The stall clock runs only
    while a worker is up: a worker's start takes tens of seconds on a busy machine."""

    url: str
    wanted: set[int]
    sends: Sends
    last_change: float
    seen: tuple[int, int] = (-1, -1)
    states: dict[str, int] = field(default_factory=dict)
    read_at: float = 0.0

    async def over(self, now: float, workers_up: int) -> bool:
        if not workers_up:  # all starting, killed or paused: no one to blame for stillness
            self.last_change = now
        if now - self.read_at >= 1.0:
            self.read_at = now
            with contextlib.suppress(OSError, TimeoutError, asyncpg.PostgresError,
                                     asyncpg.InterfaceError):  # fmt: skip
                self.states = await row_states(self.url)
        moved = (len(self.sends.times), self.states.get("sent", 0))
        if moved != self.seen:
            self.seen, self.last_change = moved, now
        arrived = self.wanted <= set(self.sends.by_chat)
        settled = bool(self.states) and not (
            self.states.get("pending") or self.states.get("sending")
        )
        return (arrived and settled) or self.stalled(now)

    def stalled(self, now: float) -> bool:
        return now - self.last_change > STALL_SECONDS


@dataclass
class Events:
    """When each kill, the freeze and the wake happened (monotonic, as the stand-in's times),
    to tell which one each duplicate came from."""

    kills: list[float] = field(default_factory=list)
    frozen: float | None = None
    woken: float | None = None

    def causes(self, duplicated: dict[int, list[float]]) -> dict[str, int]:
        """Duplicates by cause. A kill's: the first copy left within IN_FLIGHT seconds before
        the kill (in flight; taken over and sent again). The pause's: the first copy left
        within IN_FLIGHT before the freeze (the same, frozen instead of killed), or a copy
        arrived within IN_FLIGHT after the wake (the frozen worker sent on waking what another
        had sent meanwhile: the window the send deadline closes)."""
        counts = {"kill": 0, "pause": 0, "other": 0}
        for times in duplicated.values():
            first, extra = min(times), len(times) - 1
            if any(kill - IN_FLIGHT <= first <= kill for kill in self.kills):
                counts["kill"] += extra
            elif self._by_pause(first, times):
                counts["pause"] += extra
            else:
                counts["other"] += extra
        return counts

    def _by_pause(self, first: float, times: list[float]) -> bool:
        if self.frozen is None:
            return False
        if self.frozen - IN_FLIGHT <= first <= self.frozen:
            return True
        woken = self.woken
        return woken is not None and any(woken <= at <= woken + IN_FLIGHT for at in times)


async def seed(url: str, count: int, now: int) -> None:
    """``count`` users, each with a kept check three days old and a reminder due now; the
    answers sealed under each user's key, as the bot writes them (DATA_KEY, set by main)."""
    db = PostgresDatabase(url, pool_size=1, keyring=KeyRing(parse_key(os.environ["DATA_KEY"])))
    await db.connect()
    try:
        await _copy_rows(url, count, now)
        await seal_plain_rows(db)
    finally:
        await db.close()


async def _copy_rows(url: str, count: int, now: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        created = now - 3 * 86_400
        users = list(range(FIRST_USER, FIRST_USER + count))
        answers = json.dumps(ANSWERS, separators=(",", ":"))
        async with conn.transaction():
            await conn.copy_records_to_table(
                "users",
                records=[(u, u, "en", created, 1, created) for u in users],
                columns=["user_id", "chat_id", "language_code", "created_at", "keep_checks",
                         "keep_checks_at"],
            )  # fmt: skip
            await conn.copy_records_to_table(
                "episodes",
                records=[(i + 1, u, "twitch", answers, "self_care", created)
                         for i, u in enumerate(users)],
                columns=["episode_id", "user_id", "flow_id", "answers", "level", "created_at"],
            )  # fmt: skip
            await conn.copy_records_to_table(
                "reminders",
                records=[(u, u, i + 1, now - 1, now - 1, created) for i, u in enumerate(users)],
                columns=["user_id", "chat_id", "episode_id", "due_at", "send_at", "created_at"],
            )
    finally:
        await conn.close()


async def row_states(url: str) -> dict[str, int]:
    """How many rows are in each state (None while the server is down: it restarts)."""
    conn = await asyncpg.connect(url, timeout=2)
    try:
        rows = await conn.fetch("SELECT status, COUNT(*) FROM reminders GROUP BY status")
        return {str(status): int(n) for status, n in rows}
    finally:
        await conn.close()


async def unfinished_rows(url: str) -> list[str]:
    """The rows not 'sent' at the end, with their claim: whose, how long ago its lease ran
    out (negative: not yet), and when the row is to be sent (negative: overdue)."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT reminder_id, status, claimed_by, lease_until, send_at, attempts, fence"
            " FROM reminders WHERE status <> 'sent' ORDER BY reminder_id"
        )
    finally:
        await conn.close()
    now = time.time()
    return [
        f"{r['reminder_id']} {r['status']} by {r['claimed_by']} fence {r['fence']}"
        f" attempts {r['attempts']}, lease ran out {now - (r['lease_until'] or 0):.0f} s ago,"
        f" send in {r['send_at'] - now:.0f} s"
        for r in rows
    ]


async def start_worker(
    api: LocalBotApi, url: str, workdir: Path, number: int, workers: int, run: int
) -> BotProcess:
    return await BotProcess.start(
        "ours",
        api,
        workdir / "unused.sqlite3",
        log_path=workdir / f"worker-{number}-{run}.log",
        timeout=300.0,  # three starting at once on a busy machine (load 15: over 180 s)
        extra=[
            "--database-url", url,
            "--worker-count", str(workers),
            "--worker-id", f"worker-{number}",
            "--reminder-lease", str(LEASE_SECONDS),
        ],
    )  # fmt: skip


async def failover(workdir: Path, args: argparse.Namespace) -> dict[str, object]:
    server = LocalPostgres()
    server.start()
    try:
        url = server.url()
        await seed(url, args.reminders, int(time.time()))
        print(f"{args.reminders} reminders due now; {args.workers} workers", flush=True)
        async with LocalBotApi(flood_limit_per_second=FLOOD_LIMIT, long_poll_cap=0.25) as api:
            for user_id in range(FIRST_USER, FIRST_USER + args.reminders):
                api.private_chat(FakeUser(user_id))
            sends = Sends.watch(api)
            arrivals: dict[int, list[float]] = {}
            api.call_listeners.append(
                lambda call: (
                    arrivals.setdefault(call.chat_id, []).append(call.at)
                    if call.method == "sendMessage" and call.chat_id is not None
                    else None
                )
            )
            events = Events()
            runs = [0] * args.workers
            # All at once: started one by one, the first would send everything alone.
            procs = list(
                await asyncio.gather(
                    *(
                        start_worker(api, url, workdir, n, args.workers, 0)
                        for n in range(args.workers)
                    )
                )
            )
            kills = 0
            rng = random.Random(args.seed)
            started = time.monotonic()
            progress = Progress(url, set(), sends, started)
            kill_every = args.kill_every if args.kill_every[1] > 0 else None
            next_kill = started + rng.uniform(*kill_every) if kill_every else float("inf")
            wanted = set(range(FIRST_USER, FIRST_USER + args.reminders))
            progress.wanted = wanted
            restarts: dict[int, asyncio.Task[BotProcess]] = {}
            pause_at, paused, wake_at = started + args.pause_after, None, 0.0
            restart_db_at = started + args.restart_db_after if args.restart_db_after else None
            running = list(range(args.workers))
            while not await progress.over(time.monotonic(), len(running)):
                await asyncio.sleep(0.2)
                for number, task in list(restarts.items()):
                    if task.done():
                        procs[number] = task.result()
                        del restarts[number]
                running = [n for n in range(args.workers) if n not in restarts and n != paused]
                now = time.monotonic()
                if paused is None and pause_at and now >= pause_at and running:
                    paused, pause_at = rng.choice(running), 0.0
                    procs[paused].process.send_signal(signal.SIGSTOP)
                    events.frozen = time.monotonic()
                    wake_at = now + args.pause_for
                    print(f"  worker-{paused} paused for {args.pause_for:.0f} s", flush=True)
                    continue
                if paused is not None and now >= wake_at:
                    procs[paused].process.send_signal(signal.SIGCONT)
                    events.woken = time.monotonic()
                    paused = None
                if restart_db_at is not None and now >= restart_db_at:
                    restart_db_at = None
                    await asyncio.to_thread(server.restart)
                    print("  PostgreSQL restarted", flush=True)
                # A kill leaves a worker up: the others stand in while it starts again.
                if (
                    time.monotonic() >= next_kill
                    and len(running) >= 2
                    and len(sends.by_chat) < len(wanted)
                ):
                    victim = rng.choice(running)
                    procs[victim].process.kill()
                    events.kills.append(time.monotonic())
                    await procs[victim].process.wait()
                    kills += 1
                    runs[victim] += 1
                    # Started again in the background: the kills go on meanwhile.
                    restarts[victim] = asyncio.create_task(
                        start_worker(api, url, workdir, victim, args.workers, runs[victim])
                    )
                    next_kill = time.monotonic() + rng.uniform(*args.kill_every)
            for number, task in restarts.items():
                procs[number] = await task
            if paused is not None:
                procs[paused].process.send_signal(signal.SIGCONT)
            stalled = progress.stalled(time.monotonic())
            took = progress.last_change - started
            await asyncio.sleep(2)  # a late duplicate shows itself
            unfinished = await unfinished_rows(url)
            stuck = sum(1 for row in unfinished if " sending " in row)
            for proc in procs:
                await proc.stop()
            too_many = sum(1 for r in api.rejected if r[1] == 429)
    finally:
        server.stop()
    lost = len(wanted - set(sends.by_chat))
    duplicates = sum(n - 1 for chat, n in sends.by_chat.items() if chat in wanted)
    causes = events.causes({c: t for c, t in arrivals.items() if c in wanted and len(t) > 1})
    busiest = max_in_window(sends.times)
    passed = (
        lost == 0
        and duplicates <= kills
        and causes["pause"] == 0
        and busiest <= FLOOD_LIMIT
        and too_many == 0
        and stuck == 0
        and not stalled
    )
    print(
        f"  sent {len(sends.times)} in {took:.1f} s with {kills} kills"
        f"{', a pause' if args.pause_after else ''}"
        f"{', a database restart' if 0 < args.restart_db_after < took else ''}:"
        f" lost {lost}, duplicates {duplicates} ({causes['kill']} by kills, {causes['pause']}"
        f" by the pause, {causes['other']} other), busiest second {busiest},"
        f" 429s {too_many}, left 'sending' {stuck}"
        f"{f' (nothing moved for {STALL_SECONDS:.0f} s)' if stalled else ''}"
    )
    for row in unfinished[:20]:
        print(f"  not sent: {row}")
    print(
        f"  0 lost, duplicates <= kills, <= {FLOOD_LIMIT} a second, none left 'sending':"
        f" {'met' if passed else 'MISSED'}"
    )
    return {
        "failover_reminders": args.reminders,
        "failover_workers": args.workers,
        "failover_kills": kills,
        "failover_lost": lost,
        "failover_duplicates": duplicates,
        "failover_duplicates_by_kills": causes["kill"],
        "failover_duplicates_by_pause": causes["pause"],
        "failover_duplicates_other": causes["other"],
        "failover_busiest_second": busiest,
        "failover_429": too_many,
        "failover_left_sending": stuck,
        "failover_stalled": int(stalled),
        "failover_seconds": took,
        "failover_passed": int(passed),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.failover")
    parser.add_argument("--reminders", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--kill-every",
        type=float,
        nargs=2,
        default=(2.0, 4.0),
        metavar=("MIN", "MAX"),
        help="seconds between kills; 0 0: no kill",
    )
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--workdir", default=None, help="keep the workers' logs here")
    parser.add_argument("--pause-after", type=float, default=8.0, help="seconds; 0: no pause")
    parser.add_argument("--pause-for", type=float, default=LEASE_SECONDS * 2.5)
    parser.add_argument("--restart-db-after", type=float, default=30.0, help="seconds; 0: none")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    print(f"machine: {machine()}")
    os.environ["DATA_KEY"] = new_key_text()  # a throwaway key, for this run's workers too
    if args.workdir:  # kept: the workers' logs
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
    with (
        (
            contextlib.nullcontext(args.workdir)
            if args.workdir
            else tempfile.TemporaryDirectory(prefix="bench-failover-")
        ) as tmp,
        quiet_gc(),
    ):
        figures = asyncio.run(failover(Path(tmp), args))
    print(summary_line(figures))
    return 0 if figures["failover_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
