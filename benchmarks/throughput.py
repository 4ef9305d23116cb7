"""Throughput: our bot against bare PTB, on the same updates.

A seeded script of what users do (``/twitch``, plain text, section buttons, full triage runs
with the consent question, reminders set from the outcome) is driven through the local Bot
API stand-in into three bots, each in its own process and polling its own stand-in, all with
our Application settings (benchmarks/baselines.py): echo (bare PTB answering with a few
bytes), ours, and replay (bare PTB answering with exactly what ours answered). They take
turns, slice by slice of the script, so a drift of the machine hits all alike.

Each chat is a closed loop: a user acts, waits for the bot's answer, acts again; a fixed
number of users act at once. Latency is from the update's injection into the stand-in to the
bot's first call that changes what the user sees (sendMessage, editMessageText), both taken
on the stand-in's clock. Throughput is updates answered per second of wall time.

Two settings, both printed:

* capacity (full speed): the rate limiter's overall 29/s lifted in all bots (per-group
  limits stay) and no flood limit in the stand-in: what handling an update costs, ours
  against PTB alone. ours / echo is the issue's target (>= 0.9); replay splits the gap into
  PTB carrying our messages (replay / echo) and our own work (ours / replay).
* at the limit: the production rate limiter, and a stand-in answering 429 beyond 30 sends in
  any second: what production sees. Every bot should keep up, with no 429.

``python -m benchmarks.throughput --help`` for the sizes; docs/performance.md for results.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks.baselines import write_answers
from benchmarks.harness import (
    AnswerWatch,
    BotProcess,
    machine,
    max_in_window,
    percentile,
    quiet_gc,
    summary_line,
)
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content import details_in
from tgbot.core.knowledge import Knowledge, load_knowledge
from tgbot.core.triage import Level, Outcome, Question, next_step
from tgbot.localapi import BotCall, FakeUser, LocalBotApi, StoredMessage

FLOOD_LIMIT = 30
TARGET_RATIO = 1.5
"""ours / stock PTB echo at full speed (issues #18 and #31)."""
TARGET_RATIO_AT_LIMIT = 0.95
TARGET_RATIO_AIOGRAM = 1.0
"""ours / aiogram echo at full speed (issue #31; #18 asked 0.8)."""
STEP_TIMEOUT = 30.0
FREE_TEXTS = ("my eyelid keeps twitching", "calf cramp at night", "twiching thumb", "hello")
KINDS = ("echo", "aiogram", "ours", "replay")
ECHOES = frozenset({"echo", "aiogram"})
"""Bots that answer with a few bytes whatever the step: the driver taps any message."""
SENDING = frozenset({"sendMessage", "editMessageText", "sendDocument"})


# ------------------------------------------------------------------ the script


@dataclass(frozen=True)
class Step:
    """One thing a user does: type ``text``, or tap the button labelled ``label``. The bot
    answers with ``answers`` visible calls."""

    text: str | None = None
    label: str | None = None
    answers: int = 1


@dataclass
class ChatScript:
    user: FakeUser
    steps: list[Step] = field(default_factory=list)
    consented: bool = False
    said: tuple[str, dict[str, tuple[str, ...]]] | None = None
    """The topic and the answers the user's last free text gave ("my eyelid keeps
    twitching": the eyelid), which the bot offers first, marked, in the next check of it."""


def _browse(rng: random.Random, knowledge: Knowledge, script: ChatScript) -> None:
    content = knowledge.content
    texts = content.messages
    topic_id = rng.choice(sorted(content.topics))
    if rng.random() < 0.25:
        text = rng.choice(FREE_TEXTS)
        script.steps.append(Step(text=text))
        if text == "hello":
            return  # the bot points to the commands: nothing to tap
        topic_id = "spasm" if "cramp" in text else "twitch"
        # As the bot does (tgbot/bot/handlers/topics.py): a text without details forgets.
        said = details_in(content, topic_id, text)
        script.said = (topic_id, dict(said)) if said else None
    else:
        script.steps.append(Step(text=f"/{topic_id}"))
    sections = list(content.topics[topic_id].sections.values())
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.15:
            script.steps.append(Step(label=texts["button_sources"]))
        else:
            script.steps.append(Step(label=rng.choice(sections).title))
        script.steps.append(Step(label=texts["button_back"]))


def _triage(rng: random.Random, knowledge: Knowledge, script: ChatScript) -> None:
    texts = knowledge.content.messages
    ui = knowledge.triage.texts.ui
    flow = knowledge.triage.flows[rng.choice(sorted(knowledge.triage.flows))]
    script.steps.append(Step(text=f"/{flow.topic}"))
    script.steps.append(Step(label=texts["button_check"]))
    # Starting a check takes what the last free text said (any topic's: tgbot/checks/
    # typed_details.py); the check's buttons mark it if it was about this topic.
    held, script.said = script.said, None
    said = held[1] if held is not None and held[0] == flow.topic else {}
    answers: dict[str, tuple[str, ...]] = {}
    while isinstance(step := next_step(flow, answers), Question):
        question = _as_offered(step, said, texts["said_option"])
        if len(answers) == 1 and not script.consented:
            # Asked once, right after the safety question; the tap shows the next question.
            script.steps.append(Step(label=texts["button_consent_yes"]))
            script.consented = True
        emergency = [o for o in question.options if o.level is Level.EMERGENCY]
        ordinary = [o for o in question.options if o.level is not Level.EMERGENCY]
        if emergency and rng.random() < 0.05:
            option = rng.choice(emergency)
            script.steps.append(Step(label=option.label))
            answers[question.id] = (option.id,)
            continue
        if question.kind == "single":
            option = rng.choice(ordinary)
            script.steps.append(Step(label=option.label))
            answers[question.id] = (option.id,)
            continue
        exclusive = [o for o in ordinary if o.exclusive]
        others = [o for o in ordinary if not o.exclusive]
        if exclusive and (not others or rng.random() < 0.6):
            script.steps.append(Step(label=exclusive[0].label))
            answers[question.id] = (exclusive[0].id,)
            continue
        picks = rng.sample(others, k=min(len(others), rng.randint(1, 2)))
        script.steps.extend(Step(label=o.label) for o in picks)
        script.steps.append(Step(label=ui.done))
        answers[question.id] = tuple(o.id for o in picks)
    outcome = next_step(flow, answers)
    assert isinstance(outcome, Outcome)
    if outcome.level in (Level.SELF_CARE, Level.DOCTOR) and rng.random() < 0.3:
        script.steps.append(Step(label=ui.remind_me))
        script.steps.append(Step(label=texts["button_remind_3d"]))


def _as_offered(question: Question, said: dict[str, tuple[str, ...]], mark: str) -> Question:
    """The question with the labels its buttons show: what the free text said marked
    (never on the emergency question, whose wording is the safety check)."""
    offered = said.get(question.id, ())
    if not offered or any(o.level is Level.EMERGENCY for o in question.options):
        return question
    options = tuple(
        replace(o, label=mark.format(label=o.label)) if o.id in offered else o
        for o in question.options
    )
    return replace(question, options=options)


def build_script(
    knowledge: Knowledge, updates: int, seed: int, first_user_id: int
) -> list[ChatScript]:
    """Chats of about 25 updates each until ``updates`` in all: 40% browsing, 60% triage."""
    rng = random.Random(seed)
    chats: list[ChatScript] = []
    total = 0
    while total < updates:
        script = ChatScript(FakeUser(first_user_id + len(chats), first_name="Bench"))
        target = min(rng.randint(15, 35), updates - total)
        while len(script.steps) < target:
            (_browse if rng.random() < 0.4 else _triage)(rng, knowledge, script)
        del script.steps[target:]
        total += len(script.steps)
        chats.append(script)
    return chats


# ------------------------------------------------------------------ driving one bot


@dataclass
class RunResult:
    updates: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """The bot process's CPU time during the run."""
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    answers: dict[int, list[list[dict[str, Any]]]] = field(default_factory=dict)
    """Per chat, per step: the visible calls the bot made (what replay answers with)."""


def _target(api: LocalBotApi, chat_id: int, label: str | None) -> StoredMessage:
    """The newest bot message in the chat with a button labelled ``label`` (any bot message
    when label is None: the echo bot's messages have no buttons)."""
    for message in reversed(api.bot_messages(chat_id)):
        if label is None:
            return message
        for row in (message.reply_markup or {}).get("inline_keyboard", []):
            if any(b.get("text") == label for b in row):
                return message
    raise LookupError(f"no bot message in chat {chat_id} has a button {label!r}")


def _callback_data(message: StoredMessage, label: str) -> str:
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button.get("text") == label:
                return str(button["callback_data"])
    raise LookupError(label)


def _recorded(call: BotCall) -> dict[str, Any]:
    return {
        "method": call.method,
        "message_id": call.message_id,
        "text": call.params.get("text"),
        "reply_markup": call.params.get("reply_markup"),
    }


async def _run_chat(
    api: LocalBotApi, watch: AnswerWatch, script: ChatScript, echo: bool, result: RunResult
) -> None:
    chat_id = script.user.id
    recorded = result.answers.setdefault(chat_id, [])
    for number, step in enumerate(script.steps):
        seen = watch.count(chat_id)
        answers = 1 if echo else step.answers
        try:
            if step.text is not None:
                injected = time.monotonic()
                api.user_message(script.user, step.text)
            else:
                assert step.label is not None
                if echo:
                    target = _target(api, chat_id, None)
                    data = step.label.encode()[:60].decode(errors="ignore") or "tap"
                else:
                    target = _target(api, chat_id, step.label)
                    data = _callback_data(target, step.label)
                injected = time.monotonic()
                api.user_press(script.user, target, data)
            await watch.wait(chat_id, seen + answers, STEP_TIMEOUT)
        except (LookupError, TimeoutError) as error:
            result.failures.append(f"chat {chat_id} step {number} {step}: {error!r}")
            return
        calls = watch.calls_of(chat_id, seen, seen + answers)
        result.latencies.append(calls[0].at - injected)
        recorded.append([_recorded(call) for call in calls])
        result.updates += 1


async def drive(
    api: LocalBotApi, watch: AnswerWatch, chats: Sequence[ChatScript], echo: bool, concurrency: int
) -> RunResult:
    """Run the chats' scripts, ``concurrency`` users acting at once."""
    result = RunResult()
    queue: asyncio.Queue[ChatScript] = asyncio.Queue()
    for script in chats:
        api.private_chat(script.user)
        queue.put_nowait(script)

    async def worker() -> None:
        while not queue.empty():
            await _run_chat(api, watch, queue.get_nowait(), echo, result)

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.monotonic() - started
    return result


@dataclass
class Contender:
    kind: str
    api: LocalBotApi
    watch: AnswerWatch
    bot: BotProcess
    results: list[RunResult] = field(default_factory=list)

    @property
    def updates(self) -> int:
        return sum(r.updates for r in self.results)

    @property
    def rate(self) -> float:
        seconds = sum(r.seconds for r in self.results)
        return self.updates / seconds if seconds else 0.0

    @property
    def cpu_ms_per_update(self) -> float:
        updates = self.updates
        return sum(r.cpu_seconds for r in self.results) * 1000 / updates if updates else 0.0

    @property
    def latencies(self) -> list[float]:
        return [x for r in self.results for x in r.latencies]

    @property
    def failures(self) -> list[str]:
        return [f for r in self.results for f in r.failures]

    def too_many_requests(self) -> int:
        return sum(1 for r in self.api.rejected if r[1] == 429)

    def errors_logged(self) -> int:
        text = self.bot.log_path.read_text(errors="replace")
        return text.count("level=ERROR") + text.count("Traceback")

    async def run(self, chats: Sequence[ChatScript], concurrency: int) -> RunResult:
        cpu_before = self.bot.cpu_seconds()
        result = await drive(self.api, self.watch, chats, self.kind in ECHOES, concurrency)
        result.cpu_seconds = self.bot.cpu_seconds() - cpu_before
        return result


async def compare(
    knowledge: Knowledge,
    workdir: Path,
    *,
    label: str,
    updates: int,
    rounds: int,
    concurrency: int,
    seed: int,
    overall_limit: bool,
    latency: float = 0.0,
) -> dict[str, Contender]:
    """The bots on the same script, taking turns slice by slice; returns their results.
    Replay always goes after ours, whose answers it repeats."""
    flood = FLOOD_LIMIT if overall_limit else None
    warmup = build_script(knowledge, max(20, updates // 20), seed + 1, 8_000_000)
    chats = build_script(knowledge, updates, seed, 9_000_000)
    slices = [chats[i::rounds] for i in range(rounds)]
    answers = workdir / f"{label}-answers"
    answers.mkdir()
    contenders: dict[str, Contender] = {}

    def keep_answers(result: RunResult) -> None:
        for chat_id, steps in result.answers.items():
            write_answers(answers, chat_id, steps)

    try:
        for kind in KINDS:
            api = LocalBotApi(flood_limit_per_second=flood, long_poll_cap=0.25, latency=latency)
            await api.start()
            bot = await BotProcess.start(
                kind,
                api,
                workdir / f"{label}-{kind}.sqlite3",
                overall_limit=overall_limit,
                log_path=workdir / f"{label}-{kind}.log",
                answers=answers if kind == "replay" else None,
            )
            contenders[kind] = Contender(kind, api, AnswerWatch(api), bot)
        for kind in KINDS:
            result = await contenders[kind].run(warmup, concurrency)
            if kind == "ours":
                keep_answers(result)
        for number, part in enumerate(slices):
            # Whoever goes first in a round goes last in the next: drift hits all alike.
            order = KINDS if number % 2 == 0 else ("ours", "replay", "aiogram", "echo")
            for kind in order:
                contender = contenders[kind]
                result = await contender.run(part, concurrency)
                contender.results.append(result)
                if kind == "ours":
                    keep_answers(result)
                print(
                    f"  {label} round {number + 1}/{rounds} {kind:6}: {result.updates} updates"
                    f" in {result.seconds:.1f} s = {result.updates / result.seconds:.1f}/s",
                    flush=True,
                )
    finally:
        for contender in contenders.values():
            await contender.bot.stop()
            await contender.api.stop()
    return contenders


def report(label: str, contenders: dict[str, Contender], concurrency: int) -> dict[str, object]:
    echo, ours, replay = contenders["echo"], contenders["ours"], contenders["replay"]
    aiogram = contenders["aiogram"]
    print(f"{label} ({concurrency} users acting at once):")
    for c in (echo, aiogram, replay, ours):
        sends = [call.at for call in c.api.calls if call.method in SENDING]
        print(
            f"  {c.kind:6} {c.updates:5d} updates {c.rate:6.1f} updates/s"
            f"  p50 {percentile(c.latencies, 50) * 1000:6.1f} ms"
            f"  p99 {percentile(c.latencies, 99) * 1000:6.1f} ms"
            f"  CPU {c.cpu_ms_per_update:4.2f} ms/update"
            f"  {len(c.api.calls) / max(c.updates, 1):4.2f} calls/update"
        )
        print(
            f"         busiest second {max_in_window(sends)} sends, {c.too_many_requests()} 429s,"
            f" {len(c.failures)} failed steps, {c.errors_logged()} errors logged"
        )
        for failure in c.failures[:5]:
            print(f"    failed: {failure}")

    def ratio(a: Contender, b: Contender) -> float:
        return a.rate / b.rate if b.rate else 0.0

    print(
        f"  ours/PTB-echo {ratio(ours, echo):.3f}   ours/aiogram-echo {ratio(ours, aiogram):.3f}"
        f"   aiogram/PTB-echo {ratio(aiogram, echo):.3f}\n"
        f"  replay/echo {ratio(replay, echo):.3f} (stock PTB carrying our messages)"
        f"   ours/replay {ratio(ours, replay):.3f}"
    )
    prefix = "cap" if label == "capacity" else "limit"
    figures: dict[str, object] = {}
    for c in (echo, aiogram, replay, ours):
        figures[f"{prefix}_{c.kind}_ups"] = c.rate
        figures[f"{prefix}_{c.kind}_p50_ms"] = percentile(c.latencies, 50) * 1000
        figures[f"{prefix}_{c.kind}_p99_ms"] = percentile(c.latencies, 99) * 1000
        figures[f"{prefix}_{c.kind}_cpu_ms"] = c.cpu_ms_per_update
    figures[f"{prefix}_ratio"] = ratio(ours, echo)
    figures[f"{prefix}_ratio_aiogram"] = ratio(ours, aiogram)
    figures[f"{prefix}_ratio_replay"] = ratio(ours, replay)
    figures[f"{prefix}_429"] = sum(c.too_many_requests() for c in contenders.values())
    figures[f"{prefix}_failed"] = sum(len(c.failures) for c in contenders.values())
    return figures


async def main_async(args: argparse.Namespace) -> dict[str, object]:
    knowledge = load_knowledge(DEFAULT_CONTENT_DIR)
    print(f"machine: {machine()}")
    figures: dict[str, object] = {"updates": args.updates}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        workdir = Path(tmp)
        with quiet_gc():
            capacity = await compare(
                knowledge,
                workdir,
                label="capacity",
                updates=args.updates,
                rounds=args.rounds,
                concurrency=args.concurrency,
                seed=args.seed,
                overall_limit=False,
            )
        figures |= report("capacity", capacity, args.concurrency)
        del capacity
        if args.limit_updates:
            with quiet_gc():
                at_limit = await compare(
                    knowledge,
                    workdir,
                    label="at-the-limit",
                    updates=args.limit_updates,
                    rounds=max(1, min(args.rounds, 2)),
                    concurrency=args.concurrency,
                    seed=args.seed + 100,
                    overall_limit=True,
                    latency=args.latency,
                )
            figures |= report("at-the-limit", at_limit, args.concurrency)
    figures["seconds"] = time.monotonic() - started
    targets = [("cap_ratio", TARGET_RATIO, "ours/PTB-echo at full speed")]
    targets.append(("cap_ratio_aiogram", TARGET_RATIO_AIOGRAM, "ours/aiogram-echo at full speed"))
    if args.limit_updates:
        targets.append(("limit_ratio", TARGET_RATIO_AT_LIMIT, "ours/PTB-echo at the limit"))
    for name, target, what in targets:
        value = figures[name]
        assert isinstance(value, float)
        verdict = "met" if value >= target else "MISSED"
        print(f"target {what} >= {target}: {verdict} ({value:.3f})")
    return figures


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput")
    parser.add_argument("--updates", type=int, default=4000, help="capacity run, per bot")
    parser.add_argument(
        "--limit-updates", type=int, default=600, help="run at the limit, per bot (0: skip)"
    )
    parser.add_argument("--rounds", type=int, default=4, help="slices the bots take turns on")
    parser.add_argument("--concurrency", type=int, default=16, help="users acting at once")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.03,
        help="run at the limit: seconds each request takes to reach Telegram and back",
    )
    parser.add_argument("--seed", type=int, default=7)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    figures = asyncio.run(main_async(args))
    print(summary_line(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
