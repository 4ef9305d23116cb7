"""One bot in its own process, polling the stand-in: ``python -m benchmarks.botproc KIND``.

KIND is ``ours`` (the real bot: build_application and the production lifecycle of
tgbot.serving.serve, logging as ``bot.py run`` does), ``echo`` or ``replay`` (bare, stock PTB
with the same Application settings, benchmarks/baselines.py), or ``aiogram`` (a bare aiogram 3
echo bot, benchmarks/aiogram_echo.py). When it polls it prints one JSON line to
stdout with its own timings and peak memory; SIGTERM stops it cleanly.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import zlib  # noqa: E402
from datetime import timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

WEBHOOK_SECRET = "benchmark-secret-token-0123456789"
SHARED_CACHE = (
    Path(tempfile.gettempdir())
    / f"twitch-triage-bot-bench-{os.getuid()}-{zlib.crc32(str(Path(__file__).parent).encode()):08x}"
)
"""The loaded content, kept between the benchmarks' starts as production keeps it between
its own (tgbot/core/library_cache.py): only the first start after a change of content or
code loads and checks it; one folder per checkout, as each has its own code.
benchmarks/startup.py measures cold starts with a cache of its own."""
# Libraries our bot does not use when it polls on SQLite (benchmarks/startup.py names those
# it imported anyway): PTB's httpx and tornado, PostgreSQL's driver, the documents' and the
# word forms' libraries.
UNUSED_WHEN_POLLING = (
    "httpx",
    "tornado",
    "asyncpg",
    "matplotlib",
    "fpdf",
    "simplemma",
    "pymorphy3",
)


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _report(**figures: object) -> None:
    print(json.dumps(figures), flush=True)


async def _until_sigterm() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def run_ours(args: argparse.Namespace) -> None:
    from benchmarks.harness import TOKEN
    from tgbot.bot.application import build_application
    from tgbot.bot.ratelimit import SENDS_PER_SECOND, PacedRateLimiter
    from tgbot.config import Settings, WebhookSettings
    from tgbot.logs import setup_logging
    from tgbot.serving.run import ALLOWED_UPDATES
    from tgbot.serving.serve import PollingReceiver, Receiver, serving
    from tgbot.serving.webhook import WebhookReceiver
    from tgbot.storage.crypto import parse_key

    imported = time.perf_counter()
    settings = Settings(
        token=TOKEN,
        api_base_url=args.api,
        database_path=Path(args.database),
        database_url=args.database_url,
        # PostgreSQL's DATA_KEY from the environment (not an argument, which ps would show).
        data_key=parse_key(os.environ["DATA_KEY"]) if os.environ.get("DATA_KEY") else None,
        worker_count=args.worker_count,
        worker_id=args.worker_id,
        reminder_lease=args.reminder_lease,
        admin_user_ids=frozenset(args.admin),
        library_cache=None if args.cache_dir == "off" else Path(args.cache_dir),
    )
    setup_logging(settings.log_level, secrets=[settings.token])
    # This worker's share of the bot's send budget (tgbot/bot/application.py does the same).
    limiter = PacedRateLimiter(
        SENDS_PER_SECOND / settings.worker_count if args.overall_limit else None
    )
    application = build_application(settings, limiter=limiter)
    built = time.perf_counter()
    receiver: Receiver = PollingReceiver(application, ALLOWED_UPDATES)
    if args.webhook_url:
        webhook = WebhookSettings(
            url=args.webhook_url, secret_token=WEBHOOK_SECRET, port=args.webhook_port
        )
        receiver = WebhookReceiver(application, webhook, ALLOWED_UPDATES)
    async with serving(application, receiver, shutdown_timeout=settings.shutdown_timeout):
        polling = time.perf_counter()
        _report(
            kind="ours",
            import_s=imported - STARTED,
            build_s=built - imported,
            start_s=polling - built,
            peak_rss_kb=peak_rss_kb(),
            unused_modules=[name for name in UNUSED_WHEN_POLLING if name in sys.modules],
        )
        asyncio.get_running_loop().add_signal_handler(
            signal.SIGUSR1, lambda: _tasks.add(asyncio.create_task(_retention(application)))
        )
        await _until_sigterm()


_tasks: set[asyncio.Task[None]] = set()


async def _retention(application: Any) -> None:
    """SIGUSR1: the daily retention run, now, in the bot's own loop (benchmarks/growth.py)."""
    from tgbot.storage import RETENTION_DAYS

    services = application.bot_data.services
    started = time.perf_counter()
    rows = await services.privacy.purge_older_than(
        services.clock.now() - timedelta(days=RETENTION_DAYS)
    )
    _report(retention_s=time.perf_counter() - started, rows=rows)


