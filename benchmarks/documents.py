"""The doctor's page and the diary chart, made by the document process: time and memory.

``python -m benchmarks.documents`` loads what the idle bot loads (its modules and content),
then asks the document process (tgbot/documents/process.py) for the doctor's page of six
checks and 30 days of diary, ``--rounds`` times, and for /diary's chart. Side by side:

* the bot's own RSS before and after (its peak: documents must not grow it);
* the document process's RSS (a separate process, started and warmed here as the bot does
  two seconds after start-up; ``--cold`` starts it with the first document instead);
* the first document after start and the later ones (wall time, and the document process's
  CPU time, which the machine's load does not inflate).

``--bot`` runs the real bot in its own process instead and asks it for /summary through the
stand-in, once its document process is warm; ``--bot --early`` asks 10 s after the bot's
first answer (the bot once started its document process only after half a minute).

Targets (#31, #32): the first document at most 1 s and 60 MB above the idle bot, later ones
0.3 s; matplotlib and the PDF library never imported by the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.harness import summary_line
from tgbot.core.diary import Amount, DiaryEntry, summarize
from tgbot.core.doctor_summary import CheckRecord, DoctorPage, doctor_page
from tgbot.core.knowledge import Knowledge
from tgbot.core.triage import TriageData, evaluate
from tgbot.documents.chart import ChartTexts
from tgbot.documents.jobs import ChartJob, Job, PageJob
from tgbot.documents.process import DocumentProcess

TODAY = date(2026, 12, 7)
SIX_CHECKS: list[tuple[int, str, dict[str, tuple[str, ...]]]] = [
    (2, "twitch", {"emergency_signs": ("none",), "location": ("eyelid",), "duration": ("days",),
                   "symptoms": ("none",), "triggers": ("caffeine", "sleep")}),
    (9, "spasm", {"emergency_signs": ("none",), "location": ("calf_foot",), "leg_signs": ("none",),
                  "episode_length": ("short",), "frequency": ("often",),
                  "context": ("night", "exercise"), "other_symptoms": ("none",),
                  "self_care_result": ("not_helped",)}),
    (16, "twitch", {"emergency_signs": ("none",), "location": ("eyelid",),
                    "duration": ("over_two_weeks",), "symptoms": ("weakness",),
                    "triggers": ("caffeine",)}),
    (23, "twitch", {"emergency_signs": ("none",), "location": ("many",),
                    "duration": ("months_on_off",), "symptoms": ("none",),
                    "triggers": ("stress",), "already_checked": ("not_checked",)}),
    (27, "spasm", {"emergency_signs": ("none",), "location": ("thigh",), "leg_signs": ("none",),
                   "episode_length": ("short",), "frequency": ("first",),
                   "context": ("heat_dehydration",), "other_symptoms": ("none",),
                   "self_care_result": ("helped",)}),
    (29, "spasm", {"emergency_signs": ("none",), "location": ("hand_arm",), "arm_signs": ("none",),
                   "episode_length": ("short",), "frequency": ("sometimes",),
                   "context": ("new_medicine",), "medicine_signs": ("none",),
                   "other_symptoms": ("twitching",), "self_care_result": ("not_tried",)}),
]  # fmt: skip


def sample_checks(triage: TriageData) -> list[CheckRecord]:
    """Six checks over a month, both topics, oldest first (as storage gives them)."""
    return [
        CheckRecord(
            TODAY - timedelta(days=ago),
            flow,
            answers,
            evaluate(triage.flows[flow], answers).level.value,
            "1.2",
        )
        for ago, flow, answers in reversed(SIX_CHECKS)
    ]


def sample_diary(seed: int = 7) -> list[DiaryEntry]:
    """30 days of twitching (a few days not logged) and some nights of cramp."""
    rng = random.Random(seed)
    entries: list[DiaryEntry] = []
    for ago in range(30):
        day = TODAY - timedelta(days=ago)
        if ago % 7 != 3:
            triggers = tuple(
                rng.sample(["caffeine", "sleep", "stress", "alcohol"], rng.randint(0, 2))
            )
            entries.append(DiaryEntry(day, "twitch", rng.choice(list(Amount)), "eyelid", triggers))
        if ago % 3 == 0:
            context = ("night",) if ago % 2 else ("night", "exercise")
            entries.append(DiaryEntry(day, "spasm", rng.choice(list(Amount)), "calf_foot", context))
    return entries


def sample_page(knowledge: Knowledge, locale: str) -> tuple[DoctorPage, ChartTexts]:
    """The doctor's page of six checks and 30 days of diary, in the language of ``knowledge``,
    as the /summary handler makes it."""
    from tgbot.bot.diary_pages import caption_for

    messages = knowledge.content.messages
    entries = sample_diary()
    diaries = {}
    for topic in ("twitch", "spasm"):
        summary = summarize(
            [e for e in entries if e.topic == topic], TODAY - timedelta(days=29), TODAY
        )
        flow = knowledge.triage.flows[topic]
        diaries[topic] = (summary, caption_for(messages, flow, summary, with_triggers=False))
    page = doctor_page(
        messages,
        knowledge.triage,
        knowledge.content,
        sample_checks(knowledge.triage),
        diaries,
        TODAY,
        locale,
    )
    texts = ChartTexts(
        messages["summary_diary"],
        {a: messages[f"amount_{a.value}"] for a in Amount},
        messages["diary_not_logged"],
        locale,
    )
    return page, texts


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak(pid: int | str) -> None:
    """VmHWM from now on (Linux: writing 5 to clear_refs resets a process's peak RSS)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def cpu_s(pid: int | None) -> float:
    """A process's CPU time so far (user and system), from /proc."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(documents: DocumentProcess, job: Job) -> tuple[float, float]:
    """Wall time, and the document process's CPU time (what the document costs, whatever
    else the machine is doing)."""
    before = cpu_s(documents.pid)
    start = time.perf_counter()
    documents.make(job)
    return time.perf_counter() - start, cpu_s(documents.pid) - before


EARLY_AFTER_S = 10.0
"""--early: the first /summary this long after the bot's first answer."""

