"""Sending at Telegram's pace: evenly spaced, one pause for all after a 429, retry budget."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from telegram.error import RetryAfter

from tests.bot.test_update_processor import message_update
from tgbot.bot.ratelimit import (
    RETRY_MARGIN,
    FairGate,
    PacedRateLimiter,
    SendRefused,
    checked_before_send,
    retry_after_seconds,
)
from tgbot.bot.update_processor import ChatOrderedUpdateProcessor

Result = bool | dict[str, Any] | list[dict[str, Any]]


class FakeTelegram:
    """Records when each request reaches it; answers 429 to the requests told to."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.sent: list[tuple[str, float]] = []
        self.refuse: dict[str, int] = {}

    async def call(self, name: str) -> Result:
        if self.refuse.get(name, 0) > 0:
            self.refuse[name] -= 1
            raise RetryAfter(1)
        self.sent.append((name, self.loop.time()))
        return True


async def send(
    limiter: PacedRateLimiter,
    telegram: FakeTelegram,
    name: str,
    chat_id: int | str | None = 5,
    retries: int | None = None,
) -> Result:
    data: dict[str, Any] = {"text": name}
    if chat_id is not None:
        data["chat_id"] = chat_id
    return await limiter.process_request(telegram.call, (name,), {}, "sendMessage", data, retries)


async def test_sends_never_go_before_their_slot() -> None:
    limiter, telegram = PacedRateLimiter(per_second=100), FakeTelegram()
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(40)))
    times = [at for _, at in telegram.sent]
    assert len(times) == 40
    for number, at in enumerate(times):
        assert at >= start + number * 0.01 - 0.001, f"send {number} went early"


async def test_a_send_is_checked_when_its_turn_comes_not_when_it_queued() -> None:
    """A reminder's claim is asked about after the queue: taken over while the send waited
    (its worker paused past the lease), the send does not go."""
    limiter, telegram = PacedRateLimiter(per_second=10), FakeTelegram()
    claim = {"held": True}
    asked_at: list[float] = []

    async def still_mine() -> bool:
        asked_at.append(telegram.loop.time())
        return claim["held"]

    async def reminder() -> Result:
        with checked_before_send(still_mine):
            return await send(limiter, telegram, "reminder", chat_id=7)

    start = telegram.loop.time()
    queued = [asyncio.create_task(send(limiter, telegram, f"m{i}")) for i in range(3)]
    waiting = asyncio.create_task(reminder())
    await asyncio.sleep(0.05)
    claim["held"] = False  # taken over while it waited its turn
    with pytest.raises(SendRefused):
        await waiting
    await asyncio.gather(*queued)
    assert "reminder" not in [name for name, _ in telegram.sent]
    (asked,) = asked_at
    assert asked >= start + 0.09, "asked when its turn came, after the claim was lost"
    claim["held"] = True
    with checked_before_send(still_mine):
        assert await send(limiter, telegram, "again", chat_id=7) is True
    assert telegram.sent[-1][0] == "again"


async def test_a_send_frozen_past_its_deadline_after_its_check_does_not_go() -> None:
    """A worker frozen (SIGSTOP, a VM pause) just after its claim was confirmed wakes past
    half a lease, when another worker may have taken the claim over and sent: it does not
    send. Unfrozen, the same send goes."""
    limiter, telegram = PacedRateLimiter(per_second=100), FakeTelegram()

    async def confirmed_then_frozen() -> bool:
        time.sleep(0.15)  # noqa: ASYNC251 - the whole process stops, as under SIGSTOP
        return True

    async def confirmed() -> bool:
        return True

    with checked_before_send(confirmed_then_frozen, within=0.1), pytest.raises(SendRefused) as no:
        await send(limiter, telegram, "reminder", chat_id=7)
    assert no.value.reason == "deadline"
    assert telegram.sent == []
    with checked_before_send(confirmed, within=0.1):
        assert await send(limiter, telegram, "reminder", chat_id=7) is True
    assert [name for name, _ in telegram.sent] == ["reminder"]


async def test_a_quiet_limiter_does_not_save_up_a_burst() -> None:
    """A leaky bucket lets a second's worth go at once after a quiet spell; this does not."""
    limiter, telegram = PacedRateLimiter(per_second=50), FakeTelegram()
    await send(limiter, telegram, "first")
    await asyncio.sleep(0.3)
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(10)))
    assert telegram.loop.time() - start >= 9 * 0.02 - 0.002


async def test_a_burst_goes_at_once_and_no_burst_plus_one_spans_less_than_the_window() -> None:
    """Telegram's documented limit, 30 in a second: with ``burst=30`` the first 30 leave
    together and the 31st one window (30 / 29.5 s) after the first, and so on."""
    limiter, telegram = PacedRateLimiter(per_second=29.5, burst=30), FakeTelegram()
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(65)))
    times = [at for _, at in telegram.sent]
    assert times[29] - start < 0.1, "the first 30 waited"
    window = 30 / 29.5
    assert times[30] >= start + window - 0.001
    for number in range(30, len(times)):
        assert times[number] - times[number - 30] >= window - 0.001, f"send {number} early"


async def test_with_a_burst_a_send_counts_from_its_answer() -> None:
    """A send of a burst that reached Telegram late (it waited for a connection) counts from
    then: the send a window later cannot land in the same second as it."""
    limiter, telegram = PacedRateLimiter(per_second=10, burst=2), FakeTelegram()
    call = telegram.call
    answered: dict[str, float] = {}

    async def slow_first(name: str) -> Result:
        if name == "m0":
            await asyncio.sleep(0.3)
        result = await call(name)
        answered[name] = telegram.loop.time()
        return result

    telegram.call = slow_first  # type: ignore[method-assign]
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(3)))
    sent = dict(telegram.sent)
    assert sent["m2"] >= answered["m0"] + 0.2 - 0.001, "counted from when m0 left"


