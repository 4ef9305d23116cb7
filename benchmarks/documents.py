"""The diary chart and the doctor's summary for 90 days of entries: time and memory.

Run in a fresh process (``python -m benchmarks.documents``). The bot loads matplotlib and
fpdf2 in a thread 30 s after start-up (tgbot/documents/warm.py), so by default the idle bot
is measured after that warm-up, as it runs; ``--cold`` measures without it, where the first
document pays the imports (~1.2 s, ~60 MB) and the first chart's font set-up. Peak memory is
the process's peak RSS above the idle bot's. Targets (#20): under 1 s and under 60 MB more
than the idle bot.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date, timedelta

from benchmarks.harness import summary_line


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up: the first document imports the libraries"
    )
    args = parser.parse_args(argv)

    import tgbot.bot.application  # noqa: F401  (the idle bot's modules)
    from tgbot.config import DEFAULT_CONTENT_DIR
    from tgbot.core.diary import Amount, DiaryEntry, summarize
    from tgbot.core.doctor_summary import CheckRecord, doctor_summary
    from tgbot.core.knowledge import load_knowledge
    from tgbot.documents.chart import ChartTexts, diary_chart
    from tgbot.documents.pdf import Block, summary_pdf

    knowledge = load_knowledge(DEFAULT_CONTENT_DIR)
    texts = knowledge.content.messages
    bare = _rss_mb()
    warm_s = 0.0
    if not args.cold:
        from tgbot.documents.warm import wait_until_warm, warm_up_in_background

        start = time.perf_counter()
        warm_up_in_background()
        assert wait_until_warm(timeout=120)
        warm_s = time.perf_counter() - start
    idle = _rss_mb()
    rng = random.Random(7)
    today = date(2026, 12, 1)
    entries = [
        DiaryEntry(
            today - timedelta(days=i),
            "twitch",
            rng.choice(list(Amount)),
            "eyelid",
            ("caffeine", "stress")[: rng.randint(0, 2)],
        )
        for i in range(args.days)
    ]
    checks = [
        CheckRecord(
            today - timedelta(days=40),
            "twitch",
            {
                "emergency_signs": ("none",),
                "location": ("eyelid",),
                "duration": ("over_two_weeks",),
                "symptoms": ("none",),
                "triggers": ("caffeine",),
            },
            "doctor",
        )
    ]
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(args.rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        summary = summarize(entries, today - timedelta(days=29), today)
        chart = diary_chart(
            summary,
            ChartTexts(
                "Muscle twitching: the last 30 days",
                {a: texts[f"amount_{a.value}"] for a in Amount},
                "not logged",
            ),
        )
        sections = doctor_summary(
            texts, knowledge.triage, knowledge.content, checks, summary, ["you logged 30 days"]
        )
        summary_pdf(
            "A summary for your doctor",
            "benchmark",
            [
                Block(s.heading, s.lines, chart if s.heading == texts["summary_diary"] else None)
                for s in sections
            ],
        )
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    extra = _rss_mb() - idle
    print(f"chart + PDF for {args.days} days of entries, {args.rounds} rounds in one process")
    if args.cold:
        print("  cold: no warm-up, the first document imports matplotlib and fpdf2")
    else:
        print(f"  warm-up after start-up: {warm_s:.3f} s, +{idle - bare:.0f} MB (in a thread)")
    # CPU time besides wall time: on a machine shared with other work, wall time shows the
    # others' load too; CPU time is what making the documents costs.
    print(f"  first: {timings[0]:.3f} s ({cpu[0]:.3f} s CPU)")
    warm = sorted(timings[1:]) or timings
    warm_cpu = sorted(cpu[1:]) or cpu
    print(
        f"  later, median: {warm[len(warm) // 2]:.3f} s ({warm_cpu[len(warm_cpu) // 2]:.3f} s CPU)"
    )
    print(f"  idle bot peak RSS {idle:.0f} MB; peak above it {extra:.0f} MB")
    print(
        summary_line(
            {
                "docs_first_s": timings[0],
                "docs_warm_s": warm[len(warm) // 2],
                "docs_first_cpu_s": cpu[0],
                "docs_warm_cpu_s": warm_cpu[len(warm_cpu) // 2],
                "docs_extra_mb": extra,
                "docs_warm_up_s": warm_s,
                "docs_warm_up_mb": idle - bare,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
