"""Sending at Telegram's pace: evenly spaced sends, and one pause for everyone after a 429.

Telegram lets a bot send about 30 messages a second in all, and 20 a minute in one group.
PTB's ``AIORateLimiter`` is a leaky bucket: after a quiet moment it lets a whole second's
worth go at once, and while a 429's retry_after runs, waiting requests keep taking their
tokens and then all go together when it ends, which earns the next 429. With updates and
reminders handled side by side that cascade is real (benchmarks/throughput.py showed it).
Here sends leave one at a time, 1/29.5 s apart at the least; a 429 holds every send until its
retry_after has passed, and then they leave at the same pace; a retried request queues again.

Who goes next, when several wait (:class:`FairGate`): replies to people before background sends
(reminders), except that every fifth turn goes to a waiting background send, so reminders
still move during a long rush; within each class the chats take turns, one send each, so one
chat with many sends waiting cannot hold up the others.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from tgbot import metrics
from tgbot.bot.update_processor import is_reply

log = logging.getLogger(__name__)

SENDS_PER_SECOND = 29.5
"""Sends leave at least 1/29.5 s apart, so 31 in a row span 1.017 s: no second holds more
than Telegram's 30 even with 17 ms of jitter on the way. Waking up a little late after each
wait costs ~2%, so the pace is about 28.8 a second (benchmarks/reminders.py: 10,000 sends to
a stand-in that enforces 30 in any second, no 429)."""
GROUP_SENDS_PER_MINUTE = 20
MAX_RETRIES = 3
RETRY_MARGIN = 0.1
"""Seconds added to retry_after, as PTB does: the server's clock is not ours."""

BACKGROUND_SHARE = 5
"""While replies and background sends both wait, one turn in this many goes to the background."""

Result = bool | dict[str, Any] | list[dict[str, Any]]


class SendRefused(Exception):
    """The check given to :func:`checked_before_send` said no, or came too late, after the
    send's turn came: nothing was sent. ``reason``: ``claim`` or ``deadline``."""

    def __init__(self, reason: str = "claim") -> None:
        super().__init__(reason)
        self.reason = reason


_Guard = tuple[Callable[[], Awaitable[bool]], float | None]
_before_send: contextvars.ContextVar[_Guard | None] = contextvars.ContextVar(
    "before_send", default=None
)


@contextmanager
def checked_before_send(
    check: Callable[[], Awaitable[bool]], within: float | None = None
) -> Iterator[None]:
    """The sends made inside call ``check`` when their turn has come, just before they go
    out, and raise :class:`SendRefused` if it answers False. A reminder checks its claim so:
    a worker paused while its send waited (a VM freeze, past the lease) finds the claim taken
    over on waking, and does not send what the other worker has sent.

    ``within``: seconds from asking within which the send must leave. The answer is read
    against a monotonic clock right before the request is made: a process frozen after the
    claim was confirmed (during the check's round trip, or just after) wakes past it and
    does not send, since by then another worker may have taken the claim over and sent."""
    token = _before_send.set((check, within))
    try:
        yield
    finally:
        _before_send.reset(token)


def retry_after_seconds(error: RetryAfter) -> float:
    """A timedelta since tgbot opts in to PTB_TIMEDELTA; an int where the variable is unset."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class FairGate:
    """A lock whose waiters are served by class, then chat by chat in turn.

    Class 0 (replies) goes before class 1 (background), but after ``BACKGROUND_SHARE - 1``
    reply turns in a row a waiting background send gets one. Inside a class, each chat with a
    waiter is in a ring: the first chat's oldest waiter goes, and the chat moves to the back."""

    REPLY, BACKGROUND = 0, 1

    def __init__(self, background_share: int = BACKGROUND_SHARE) -> None:
        self._held = False
        self._rings: tuple[OrderedDict[Hashable, deque[asyncio.Future[None]]], ...] = (
            OrderedDict(),
            OrderedDict(),
        )
        self._share = background_share
        self._replies_in_a_row = 0
        self._waiting = 0

    @property
    def waiting(self) -> int:
        return self._waiting

    async def acquire(self, chat: Hashable, priority: int) -> None:
        if not self._held and not self.waiting:
            self._held = True
            return
        future = asyncio.get_running_loop().create_future()
        self._rings[priority].setdefault(chat, deque()).append(future)
        self._waiting += 1
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # handed the gate just as it was cancelled: pass it on
            else:
                self._forget(future)
            raise

    def release(self) -> None:
        future = self._next()
        if future is None:
            self._held = False
        else:
            future.set_result(None)  # the gate stays held, by the next one

    def _next(self) -> asyncio.Future[None] | None:
        replies, background = self._rings
        order = (replies, background)
        if background and (not replies or self._replies_in_a_row >= self._share - 1):
            order = (background, replies)
        for ring in order:
            if ring:
                chat, queue = next(iter(ring.items()))
                future = queue.popleft()
                self._waiting -= 1
                if queue:
                    ring.move_to_end(chat)
                else:
                    del ring[chat]
                self._replies_in_a_row = self._replies_in_a_row + 1 if ring is replies else 0
                return future
        return None

    def _forget(self, future: asyncio.Future[None]) -> None:
        for ring in self._rings:
            for chat, queue in list(ring.items()):
                if future in queue:
                    queue.remove(future)
                    self._waiting -= 1
                    if not queue:
                        del ring[chat]
                    return


