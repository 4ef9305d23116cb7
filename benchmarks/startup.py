"""Start-up: from starting the bot's process to its answer to a new user's ``/start``.

The bot starts as in production (``python -m benchmarks.botproc ours``: build_application and
the production lifecycle, polling the local Bot API stand-in, a new SQLite file) ``--runs``
times; each run prints the time to the first answer and the child's own split (imports;
building: content, safety data and database; start until it polls) and the libraries it
imported that polling does not use. Then, in this process, what building spends on loading
every language's content and the safety data (target for the whole: issue #31, 1 s).

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
    async with LocalBotApi(long_poll_cap=0.25) as api:
        api.private_chat(NEWCOMER)
        watch = AnswerWatch(api)
        bot = await BotProcess.start(
            "ours", api, workdir / f"startup-{run}.sqlite3", log_path=workdir / f"bot-{run}.log"
        )
        try:
            api.user_message(NEWCOMER, "/start")
            await watch.wait(NEWCOMER.id, 1, 60)
            answered = watch.calls_of(NEWCOMER.id, 0, 1)[0].at
            cpu_s = bot.cpu_seconds()
        finally:
            await bot.stop()
    return {
        "first_answer_s": answered - bot.spawned_at,
        "cpu_s": cpu_s,
        "imports_s": float(bot.ready["import_s"]),
        "build_s": float(bot.ready["build_s"]),
        "start_s": float(bot.ready["start_s"]),
        "unused": ",".join(bot.ready.get("unused_modules", [])) or "-",
    }


def loading_split() -> dict[str, float]:
    """In this process (its imports already done), CPU seconds, the garbage collector off as
    the bot has it while loading: the whole library, then the safety data alone."""
    from tgbot.config import DEFAULT_CONTENT_DIR
    from tgbot.core.knowledge import load_library
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
    finally:
        gc.enable()
    return {"library_s": library_s, "safety_s": safety_s}


async def main_async(runs: int) -> None:
    print(machine())
    print(f"load average at the start: {load_average()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="startup-") as folder:
        for run in range(runs):
            figures = await one_start(Path(folder), run)
            results.append(figures)
            print(
                f"run {run + 1}: first answer {figures['first_answer_s']:.2f} s, of the bot's"
                f" CPU {figures['cpu_s']:.2f} s"
                f" (imports {figures['imports_s']:.2f} s, build {figures['build_s']:.2f} s,"
                f" start {figures['start_s']:.2f} s); imported but unused: {figures['unused']}",
                flush=True,
            )
    split = loading_split()
    print(
        f"of the build, in this process (CPU): every language's content and safety data"
        f" {split['library_s']:.2f} s, of it the safety data {split['safety_s']:.2f} s"
    )
    print(f"load average at the end: {load_average()}")

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in results)

    first = median("first_answer_s")
    verdict = "met" if first <= TARGET_S else "NOT met"
    print(
        f"start to first answer, median of {runs}: {first:.2f} s (target {TARGET_S} s: {verdict})"
    )
    print(
        summary_line(
            {
                "startup_first_answer_s": first,
                "startup_cpu_s": median("cpu_s"),
                "startup_imports_s": median("imports_s"),
                "startup_build_s": median("build_s"),
                "startup_library_s": split["library_s"],
                "startup_safety_s": split["safety_s"],
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
