"""Start-up: from starting the bot's process to its answer to a new user's ``/start``.

The bot starts as in production (``python -m benchmarks.botproc ours``: build_application and
the production lifecycle, polling the local Bot API stand-in, a new SQLite file, the content
cache beside it): once cold (no cache yet: content/ loaded and checked, then saved) and then
``--runs`` times warm (the library read from the cache, as every start after the first with
the same content and code). Each run prints the time to the first answer and the child's own
split (imports; building: content, safety data and database; start until it polls) and the
libraries it imported that polling does not use. Then, in this process, what building spends
on loading every language's content and the safety data, and on reading the cache instead
(target for a start: issue #31, 1 s).

    python -m benchmarks.startup [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import AnswerWatch, BotProcess, machine, summary_line
from tgbot.localapi import FakeUser, LocalBotApi

TARGET_S = 1.0
NEWCOMER = FakeUser(41_000_001, first_name="New")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


async def one_start(workdir: Path, run: int) -> dict[str, float | str]:
    """One start; the content cache in ``workdir``/cache, as `bot.py run` keeps it."""
    async with LocalBotApi(long_poll_cap=0.25) as api:
        api.private_chat(NEWCOMER)
        watch = AnswerWatch(api)
        bot = await BotProcess.start(
            "ours",
            api,
            workdir / f"startup-{run}.sqlite3",
            log_path=workdir / f"bot-{run}.log",
            timeout=300,  # a cold start on a busy machine
            extra=["--cache-dir", str(workdir / "cache")],
        )
        try:
            api.user_message(NEWCOMER, "/start")
            await watch.wait(NEWCOMER.id, 1, 60)
            answered = watch.calls_of(NEWCOMER.id, 0, 1)[0].at
            cpu_s = bot.cpu_seconds()
            await asyncio.sleep(1)  # the answer's own work done: the bot idles
            rss_mb = bot.rss_mb()
        finally:
            await bot.stop()
    return {
        "first_answer_s": answered - bot.spawned_at,
        "cpu_s": cpu_s,
        "rss_mb": rss_mb,
        "imports_s": float(bot.ready["import_s"]),
        "build_s": float(bot.ready["build_s"]),
        "start_s": float(bot.ready["start_s"]),
        "unused": ",".join(bot.ready.get("unused_modules", [])) or "-",
    }


def loading_split(workdir: Path) -> dict[str, float]:
    """In this process (its imports already done), CPU seconds, the garbage collector off as
    the bot has it while loading: the whole library, then the safety data alone, then the
    library read from the cache (its key included)."""
    from tgbot.config import DEFAULT_CONTENT_DIR
    from tgbot.core.knowledge import load_library
    from tgbot.core.library_cache import forget_last, library_key, load_library_cached
    from tgbot.core.safety import load_safety

    root = Path(DEFAULT_CONTENT_DIR)
    gc.disable()
    try:
        started = time.process_time()
        load_library(root)
        library_s = time.process_time() - started
        started = time.process_time()
        load_safety(root)
        safety_s = time.process_time() - started
        load_library_cached(root, workdir / "cache")
        started = time.process_time()
        library_key(root)
        key_s = time.process_time() - started
        forget_last()  # from the file, as a new process reads it, not from this one's memory
        started = time.process_time()
        assert load_library_cached(root, workdir / "cache").cached
        cached_s = time.process_time() - started
    finally:
        gc.enable()
    return {"library_s": library_s, "safety_s": safety_s, "key_s": key_s, "cached_s": cached_s}


async def main_async(runs: int) -> None:
    print(machine())
    print(f"load average at the start: {load_average()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="startup-") as folder:
        for run in range(runs + 1):
            figures = await one_start(Path(folder), run)
            name = "cold (no cache yet)" if run == 0 else f"warm {run}"
            print(
                f"{name}: first answer {figures['first_answer_s']:.2f} s, of the bot's"
                f" CPU {figures['cpu_s']:.2f} s"
                f" (imports {figures['imports_s']:.2f} s, build {figures['build_s']:.2f} s,"
                f" start {figures['start_s']:.2f} s); RSS after it {figures['rss_mb']:.0f} MB;"
                f" imported but unused: {figures['unused']}",
                flush=True,
            )
            if run == 0:
                cold = figures
            else:
                results.append(figures)
        split = loading_split(Path(folder))
    print(
        f"of the build, in this process (CPU): every language's content and safety data"
        f" {split['library_s']:.2f} s, of it the safety data {split['safety_s']:.2f} s;"
        f" from the cache {split['cached_s']:.2f} s, of it the key {split['key_s']:.3f} s"
    )
    print(f"load average at the end: {load_average()}")

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in results)

    first = median("first_answer_s")
    verdict = "met" if first <= TARGET_S else "NOT met"
    print(
        f"start to first answer, warm, median of {runs}: {first:.2f} s (target {TARGET_S} s:"
        f" {verdict}); cold {cold['first_answer_s']:.2f} s"
    )
    print(
        summary_line(
            {
                "startup_first_answer_s": first,
                "startup_cpu_s": median("cpu_s"),
                "startup_cold_first_answer_s": float(cold["first_answer_s"]),
                "startup_cold_cpu_s": float(cold["cpu_s"]),
                "startup_rss_mb": median("rss_mb"),
                "startup_cold_rss_mb": float(cold["rss_mb"]),
                "startup_imports_s": median("imports_s"),
                "startup_build_s": median("build_s"),
                "startup_library_s": split["library_s"],
                "startup_safety_s": split["safety_s"],
                "startup_cached_s": split["cached_s"],
                "startup_unused_modules": results[-1]["unused"],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="starts (default 3)")
    args = parser.parse_args()
    asyncio.run(main_async(args.runs))


if __name__ == "__main__":
    main()
