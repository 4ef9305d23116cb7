"""Updates of different chats run at once; one chat's updates run one at a time, in order.

PTB handles one update at a time by default, so every call to Telegram (tens of milliseconds
away) holds up every other user. Plain ``concurrent_updates`` would let one user's quick taps
overtake each other: a tap could reach a triage question before the handler that sent it has
saved it. Here each chat is a queue of its own.

A chat waits for its turn *before* it takes one of the slots shared by all chats: PTB's own
processor takes the slot first, so one user sending 2,000 messages held every slot and
everyone else queued behind the flood (67 s at Telegram's pace, benchmarks/fairness.py). And a
chat holds at most ``MAX_WAITING_PER_CHAT`` updates: the rest of a flood is dropped, and the
user is told once, calmly, to slow down.

Sends made while handling an update are replies to a person; the rate limiter lets them go
before reminders (:func:`is_reply`).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, ClassVar

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from tgbot import metrics
from tgbot.bot.update_check import malformed_field

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
"""Updates in hand at once, across chats; each chat has at most one of them."""
MAX_WAITING_PER_CHAT = 20
"""A person tapping fast has a few updates waiting; 20 is a script or a stuck key."""

FloodNotice = Callable[[Update], Awaitable[None]]
SafetyScreen = Callable[[Update], Awaitable[None]]
"""Reads a dropped update for an emergency or a crisis, and answers it if so: the flood
control never drops a cry for help unread."""
FirstDelivery = Callable[[int], Awaitable[bool]]
"""True the first time an update id arrives (tgbot/storage/updates.py); False for a repeat."""
ChatLock = Callable[[int], AbstractAsyncContextManager[None]]
"""Held while a chat's update is handled: across workers on a shared database (a PostgreSQL
advisory lock, tgbot/storage/postgres.py), nothing in one process (the turns order it)."""


@asynccontextmanager
async def _no_chat_lock(chat: int) -> AsyncIterator[None]:
    yield


_replying: contextvars.ContextVar[bool] = contextvars.ContextVar("replying", default=False)
_failed: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("failed", default=None)


def mark_failed() -> None:
    """The error handler saw this update's handler fail (for the metrics' outcome)."""
    holder = _failed.get()
    if holder is not None:
        holder.append(True)


def update_kind(update: object) -> str:
    """A fixed label for the metrics: which field of the update is set."""
    if isinstance(update, Update):
        for kind in metrics.UPDATE_KINDS[:-1]:
            if getattr(update, kind, None) is not None:
                return kind
    return "other"


def is_reply() -> bool:
    """True inside the handling of an update: what is sent now answers a person."""
    return _replying.get()


class _ChatTurn:
    """The lock of one chat, how many of its updates hold it or wait for it, and whether it
    was told to slow down during this flood."""

    __slots__ = ("holders", "lock", "told")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.holders = 0
        self.told = False


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
    wakes its waiters first come, first served, so a chat's updates keep their order.

    ``on_flood`` is awaited once per flood, with the first update dropped."""

    observers: ClassVar[list[Callable[[object], None]]] = []
    """Called with each update once it has been handled, or dropped, in any bot of this
    process: the tests wait on this (every reply has been sent) instead of a quiet moment."""

    starters: ClassVar[list[Callable[[], None]]] = []
    """Called when a bot of this process is about to handle updates: from its first update on,
    the tests know it will report each one, and never wait for a quiet moment."""

    __slots__ = (
        "_chat_lock",
        "_first_delivery",
        "_handling",
        "_max_waiting",
        "_on_flood",
        "_screen",
        "_slots",
        "_turns",
    )

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        *,
        max_waiting_per_chat: int = MAX_WAITING_PER_CHAT,
        on_flood: FloodNotice | None = None,
    ) -> None:
        # PTB's semaphore is taken before do_process_update and would hold a slot while the
        # chat waits its turn; it is made unbounded and the slots are taken after the turn.
        super().__init__(sys.maxsize)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._max_waiting = max_waiting_per_chat
        self._on_flood = on_flood
        self._turns: dict[int, _ChatTurn] = {}
        self._handling = 0
        self._chat_lock: ChatLock = _no_chat_lock
        self._screen: SafetyScreen | None = None
        self._first_delivery: FirstDelivery | None = None

    @property
    def handling(self) -> int:
        """Updates being handled now (each chat has at most one)."""
        return self._handling

    @property
    def busy_chats(self) -> int:
        """Chats with an update in hand or waiting (for tests and health checks)."""
        return len(self._turns)

    def set_flood_notice(self, on_flood: FloodNotice) -> None:
        """Set once the Application (which the notice sends through) exists."""
        self._on_flood = on_flood

    def set_safety_screen(self, screen: SafetyScreen) -> None:
        """Set once the Application (which the answer is sent through) exists."""
        self._screen = screen

    def set_chat_lock(self, chat_lock: ChatLock) -> None:
        """The lock that orders a chat's updates across processes (after this one's turn)."""
        self._chat_lock = chat_lock

    def set_first_delivery(self, first_delivery: FirstDelivery) -> None:
        """The ledger of update ids already handled, so a redelivered update is dropped."""
        self._first_delivery = first_delivery

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        token = _replying.set(True)
        try:
            if await self._refused(update):
                _discard(coroutine)
                return
            await self._in_turn(update, coroutine)
        finally:
            _replying.reset(token)
            for observer in ChatOrderedUpdateProcessor.observers:
                observer(update)

    async def _refused(self, update: object) -> bool:
        """A repeat of an update already handled, or one with fields of the wrong type."""
        if not isinstance(update, Update):
            return False
        field = malformed_field(update)
        if field is not None:
            log.warning("event=update_malformed update_id=%s field=%s", update.update_id, field)
            metrics.UPDATES.labels(update_kind(update), "malformed").inc()
            return True
        if self._first_delivery is None:
            return False
        try:
            first = await self._first_delivery(update.update_id)
        except Exception as error:  # the ledger's database is down: better twice than never
            log.warning("event=update_ledger_failed error=%s", type(error).__name__)
            return False
        if not first:
            log.info("event=update_repeated update_id=%d", update.update_id)
            metrics.UPDATES.labels(update_kind(update), "repeated").inc()
        return not first

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            async with self._slots:
                await self._handle(update, coroutine)
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _ChatTurn()
        if turn.holders >= self._max_waiting:
            await self._drop(update, coroutine, turn, key)
            return
        turn.holders += 1
        try:
            async with turn.lock, self._slots, self._chat_lock(key):
                await self._handle(update, coroutine)
        finally:
            turn.holders -= 1
            if turn.holders == 0:
                # Forget idle chats: the table stays as small as the chats in hand.
                del self._turns[key]

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        self._handling += 1
        kind = update_kind(update)
        failed: list[bool] = []
        token = _failed.set(failed)
        started = time.perf_counter()
        outcome = "error"
        try:
            await coroutine
            outcome = "error" if failed else "ok"
        finally:
            _failed.reset(token)
            metrics.HANDLER_SECONDS.labels(kind).observe(time.perf_counter() - started)
            metrics.UPDATES.labels(kind, outcome).inc()
            self._handling -= 1

    async def _drop(
        self, update: object, coroutine: Awaitable[Any], turn: _ChatTurn, key: int
    ) -> None:
        _discard(coroutine)
        metrics.UPDATES.labels(update_kind(update), "dropped").inc()
        if self._screen is not None and isinstance(update, Update):
            await self._screen(update)
        first = not turn.told
        turn.told = True
        if first:
            log.warning("event=chat_flood chat_id=%d waiting=%d", key, turn.holders)
            if self._on_flood is not None and isinstance(update, Update):
                await self._on_flood(update)

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made per chat as updates come."""
        for starter in ChatOrderedUpdateProcessor.starters:
            starter()

    async def shutdown(self) -> None:
        """Nothing to free: ``Application.stop`` waits for the updates in hand."""


def _discard(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()  # never started: nothing to undo
