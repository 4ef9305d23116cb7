"""Latency under load, fairly shared: a third user's answers while someone floods the bot and
while a burst of reminders goes out.

Both at production settings: our bot in its own process with the production rate limiter, a
stand-in that answers 429 beyond 30 sends in any second, and 30 ms round trips.

1. flood: user A sends ``--flood`` (2,000) ``/start`` within about a second. User C meanwhile
   asks ``/help``, waits for the answer, waits ``--pause`` and asks again, for ``--seconds``.
2. reminders: ``--reminders`` (2,000) reminders are due when the bot starts; user C does the
   same while they go out.

Printed: C's answer times (p50, p99, worst) in each, what A got, how many reminders went out
and whether any send got a 429. Before this round (issue #18) C waited 67 s and 66 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import AnswerWatch, BotProcess, machine, percentile, quiet_gc, summary_line
from benchmarks.reminders import FIRST_USER, build_database, create_schema
from tgbot.localapi import FakeUser, LocalBotApi

FLOOD_LIMIT = 30
TARGET_P99_S = 2.0
FLOODER = FakeUser(30_000_001, first_name="Flood")
PROBE = FakeUser(30_000_002, first_name="Probe")


@dataclass
class Probe:
    latencies: list[float] = field(default_factory=list)
    injected: list[float] = field(default_factory=list)
    """When each answered ask was sent (the stand-in's clock)."""
    missed: int = 0

    def between(self, start: float, end: float) -> Probe:
        """The asks sent from ``start`` to ``end``: those made during the load."""
        kept = [
            (i, x) for i, x in zip(self.injected, self.latencies, strict=True) if start <= i <= end
        ]
        return Probe([x for _, x in kept], [i for i, _ in kept], self.missed)


async def probe(api: LocalBotApi, watch: AnswerWatch, seconds: float, pause: float) -> Probe:
    """User C: /help, wait for the answer, pause, again, for ``seconds``."""
    result = Probe()
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        seen = watch.count(PROBE.id)
        injected = time.monotonic()
        api.user_message(PROBE, "/help")
        try:
            await watch.wait(PROBE.id, seen + 1, 30)
        except TimeoutError:
            result.missed += 1
            continue
        result.latencies.append(watch.calls_of(PROBE.id, seen, seen + 1)[0].at - injected)
        result.injected.append(injected)
        await asyncio.sleep(pause)
    return result


def summarise(name: str, result: Probe) -> dict[str, object]:
    p50, p99 = percentile(result.latencies, 50), percentile(result.latencies, 99)
    worst = max(result.latencies, default=float("nan"))
    verdict = "met" if p99 <= TARGET_P99_S and not result.missed else "MISSED"
    print(
        f"  user C: {len(result.latencies)} answers, p50 {p50 * 1000:.0f} ms,"
        f" p99 {p99 * 1000:.0f} ms, worst {worst * 1000:.0f} ms, {result.missed} unanswered"
        f"  (target p99 <= {TARGET_P99_S:.0f} s: {verdict})"
    )
    return {
        f"{name}_p50_ms": p50 * 1000,
        f"{name}_p99_ms": p99 * 1000,
        f"{name}_worst_ms": worst * 1000,
        f"{name}_unanswered": result.missed,
        f"{name}_asks": len(result.latencies),
    }


async def flood(workdir: Path, args: argparse.Namespace) -> dict[str, object]:
    database = workdir / "flood.sqlite3"
    await create_schema(database)
    api = LocalBotApi(flood_limit_per_second=FLOOD_LIMIT, long_poll_cap=0.25, latency=args.latency)
    async with api:
        for user in (FLOODER, PROBE):
            api.private_chat(user)
        watch = AnswerWatch(api)
        bot = await BotProcess.start("ours", api, database, log_path=workdir / "flood.log")
        prober = asyncio.create_task(probe(api, watch, args.seconds, args.pause))
        await asyncio.sleep(0.5)
        started = time.monotonic()
        for number in range(args.flood):
            api.user_message(FLOODER, "/start")
            if number % 100 == 99:
                await asyncio.sleep(0.04)  # 2,000 in about a second
        injected_in = time.monotonic() - started
        result = await prober
        await asyncio.sleep(1)
        answers = [c for c in api.calls if c.chat_id == FLOODER.id and c.method == "sendMessage"]
        # "During the flood": from its first message until A's last answer.
        during = result.between(started, max((c.at for c in answers), default=started))
        told = sum(1 for c in answers if "faster than I can answer" in str(c.params.get("text")))
        too_many = sum(1 for r in api.rejected if r[1] == 429)
        await bot.stop()
    print(
        f"flood: user A sent {args.flood} /start in {injected_in:.2f} s; A got"
        f" {len(answers) - told} answers and {told} slow-down notes, the last"
        f" {max((c.at for c in answers), default=started) - started:.1f} s after the first"
        f" message; {too_many} 429s"
    )
    print("  while A's flood was handled:")
    figures = summarise("flood", during)
    print(f"  the whole {args.seconds:.0f} s:")
    return (
        figures
        | summarise("flood_all", result)
        | {"flood_answers": len(answers), "flood_429": too_many}
    )


async def reminder_burst(workdir: Path, args: argparse.Namespace) -> dict[str, object]:
    database = workdir / "burst.sqlite3"
    now = int(time.time())
    await build_database(database, args.reminders, [now - 1] * args.reminders, now)
    api = LocalBotApi(flood_limit_per_second=FLOOD_LIMIT, long_poll_cap=0.25, latency=args.latency)
    reminder_chats = range(FIRST_USER, FIRST_USER + args.reminders)
    async with api:
        for user_id in reminder_chats:
            api.private_chat(FakeUser(user_id))
        api.private_chat(PROBE)
        watch = AnswerWatch(api)
        first_reminder = asyncio.Event()
        api.call_listeners.append(
            lambda call: first_reminder.set() if call.chat_id in reminder_chats else None
        )
        bot = await BotProcess.start("ours", api, database, log_path=workdir / "burst.log")
        await asyncio.wait_for(first_reminder.wait(), 60)
        result = await probe(api, watch, args.seconds, args.pause)
        sent = sum(1 for u in reminder_chats if watch.count(u))
        too_many = sum(1 for r in api.rejected if r[1] == 429)
        await bot.stop()
    print(
        f"reminders: {args.reminders} due at start; {sent} sent while user C asked for"
        f" {args.seconds:.0f} s ({sent / args.seconds:.1f}/s); {too_many} 429s"
    )
    return summarise("burst", result) | {"burst_sent": sent, "burst_429": too_many}


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    print(f"machine: {machine()}")
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-fairness-") as tmp, quiet_gc():
        workdir = Path(tmp)
        figures |= await flood(workdir, args)
        figures |= await reminder_burst(workdir, args)
    return figures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fairness")
    parser.add_argument("--flood", type=int, default=2000, help="user A's /start messages")
    parser.add_argument("--reminders", type=int, default=2000, help="reminders due at start")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long user C asks")
    parser.add_argument("--pause", type=float, default=0.1, help="C's pause between asks")
    parser.add_argument("--latency", type=float, default=0.03, help="each request's round trip")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    figures = asyncio.run(main_async(args))
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