def test_a_burst_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="burst"):
        PacedRateLimiter(burst=0)


async def test_requests_without_a_chat_are_not_held() -> None:
    limiter, telegram = PacedRateLimiter(per_second=1), FakeTelegram()
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"a{i}", chat_id=None) for i in range(20)))
    assert telegram.loop.time() - start < 0.1


async def test_lifted_pace_sends_at_once() -> None:
    limiter, telegram = PacedRateLimiter(per_second=None), FakeTelegram()
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(100)))
    assert telegram.loop.time() - start < 0.1


async def test_a_429_pauses_everyone_then_resumes_at_pace_without_a_burst() -> None:
    limiter, telegram = PacedRateLimiter(per_second=50), FakeTelegram()
    telegram.refuse["m0"] = 1
    refused_at = telegram.loop.time()
    results = await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(10)))
    assert all(r is True for r in results)
    pause_end = refused_at + 1 + RETRY_MARGIN
    times = sorted(at for _, at in telegram.sent)
    assert len(times) == 10
    # Nothing went while the pause ran: the other nine were booked inside it.
    assert times[0] >= pause_end - 0.005
    # ...and after it they go one slot apart, not all at once.
    for number, at in enumerate(times):
        assert at >= pause_end + number * 0.02 - 0.005


async def test_the_retry_budget_is_kept() -> None:
    limiter, telegram = PacedRateLimiter(per_second=None, max_retries=1), FakeTelegram()
    telegram.refuse["twice"] = 2
    with pytest.raises(RetryAfter):
        await send(limiter, telegram, "twice")
    # rate_limit_args=0 from a caller: no retry at all (the reminder service retries later).
    telegram.refuse["once"] = 1
    limiter = PacedRateLimiter(per_second=None)
    with pytest.raises(RetryAfter):
        await send(limiter, telegram, "once", retries=0)
    assert telegram.sent == []


async def test_groups_get_their_own_per_minute_limit() -> None:
    limiter, telegram = PacedRateLimiter(per_second=None, group_per_minute=600), FakeTelegram()
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"g{i}", chat_id=-100) for i in range(600)))
    await asyncio.gather(*(send(limiter, telegram, f"p{i}", chat_id=7) for i in range(600)))
    # No waiting: paced at 0.1 s a message they would take a minute (the bound leaves room
    # for a busy machine's CPU time).
    assert telegram.loop.time() - start < 1.0
    # The 601st message to the group waits for the bucket (600 a minute: 0.1 s a message).
    await send(limiter, telegram, "g600", chat_id=-100)
    assert telegram.loop.time() - start >= 0.09


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds(RetryAfter(3)) == 3.0


# ------------------------------------------------------------------ who goes next


async def gate_order(
    gate: FairGate, waiters: list[tuple[str, int, int]], cancel: str | None = None
) -> list[str]:
    """Hold the gate, queue ``waiters`` (name, chat, priority), release: the order they got it."""
    order: list[str] = []
    await gate.acquire("holder", FairGate.REPLY)

    async def wait(name: str, chat: int, priority: int) -> None:
        await gate.acquire(chat, priority)
        order.append(name)
        gate.release()

    tasks = {name: asyncio.create_task(wait(name, c, p)) for name, c, p in waiters}
    await asyncio.sleep(0)
    if cancel is not None:
        tasks[cancel].cancel()
        await asyncio.sleep(0)
    gate.release()
    await asyncio.gather(*tasks.values(), return_exceptions=True)
    assert gate.waiting == 0
    return order


async def test_chats_take_turns_one_send_each() -> None:
    waiters = [(f"a{i}", 1, FairGate.REPLY) for i in range(4)]
    waiters += [("b0", 2, FairGate.REPLY), ("c0", 3, FairGate.REPLY), ("b1", 2, FairGate.REPLY)]
    order = await gate_order(FairGate(), waiters)
    assert order == ["a0", "b0", "c0", "a1", "b1", "a2", "a3"]


async def test_replies_go_before_background_sends_but_those_get_one_turn_in_five() -> None:
    waiters = [(f"r{i}", 100 + i, FairGate.REPLY) for i in range(10)]
    waiters[:0] = [(f"bg{i}", 200 + i, FairGate.BACKGROUND) for i in range(3)]
    order = await gate_order(FairGate(background_share=5), waiters)
    assert order == [
        *("r0", "r1", "r2", "r3", "bg0"),
        *("r4", "r5", "r6", "r7", "bg1"),
        *("r8", "r9", "bg2"),
    ]


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    waiters = [("a", 1, FairGate.REPLY), ("b", 2, FairGate.REPLY), ("c", 3, FairGate.BACKGROUND)]
    assert await gate_order(FairGate(), waiters, cancel="b") == ["a", "c"]


async def test_a_reply_overtakes_a_queue_of_reminders_at_telegrams_pace() -> None:
    """30 reminders wait; a reply sent while handling an update leaves next, not 30th."""
    telegram = FakeTelegram()
    limiter = PacedRateLimiter(200)
    reminders = [
        asyncio.create_task(send(limiter, telegram, f"reminder{i}", chat_id=1000 + i))
        for i in range(30)
    ]
    await asyncio.sleep(0.02)

    async def reply() -> Result:
        return await send(limiter, telegram, "reply", chat_id=7)

    await ChatOrderedUpdateProcessor().process_update(message_update(1, 7), reply())
    names = [name for name, _ in telegram.sent]
    assert names.index("reply") <= 8, names
    await asyncio.gather(*reminders)
