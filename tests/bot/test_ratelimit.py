"""Sending at Telegram's pace: evenly spaced, one pause for all after a 429, retry budget."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from tgbot.bot.ratelimit import RETRY_MARGIN, PacedRateLimiter, retry_after_seconds

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


async def test_a_quiet_limiter_does_not_save_up_a_burst() -> None:
    """A leaky bucket lets a second's worth go at once after a quiet spell; this does not."""
    limiter, telegram = PacedRateLimiter(per_second=50), FakeTelegram()
    await send(limiter, telegram, "first")
    await asyncio.sleep(0.3)
    start = telegram.loop.time()
    await asyncio.gather(*(send(limiter, telegram, f"m{i}") for i in range(10)))
    assert telegram.loop.time() - start >= 9 * 0.02 - 0.002


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
    assert telegram.loop.time() - start < 0.1
    # The 601st message to the group waits for the bucket (600 a minute: 0.1 s a message).
    await send(limiter, telegram, "g600", chat_id=-100)
    assert telegram.loop.time() - start >= 0.09


def test_retry_after_in_seconds() -> None:
    assert retry_after_seconds(RetryAfter(3)) == 3.0