async def run_baseline(args: argparse.Namespace) -> None:
    from benchmarks.baselines import build_echo_application, build_replay_application
    from tgbot.serving.run import ALLOWED_UPDATES

    imported = time.perf_counter()
    if args.kind == "echo":
        application = build_echo_application(args.api, overall_limit=args.overall_limit)
    else:
        application = build_replay_application(
            args.api, Path(args.answers), overall_limit=args.overall_limit
        )
    built = time.perf_counter()
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10, allowed_updates=ALLOWED_UPDATES)
        polling = time.perf_counter()
        _report(
            kind=args.kind,
            import_s=imported - STARTED,
            build_s=built - imported,
            start_s=polling - built,
            peak_rss_kb=peak_rss_kb(),
        )
        await _until_sigterm()
        await application.updater.stop()
        await application.stop()


async def run_aiogram(args: argparse.Namespace) -> None:
    from benchmarks.aiogram_echo import build_aiogram_echo
    from tgbot.serving.run import ALLOWED_UPDATES

    imported = time.perf_counter()
    bot, dispatcher = build_aiogram_echo(args.api, overall_limit=args.overall_limit)
    built = time.perf_counter()

    async def on_startup() -> None:
        _report(
            kind="aiogram",
            import_s=imported - STARTED,
            build_s=built - imported,
            start_s=time.perf_counter() - built,
            peak_rss_kb=peak_rss_kb(),
        )

    dispatcher.startup.register(on_startup)
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot, polling_timeout=10, allowed_updates=list(ALLOWED_UPDATES), handle_signals=False
        )
    )
    await _until_sigterm()
    await dispatcher.stop_polling()
    await polling


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.botproc")
    parser.add_argument("kind", choices=["ours", "echo", "replay", "aiogram"])
    parser.add_argument("--api", required=True, help="the stand-in's base URL")
    parser.add_argument("--database", default="bench.sqlite3")
    parser.add_argument("--database-url", default=None, help="ours: PostgreSQL instead")
    parser.add_argument("--worker-count", type=int, default=1, help="ours: WORKER_COUNT")
    parser.add_argument("--worker-id", default=None, help="ours: WORKER_ID")
    parser.add_argument("--webhook-url", default=None, help="ours: take updates by webhook")
    parser.add_argument("--webhook-port", type=int, default=8443, help="ours: listen here")
    parser.add_argument("--reminder-lease", type=float, default=90.0, help="ours: seconds")
    parser.add_argument("--admin", type=int, action="append", default=[], help="ours: admin id")
    parser.add_argument("--answers", default=".", help="replay: where our bot's answers are")
    parser.add_argument(
        "--cache-dir",
        default=str(SHARED_CACHE),
        help="ours: CACHE_DIR (default: one for every benchmark run of this user; off)",
    )
    parser.add_argument(
        "--no-overall-limit",
        dest="overall_limit",
        action="store_false",
        help="lift the rate limiter's overall 29/s (per-group limits stay)",
    )
    args = parser.parse_args(argv)
    runners = {"ours": run_ours, "aiogram": run_aiogram}
    runner = runners.get(args.kind, run_baseline)
    asyncio.run(runner(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
