"""What the benchmarks share: a bot in its own process, waiting on the stand-in's calls per
chat, percentiles and the closing ``name=value`` line.

The bot under test always runs in a child process (``python -m benchmarks.botproc``), as in
production; the stand-in and the driver run in the benchmark's process. On a 2-core machine
each gets a core, and the child's memory is its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import math
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tgbot.localapi import BotCall, LocalBotApi

REPO_ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-not-a-real-token"
# Methods that change what the user sees: the bot's answer. answerCallbackQuery only stops
# the button's spinner.
VISIBLE_METHODS = frozenset(
    {"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup", "deleteMessage"}
)


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """No cyclic garbage collection in this process while timing. The stand-in lives here and
    counts sends by when it handles them: a collection pause of 50-200 ms (measured with tens
    of thousands of stored calls) holds requests back and then handles them in a bunch, which
    would show the bot's evenly spaced sends as 31 in one second."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def machine() -> str:
    """One line about where the figures come from."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
                break
    version = sys.version.split()[0]
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {version}, {sys.platform}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_line(pairs: dict[str, object]) -> str:
    """The last line every benchmark prints: ``name=value`` pairs, floats with 3 decimals."""
    parts = []
    for name, value in pairs.items():
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        parts.append(f"{name}={text}")
    return " ".join(parts)


def parse_summary(line: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in line.split())


def max_in_window(times: Iterable[float], window: float = 1.0) -> int:
    """The most events in any half-open ``window`` of time: what a sliding-window flood limit
    would see at its busiest."""
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


# ------------------------------------------------------------------ waiting for answers


@dataclass
class _Waiter:
    count: int
    future: asyncio.Future[None]


@dataclass
class ChatCalls:
    """The visible calls the bot made in one chat, in order."""

    calls: list[BotCall] = field(default_factory=list)
    waiters: list[_Waiter] = field(default_factory=list)


class AnswerWatch:
    """Listens to the stand-in's calls and wakes whoever waits for a chat's n-th answer.
    ``LocalBotApi.wait_for_calls`` rescans every call on each wake; with hundreds of chats in
    flight that would cost more than the bot under test."""

    def __init__(self, api: LocalBotApi) -> None:
        self.chats: dict[int, ChatCalls] = {}
        api.call_listeners.append(self._on_call)

    def _on_call(self, call: BotCall) -> None:
        if call.chat_id is None or call.method not in VISIBLE_METHODS:
            return
        chat = self.chats.setdefault(call.chat_id, ChatCalls())
        chat.calls.append(call)
        for waiter in [w for w in chat.waiters if len(chat.calls) >= w.count]:
            chat.waiters.remove(waiter)
            if not waiter.future.done():
                waiter.future.set_result(None)

    def count(self, chat_id: int) -> int:
        chat = self.chats.get(chat_id)
        return len(chat.calls) if chat else 0

    def calls_of(self, chat_id: int, start: int, stop: int) -> list[BotCall]:
        """The chat's visible calls ``start`` to ``stop`` (0-based, stop excluded)."""
        return self.chats[chat_id].calls[start:stop]

    async def wait(self, chat_id: int, count: int, timeout: float) -> None:
        """Until the chat has had ``count`` visible calls; TimeoutError after ``timeout``."""
        chat = self.chats.setdefault(chat_id, ChatCalls())
        if len(chat.calls) >= count:
            return
        waiter = _Waiter(count, asyncio.get_running_loop().create_future())
        chat.waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter.future, timeout)
        finally:
            if waiter in chat.waiters:
                chat.waiters.remove(waiter)


# ------------------------------------------------------------------ the bot's process


@dataclass
class BotProcess:
    """``python -m benchmarks.botproc`` running one bot against the stand-in."""

    process: asyncio.subprocess.Process
    spawned_at: float
    ready: dict[str, Any]
    """What the child reported when it was polling (its own timings and memory)."""
    ready_at: float
    log_path: Path

    @classmethod
    async def start(
        cls,
        kind: str,
        api: LocalBotApi,
        database: Path,
        *,
        overall_limit: bool = True,
        log_path: Path,
        answers: Path | None = None,
        admins: Sequence[int] = (),
        timeout: float = 60.0,
        extra: Sequence[str] = (),
    ) -> BotProcess:
        """Spawn the bot (``kind``: ours, echo or replay) and wait until it polls."""
        args = [
            "-m",
            "benchmarks.botproc",
            kind,
            "--api",
            api.base_url,
            "--database",
            str(database),
        ]
        if answers is not None:
            args += ["--answers", str(answers)]
        for admin in admins:
            args += ["--admin", str(admin)]
        if not overall_limit:
            args.append("--no-overall-limit")
        args += extra
        spawned_at = time.monotonic()
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                *args,
                cwd=REPO_ROOT,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise RuntimeError(
                f"the {kind} bot was not ready in {timeout}s; see {log_path}"
            ) from None
        if not line:
            await process.wait()
            raise RuntimeError(f"the {kind} bot exited with {process.returncode}; see {log_path}")
        return cls(process, spawned_at, json.loads(line), time.monotonic(), log_path)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def report(self, timeout: float = 600.0) -> dict[str, Any]:
        """The next JSON line the bot prints (after the one that said it polls)."""
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError(f"the bot exited; see {self.log_path}")
        result: dict[str, Any] = json.loads(line)
        return result

    def cpu_seconds(self) -> float:
        """User + system CPU time the child has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """The child's resident memory now (VmRSS), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS in /proc/<pid>/status")

    def peak_rss_mb(self) -> float:
        """The child's peak resident memory so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc/<pid>/status")

    async def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, as systemd would; the bot stops cleanly. Returns its exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()
