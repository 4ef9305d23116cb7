"""Chats side by side, each chat in order: the update processor, alone and in the bot."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any

from telegram import Chat, Message, Update, User

from tgbot.bot.application import build_application
from tgbot.bot.update_processor import ChatOrderedUpdateProcessor, chat_key, is_reply
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running


def message_update(update_id: int, chat_id: int) -> Update:
    user = User(chat_id, "Alex", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, 0, chat, from_user=user, text="hi"))  # type: ignore[arg-type]


class Recorder:
    """Handlers that note when they start and end, and can be held until released."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[int, asyncio.Event] = {}

    def hold(self, update_id: int) -> None:
        self.gates[update_id] = asyncio.Event()

    async def handle(self, update_id: int) -> None:
        self.events.append(f"start {update_id}")
        gate = self.gates.get(update_id)
        if gate is not None:
            await gate.wait()
        await asyncio.sleep(0)
        self.events.append(f"end {update_id}")


async def feed(
    processor: ChatOrderedUpdateProcessor, recorder: Recorder, updates: list[Update]
) -> list[asyncio.Task[None]]:
    """As PTB does: one task per update, created in arrival order."""
    tasks = [
        asyncio.create_task(processor.process_update(u, recorder.handle(u.update_id)))
        for u in updates
    ]
    await asyncio.sleep(0.01)
    return tasks


async def test_one_chat_waits_its_turn_while_another_chat_goes_ahead() -> None:
    processor, recorder = ChatOrderedUpdateProcessor(), Recorder()
    recorder.hold(1)
    tasks = await feed(
        processor, recorder, [message_update(1, 10), message_update(2, 10), message_update(3, 20)]
    )
    # Update 1 (chat 10) is held: chat 10's next update waits, chat 20's has run.
    assert recorder.events == ["start 1", "start 3", "end 3"]
    recorder.gates[1].set()
    await asyncio.gather(*tasks)
    assert recorder.events == ["start 1", "start 3", "end 3", "end 1", "start 2", "end 2"]


async def test_a_chats_updates_run_in_arrival_order_one_at_a_time() -> None:
    processor, recorder = ChatOrderedUpdateProcessor(), Recorder()
    for update_id in range(1, 6):
        recorder.hold(update_id)
    tasks = await feed(processor, recorder, [message_update(i, 10) for i in range(1, 6)])
    for update_id in range(1, 6):
        assert recorder.events[-1] == f"start {update_id}"
        recorder.gates[update_id].set()
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)
    expected = [e for i in range(1, 6) for e in (f"start {i}", f"end {i}")]
    assert recorder.events == expected


async def test_order_holds_when_the_semaphore_is_full() -> None:
    processor, recorder = ChatOrderedUpdateProcessor(max_concurrent_updates=2), Recorder()
    recorder.hold(1)
    recorder.hold(2)
    updates = [message_update(1, 10), message_update(2, 20)]
    updates += [message_update(i, 10 if i % 2 else 20) for i in range(3, 9)]
    tasks = await feed(processor, recorder, updates)
    assert processor.handling == 2
    recorder.gates[1].set()
    recorder.gates[2].set()
    await asyncio.gather(*tasks)
    for chat_ids in ((1, 3, 5, 7), (2, 4, 6, 8)):
        starts = [e for e in recorder.events if e.startswith("start") and int(e[6:]) in chat_ids]
        assert starts == [f"start {i}" for i in chat_ids]


async def test_one_chats_flood_holds_no_slot_another_chat_needs() -> None:
    """PTB's own order (slot first, then the chat's turn) let a flood hold every slot."""
    processor, recorder = ChatOrderedUpdateProcessor(max_concurrent_updates=2), Recorder()
    recorder.hold(1)
    flood = [message_update(i, 10) for i in range(1, 11)]
    tasks = await feed(processor, recorder, [*flood, message_update(99, 20)])
    assert "end 99" in recorder.events, "the other chat was answered during the flood"
    assert processor.handling == 1
    recorder.gates[1].set()
    await asyncio.gather(*tasks)
    starts = [e for e in recorder.events if e.startswith("start") and e != "start 99"]
    assert starts == [f"start {i}" for i in range(1, 11)]


async def test_a_flood_beyond_the_chats_queue_is_dropped_and_told_once() -> None:
    told: list[int] = []

    async def notice(update: Update) -> None:
        told.append(update.update_id)

    processor = ChatOrderedUpdateProcessor(max_waiting_per_chat=3, on_flood=notice)
    recorder = Recorder()
    recorder.hold(1)
    tasks = await feed(processor, recorder, [message_update(i, 10) for i in range(1, 9)])
    recorder.gates[1].set()
    await asyncio.gather(*tasks)
    assert [e for e in recorder.events if e.startswith("start")] == [
        "start 1",
        "start 2",
        "start 3",
    ]
    assert told == [4]
    # Once the chat is idle again it starts afresh.
    await processor.process_update(message_update(9, 10), recorder.handle(9))
    assert "end 9" in recorder.events


async def test_sends_while_handling_an_update_are_replies() -> None:
    seen: list[bool] = []

    async def handler() -> None:
        seen.append(is_reply())

    await asyncio.create_task(processor_run(handler()))
    assert seen == [True]
    assert not is_reply()


async def processor_run(coroutine: Coroutine[Any, Any, None]) -> None:
    await ChatOrderedUpdateProcessor().process_update(message_update(1, 10), coroutine)


async def test_idle_chats_are_forgotten_even_after_a_failure() -> None:
    processor = ChatOrderedUpdateProcessor()

    async def fails() -> None:
        raise RuntimeError("handler failed")

    results = await asyncio.gather(
        processor.process_update(message_update(1, 10), fails()),
        processor.process_update(message_update(2, 10), asyncio.sleep(0)),
        return_exceptions=True,
    )
    assert isinstance(results[0], RuntimeError)
    assert results[1] is None
    assert processor.busy_chats == 0


def test_updates_queue_by_chat_then_user() -> None:
    assert chat_key(message_update(1, 42)) == 42
    assert chat_key(Update(5)) is None
    assert chat_key(object()) is None


async def test_the_bot_answers_users_side_by_side(
    settings: Settings, library: Library, new_user: Callable[..., FakeUser]
) -> None:
    """With every request taking 0.1 s (a far-away Bot API), ten users who write at once
    are all answered in about one round trip, not ten in a row."""
    async with LocalBotApi(long_poll_cap=0.1, latency=0.1) as api:
        application = build_application(
            replace(settings, api_base_url=api.base_url), library=library
        )
        async with running(application):
            chats = [ChatSession(api, new_user()) for _ in range(10)]
            await asyncio.sleep(0.3)  # the first long poll is under way
            started = time.monotonic()
            replies = await asyncio.gather(*(c.send("/twitch") for c in chats))
            elapsed = time.monotonic() - started
    assert all("twitch" in r.last.text.lower() for r in replies)
    # One after another: at least 10 x 0.1 s of sends alone.
    assert elapsed < 0.8, f"ten users took {elapsed:.2f} s"
