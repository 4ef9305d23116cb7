"""Soak: random ``kill -9`` cycles while reminders go out, then a Bot API outage.

``python -m benchmarks.soak`` (docs/reliability.md has the figures of a run):

1. ``--due`` reminders (2,000), each to its own user, all due now.
2. ``--kills`` cycles (20): start ``bot.py run`` (the real CLI, against the stand-in, which
   takes at most 30 sends a second and records each), let it run a random 0.3-3 s (some
   kills land in the first second of sending), ``kill -9``.
3. A last start; after ``--outage-after`` seconds every sendMessage answers 500 for
   ``--outage`` seconds (300), then Telegram is back. The run ends when every reminder
   was sent, or when nothing moved for the longest backoff plus a minute.

Printed: reminders lost (never sent), sent twice (at most one per kill is the promise: the
send in flight), rows left 'failed' or not 'sent', and the time the backlog took after the
outage. The last line is name=value pairs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import summary_line
from benchmarks.reminders import FIRST_USER, Sends, build_database, statuses
from tgbot.localapi import FakeUser, LocalBotApi

REPO = Path(__file__).resolve().parents[1]
TOKEN = "123456:SOAK-not-a-real-token"


async def start_bot(
    api: LocalBotApi, database: Path, workdir: Path, retry_max: float, log: Path
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        DATABASE_PATH=str(database),
        REMINDER_RETRY_MAX=str(retry_max),
    )
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            str(REPO / "bot.py"),
            "run",
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=out,
        )


async def soak(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    rng = random.Random(args.seed)
    database = workdir / "soak.sqlite3"
    log = workdir / "soak.log"
    now = int(time.time())
    await build_database(database, args.due, [now - 60] * args.due, now)
    chats = set(range(FIRST_USER, FIRST_USER + args.due))
    async with LocalBotApi(flood_limit_per_second=30, long_poll_cap=0.25) as api:
        for user_id in chats:
            api.private_chat(FakeUser(user_id))
        sends = Sends.watch(api)
        first_send = asyncio.Event()
        api.call_listeners.append(
            lambda call: first_send.set() if call.method == "sendMessage" else None
        )
        kill_log = []
        for cycle in range(args.kills):
            first_send.clear()
            before = len(sends.times)
            process = await start_bot(api, database, workdir, args.retry_max, log)
            if len(sends.by_chat) < len(chats):
                # Count from the first send of this run, so the kill lands while sending.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(first_send.wait(), 30)
            after = rng.uniform(0.3, 3.0)
            await asyncio.sleep(after)
            if process.returncode is not None:
                raise RuntimeError(f"the bot exited by itself ({process.returncode}): see {log}")
            process.send_signal(signal.SIGKILL)
            await process.wait()
            kill_log.append((cycle + 1, after, len(sends.times) - before))
            print(
                f"  kill {cycle + 1:2d}: {after:.2f} s after its first send,"
                f" {len(sends.times) - before} sends this run, {len(sends.by_chat)} chats so far",
                flush=True,
            )
        before_outage = len(sends.by_chat)
        process = await start_bot(api, database, workdir, args.retry_max, log)
        await asyncio.sleep(args.outage_after)
        api.fail_next("sendMessage", 500, "Internal Server Error", times=10**9)
        outage_began = time.monotonic()
        print(f"  outage: {args.outage:.0f} s of 500s from now", flush=True)
        await asyncio.sleep(args.outage)
        api.faults.clear()
        outage_ended = time.monotonic()
        failed_during = sum(1 for r in api.rejected if r[1] == 500)
        print(f"  outage over: {failed_during} sends answered 500", flush=True)
        last_count, last_move = len(sends.by_chat), time.monotonic()
        while len(sends.by_chat) < len(chats):
            await asyncio.sleep(1)
            if len(sends.by_chat) != last_count:
                last_count, last_move = len(sends.by_chat), time.monotonic()
            elif time.monotonic() - last_move > args.retry_max + 90:
                break
        all_sent_at = time.monotonic()
        await asyncio.sleep(2)  # a late duplicate would show now
        process.send_signal(signal.SIGTERM)
        exit_code = await process.wait()
    got = set(sends.by_chat) & chats
    lost = len(chats - got)
    duplicates = sum(n - 1 for chat, n in sends.by_chat.items() if chat in chats)
    rows = statuses(database)
    backlog_s = all_sent_at - outage_ended
    print(
        f"  {args.due} reminders, {args.kills} kills, {args.outage:.0f} s outage:"
        f" lost {lost}, duplicates {duplicates} (at most {args.kills}), rows {dict(rows)},"
        f" backlog done {backlog_s:.0f} s after the outage, exit {exit_code}"
    )
    met = lost == 0 and duplicates <= args.kills and rows.get("failed", 0) == 0
    print(f"  0 lost, duplicates <= 1 per kill, 0 failed: {'met' if met else 'MISSED'}")
    return {
        "soak_due": args.due,
        "soak_kills": args.kills,
        "soak_outage_s": args.outage,
        "soak_retry_max_s": args.retry_max,
        "soak_sent_before_outage": before_outage,
        "soak_500s": failed_during,
        "soak_lost": lost,
        "soak_duplicates": duplicates,
        "soak_failed": rows.get("failed", 0),
        "soak_not_sent_rows": sum(n for s, n in rows.items() if s != "sent"),
        "soak_outage_to_done_s": round(all_sent_at - outage_began, 1),
        "soak_backlog_after_outage_s": round(backlog_s, 1),
        "soak_exit": exit_code,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--outage", type=float, default=300.0, help="seconds of 500s")
    parser.add_argument("--outage-after", type=float, default=3.0)
    parser.add_argument(
        "--retry-max", type=float, default=600.0, help="REMINDER_RETRY_MAX for the bot"
    )
    parser.add_argument("--seed", type=int, default=15)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        figures = asyncio.run(soak(args, Path(tmp)))
    print(summary_line(figures))
    ok = figures["soak_lost"] == 0 and figures["soak_failed"] == 0
    return 0 if ok and int(str(figures["soak_duplicates"])) <= args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
