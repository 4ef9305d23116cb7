"""Updates of different chats run at once; one chat's updates run one at a time, in order.

PTB handles one update at a time by default, so every call to Telegram (tens of milliseconds
away) holds up every other user. Plain ``concurrent_updates`` would let one user's quick taps
overtake each other: a tap could reach a triage question before the handler that sent it has
saved it. Here each chat is a queue of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 64
"""Updates in hand at once, across chats (PTB's semaphore). A chat's later updates wait
inside it, so this also bounds how many one chat can hold."""


class _ChatTurn:
    """The lock of one chat, and how many of its updates hold it or wait for it."""

    __slots__ = ("holders", "lock")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.holders = 0


def chat_key(update: object) -> int | None:
    """Which queue an update joins: its chat, else its user (an inline query has no chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """PTB hands us updates in arrival order, each in a task of its own; asyncio's lock
    wakes its waiters first come, first served, so a chat's updates keep their order."""

    __slots__ = ("_turns",)

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, _ChatTurn] = {}

    @property
    def busy_chats(self) -> int:
        """Chats with an update in hand or waiting (for tests and health checks)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _ChatTurn()
        turn.holders += 1
        try:
            async with turn.lock:
                await coroutine
        finally:
            turn.holders -= 1
            if turn.holders == 0:
                # Forget idle chats: the table stays as small as the chats in hand.
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made per chat as updates come."""

    async def shutdown(self) -> None:
        """Nothing to free: ``Application.stop`` waits for the updates in hand."""