CHECK = [
    "🚫 None of these",
    "👁️ Eyelid",
    "⏳ More than 2 weeks",
    "🫳 Weakness",
    "✅ Done",
    "☕ Coffee, tea or energy drinks",
    "✅ Done",
]
"""An English check that ends at "see a doctor", tapped as a user would."""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


async def _warm_child(pid: int, timeout: float) -> int:
    """The bot's document process, once its warm-up is over (its CPU time stands still)."""
    deadline = time.monotonic() + timeout
    while not (children := _children(pid)):
        if time.monotonic() > deadline:
            raise RuntimeError("the bot started no document process")
        await asyncio.sleep(0.5)
    used = -1.0
    while (now := cpu_s(children[0])) != used:
        used = now
        await asyncio.sleep(1.5)
    return children[0]


async def in_the_bot(rounds: int, *, early: bool = False) -> dict[str, float]:
    """The real bot in its own process (benchmarks.botproc), asked for /summary through the
    stand-in: its RSS idle, at its peak while it sends the documents, and the time from
    /summary to the PDF, the first after start and later ones. By default the first is asked
    once the document process is warm; ``early``: EARLY_AFTER_S after the bot's first answer
    (on a loaded machine the start itself can take many seconds)."""
    from benchmarks.harness import BotProcess
    from tgbot.localapi import ChatSession, FakeUser, LocalBotApi

    with tempfile.TemporaryDirectory() as folder:
        async with LocalBotApi(long_poll_cap=0.5) as api:
            bot = await BotProcess.start(
                "ours", api, Path(folder) / "bot.sqlite3", log_path=Path(folder) / "bot.log"
            )
            try:
                chat = ChatSession(api, FakeUser(8_000_001, first_name="Doc", language_code="en"))
                await chat.send("/privacy", timeout=60)
                answered = time.monotonic()
                await chat.tap("✅ Keep my checks")
                if not early:
                    await chat.send("/twitch")
                    await chat.tap("🩺 Check my symptoms")
                    for label in CHECK:
                        await chat.tap(label)
                await chat.send("/log")
                await chat.tap("😌 None today")
                if early:  # well inside the half minute the bot once waited to start it
                    await asyncio.sleep(max(0.0, answered + EARLY_AFTER_S - time.monotonic()))
                child = 0 if early else await _warm_child(bot.pid, timeout=120)
                idle = rss_mb(bot.pid)
                reset_peak(bot.pid)
                asked_at = time.monotonic() - answered
                timings = []
                for _ in range(rounds):
                    start = time.perf_counter()
                    reply = await chat.send("/summary", at_least=2, timeout=30)
                    timings.append(time.perf_counter() - start)
                    assert reply.messages[-1].document is not None
                child = child or _children(bot.pid)[0]
                figures = {
                    "bot_idle_mb": idle,
                    "bot_peak_mb": rss_mb(bot.pid, "VmHWM"),
                    "bot_first_s": timings[0],
                    "bot_first_asked_s": asked_at,
                    "bot_later_s": sorted(timings[1:] or timings)[len(timings[1:]) // 2],
                    "bot_child_mb": rss_mb(child, "VmHWM"),
                }
            finally:
                await bot.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--language", default="en")
    parser.add_argument(
        "--cold", action="store_true", help="no warm start: the first document starts the process"
    )
    parser.add_argument(
        "--bot", action="store_true", help="the real bot in its own process, asked for /summary"
    )
    parser.add_argument(
        "--early",
        action="store_true",
        help="with --bot: the first /summary seconds after start, not once the process is warm",
    )
    args = parser.parse_args(argv)
    if args.bot:
        figures = asyncio.run(in_the_bot(args.rounds, early=args.early))
        print(f"the bot asked for /summary {args.rounds} times; load {os.getloadavg()[0]:.1f}")
        print(
            f"  bot RSS idle {figures['bot_idle_mb']:.0f} MB, peak while sending "
            f"{figures['bot_peak_mb']:.0f} MB; document process {figures['bot_child_mb']:.0f} MB"
        )
        print(
            f"  /summary to PDF: first {figures['bot_first_s']:.3f} s (asked"
            f" {figures['bot_first_asked_s']:.1f} s after the bot's first answer), "
            f"later (median) {figures['bot_later_s']:.3f} s"
        )
        print(summary_line({**figures}))
        return 0

    import tgbot.bot.application  # noqa: F401  (the idle bot's modules)
    from tgbot.config import DEFAULT_CONTENT_DIR
    from tgbot.core.knowledge import load_library

    page, texts = sample_page(load_library(DEFAULT_CONTENT_DIR).get(args.language), args.language)
    documents = DocumentProcess()
    idle = rss_mb()
    reset_peak("self")  # loading content peaked above the idle bot
    warm_s = 0.0
    if not args.cold:
        start = time.perf_counter()
        documents.start()
        warm_s = time.perf_counter() - start
    pages = [_timed(documents, PageJob(page, texts)) for _ in range(args.rounds)]
    chart = _timed(
        documents, ChartJob(page.diaries[0].summary or summarize([], TODAY, TODAY), texts)
    )
    child_mb = rss_mb(documents.pid, "VmHWM") if documents.pid else 0.0
    bot_peak = rss_mb("self", "VmHWM")
    loaded = sorted(m for m in LIBRARIES if m in sys.modules)
    documents.close()
    later = sorted(pages[1:]) or pages
    wall, cpu = later[len(later) // 2]
    figures = {
        "docs_first_s": pages[0][0],
        "docs_warm_s": wall,
        "docs_page_cpu_s": cpu,
        "docs_chart_s": chart[0],
        "docs_chart_cpu_s": chart[1],
        "docs_bot_idle_mb": idle,
        "docs_extra_mb": bot_peak - idle,
        "docs_process_mb": child_mb,
        "docs_warm_up_s": warm_s,
    }
    _print(args, figures, loaded)
    return 0


LIBRARIES = ("matplotlib", "reportlab", "fpdf", "PIL", "numpy")


def _print(args: argparse.Namespace, figures: dict[str, float], loaded: list[str]) -> None:
    print(f"doctor's page (6 checks, 30 days of diary, {args.language}), {args.rounds} rounds")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.cold:
        print("  cold: the first document starts the document process")
    else:
        print(f"  document process started and warm in {figures['docs_warm_up_s']:.3f} s")
    print(f"  first page: {figures['docs_first_s']:.3f} s")
    print(
        f"  later pages, median: {figures['docs_warm_s']:.3f} s "
        f"({figures['docs_page_cpu_s']:.3f} s of the document process's CPU)"
    )
    print(
        f"  /diary chart: {figures['docs_chart_s']:.3f} s ({figures['docs_chart_cpu_s']:.3f} s CPU)"
    )
    print(
        f"  this process (the bot's modules and content): {figures['docs_bot_idle_mb']:.0f} MB "
        f"before, +{figures['docs_extra_mb']:.1f} MB at its peak while the documents were made"
    )
    print(f"  document process peak RSS {figures['docs_process_mb']:.0f} MB (its own)")
    print(f"  document libraries in this process: {', '.join(loaded) or 'none'}")
    print(summary_line({**figures}))


if __name__ == "__main__":
    raise SystemExit(main())
