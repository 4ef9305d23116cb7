"""Updates per second with 1, 2 and 4 webhook workers on one PostgreSQL, and 1 on SQLite.

The deployment of docs/scaling.md in one machine: the stand-in posts each update to a
round-robin balancer (nginx's part, played here by a few lines of aiohttp), which passes it to
one of the workers; every worker is ``bot.py run --webhook``'s code (benchmarks/botproc.py)
on the same database. ``--users`` (64) users each send /start, wait for the answer and send
again, for ``--seconds`` (10) after a warm-up; the rate limiter's overall pace is lifted and
the stand-in has no flood limit, so the figure is what handling costs (a real bot's sends stay
under Telegram's 30/s, shared by the workers). Printed side by side: updates/s and the 99th
percentile of latency for each setting.

On 2 cores, with the stand-in, the balancer and the load in this process too, more workers
cannot add CPU: the figures show what the chat lock and the database cost, not a speed-up
the machine does not have (docs/scaling.md says what to expect with more cores).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web

from benchmarks.botproc import WEBHOOK_SECRET
from benchmarks.harness import (
    AnswerWatch,
    BotProcess,
    machine,
    percentile,
    quiet_gc,
    summary_line,
)
from tgbot.localapi import FakeUser, LocalBotApi
from tgbot.localpg import LocalPostgres, free_port
from tgbot.storage.crypto import new_key_text

FIRST_USER = 30_000_000
SETTINGS = (("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 4))


class Balancer:
    """Round robin over the workers' webhook servers, as nginx's upstream block does."""

    def __init__(self, ports: list[int]) -> None:
        self._next = itertools.cycle(ports)
        self.port = free_port()
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        url = f"http://127.0.0.1:{next(self._next)}/telegram"
        async with self._session.post(url, data=body, headers=request.headers) as answer:
            return web.Response(status=answer.status, body=await answer.read())

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()


async def one_setting(
    workdir: Path, engine: str, workers: int, args: argparse.Namespace, server: LocalPostgres
) -> tuple[float, float]:
    """(updates/s, p99 latency in ms) for one engine and number of workers."""
    name = f"{engine}_{workers}"
    url = None
    if engine == "postgresql":
        conn = await asyncpg.connect(server.url())
        try:
            await conn.execute(f"CREATE DATABASE {name}")
        finally:
            await conn.close()
        url = server.url(name)
    ports = [free_port() for _ in range(workers)]
    balancer = Balancer(ports)
    await balancer.start()
    procs: list[BotProcess] = []
    try:
        async with LocalBotApi(long_poll_cap=0.25) as api:
            users = [FakeUser(FIRST_USER + i) for i in range(args.users)]
            for user in users:
                api.private_chat(user)
            watch = AnswerWatch(api)
            for number, port in enumerate(ports):
                extra = [
                    "--webhook-url", f"http://127.0.0.1:{balancer.port}/telegram",
                    "--webhook-port", str(port),
                    "--worker-count", str(workers),
                    "--worker-id", f"{name}-{number}",
                ]  # fmt: skip
                if url is not None:
                    extra += ["--database-url", url]
                procs.append(
                    await BotProcess.start(
                        "ours",
                        api,
                        workdir / f"{name}.sqlite3",
                        overall_limit=False,
                        log_path=workdir / f"{name}-{number}.log",
                        extra=extra,
                    )
                )
            assert api.webhook.get("secret_token") == WEBHOOK_SECRET
            latencies: list[float] = []
            answered = 0
            stop_at = time.monotonic() + args.warmup + args.seconds
            count_from = time.monotonic() + args.warmup

            async def user_loop(user: FakeUser) -> None:
                nonlocal answered
                while time.monotonic() < stop_at:
                    before = watch.count(user.id)
                    sent = time.monotonic()
                    api.user_message(user, "/start")
                    await watch.wait(user.id, before + 1, timeout=30)
                    if sent >= count_from:
                        answered += 1
                        latencies.append(time.monotonic() - sent)

            await asyncio.gather(*(user_loop(user) for user in users))
    finally:
        for proc in procs:
            await proc.stop()
        await balancer.stop()
    rate = answered / args.seconds
    p99 = percentile(latencies, 99) * 1000 if latencies else float("nan")
    print(f"  {engine:<10} x{workers}: {rate:7.1f} updates/s, p99 {p99:6.1f} ms", flush=True)
    return rate, p99


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    print(f"machine: {machine()}")
    os.environ.setdefault("DATA_KEY", new_key_text())  # the workers' key, for this run only
    figures: dict[str, object] = {}
    server = LocalPostgres()
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
            for engine, workers in SETTINGS:
                if workers > args.max_workers:
                    continue
                rate, p99 = await one_setting(Path(tmp), engine, workers, args, server)
                figures[f"{engine}_{workers}_ups"] = rate
                figures[f"{engine}_{workers}_p99_ms"] = p99
    finally:
        server.stop()
    return figures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling")
    parser.add_argument("--users", type=int, default=64, help="users acting at once")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured, per setting")
    parser.add_argument("--warmup", type=float, default=2.0, help="not measured, per setting")
    parser.add_argument("--max-workers", type=int, default=4)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with quiet_gc():
        figures = asyncio.run(main_async(args))
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