class PacedRateLimiter(BaseRateLimiter[int]):
    """Requests with a ``chat_id`` (the sends) are paced; others (answerCallbackQuery,
    getUpdates) go at once, as Telegram does not count them. ``per_second=None`` lifts the
    overall pace (benchmarks measure handling without it); group limits stay.

    ``burst``: how many sends may leave together. A send waits until the ``burst``-th send
    before it is ``burst / per_second`` seconds old: 1 (the bot's default) spaces every send
    evenly, the safest against Telegram's unpublished counting; 30 lets Telegram's documented
    30 in a second go at once, and no 31 span less than 1.017 s. With a burst, a send's age
    counts from its answer, not from when it left: sent together, the burst's last sends may
    wait for a connection and reach Telegram late, in the same second as the next burst.

    ``rate_limit_args`` of a call (PTB's ``rate_limit_args=``) is its retry budget."""

    def __init__(
        self,
        per_second: float | None = SENDS_PER_SECOND,
        *,
        burst: int = 1,
        group_per_minute: int = GROUP_SENDS_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
    ) -> None:
        if burst < 1:
            raise ValueError(f"burst must be at least 1: {burst}")
        self._window = burst / per_second if per_second else 0.0
        self._group_per_minute = group_per_minute
        self._max_retries = max_retries
        self._gate = FairGate()
        self._sent: deque[list[float]] = deque([[-math.inf] for _ in range(burst)], maxlen=burst)
        """When each of the last ``burst`` sends counts from, the oldest first: when it left
        (burst 1), else when its answer came (inf until then)."""
        self._count_from_answer = burst > 1
        self._answered = asyncio.Event()
        self._paused_until = 0.0
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        self._groups.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        group = self._group_limiter(chat_id)
        attempt = 0
        while True:
            if group is not None:
                await group.acquire()
            sent = await self._wait_for_turn(chat_id)
            try:
                await self._check_before_send()
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                metrics.TOO_MANY_REQUESTS.inc()
                wait = retry_after_seconds(error) + RETRY_MARGIN
                self._pause(wait)
                if attempt >= retries:
                    raise
                attempt += 1
                log.info("event=rate_limited endpoint=%s retry_in_s=%.1f", endpoint, wait)
            finally:
                if sent is not None and sent[0] == math.inf:
                    sent[0] = self._loop_time()
                    self._answered.set()
                    self._answered = asyncio.Event()

    async def _check_before_send(self) -> None:
        guard = _before_send.get()
        if guard is None:
            return
        check, within = guard
        asked = self._loop_time()
        if not await check():
            raise SendRefused("claim")
        if within is not None and self._loop_time() - asked > within:
            raise SendRefused("deadline")  # frozen since asking: the claim may be gone

    def _group_limiter(self, chat_id: object) -> AsyncLimiter | None:
        """Groups and channels have negative ids (or an @name); private chats have none."""
        key: int | str
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            key = chat_id
        else:
            try:
                key = int(str(chat_id))
            except ValueError:
                return None
            if key >= 0:
                return None
        limiter = self._groups.get(key)
        if limiter is None:
            limiter = self._groups[key] = AsyncLimiter(self._group_per_minute, 60)
        return limiter

    async def _wait_for_turn(self, chat_id: Hashable) -> list[float] | None:
        """One send leaves at a time, in the gate's order, at least a window after the
        ``burst``-th send before it and never inside a pause. Spacing is kept at the exit, not
        booked ahead: after the event loop stalls, the sends that piled up still leave at the
        pace. Returns the send's place in the window (None when not paced)."""
        if not self._window and self._loop_time() >= self._paused_until:
            return None
        await self._gate.acquire(chat_id, FairGate.REPLY if is_reply() else FairGate.BACKGROUND)
        try:
            while True:
                oldest = self._sent[0][0]
                if oldest == math.inf:  # not answered yet: its age starts with the answer
                    await self._answered.wait()
                    continue
                ready = max(oldest + self._window, self._paused_until)
                now = self._loop_time()
                if now >= ready:
                    break
                await asyncio.sleep(ready - now)
            sent = [math.inf if self._count_from_answer else self._loop_time()]
            self._sent.append(sent)
            return sent
        finally:
            self._gate.release()

    @staticmethod
    def _loop_time() -> float:
        return asyncio.get_running_loop().time()

    def _pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._loop_time() + seconds)
