"""The real bot, on the local Bot API stand-in, in a thread of its own; one user's chat with it.

The bot and the stand-in share an event loop in a background thread, so the terminal can read
lines with a plain blocking ``input()`` (line editing and history included) in the main thread.
Every call here is synchronous: it runs a coroutine on the bot's loop and waits for it.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import DEFAULT_CONTENT_DIR, Settings
from tgbot.core.clock import ShiftedClock
from tgbot.localapi import BotMessage, ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

CHAT_TOKEN = "000000:LOCAL-CHAT"
USER_ID = 424242
STARTUP_TIMEOUT = 60.0
REPLY_TIMEOUT = 10.0
"""Seconds to wait for the bot's first answer to a message or a press."""
SETTLE = 0.25
"""Quiet seconds after the bot's last call before the turn counts as complete."""
LATE_DELIVERY_TIMEOUT = 2.0
CHANGE_AFTER_ANSWER_TIMEOUT = 2.0
"""Seconds to wait, after a silent answer to a tap, for the message it changes."""
DUE_BATCH = 1000
"""Reminders sent by one /wait at most: one user's chat has a handful."""

T = TypeVar("T")


class BotStopped(RuntimeError):
    """The bot's thread ended while the chat was open."""


@dataclass(frozen=True)
class Turn:
    """The chat after one user action: every bot message as it reads now."""

    messages: tuple[BotMessage, ...]
    answered: bool
    """Whether the bot did anything at all in the chat."""
    popup: dict[str, Any] | None = None
    """The callback answer of a press (``text``, ``show_alert``), if the bot gave one."""


class LocalChat:
    def __init__(
        self,
        *,
        content_dir: Path = DEFAULT_CONTENT_DIR,
        language_code: str | None = "en",
        first_name: str = "You",
    ) -> None:
        self.clock = ShiftedClock()
        self._content_dir = content_dir
        self._user = FakeUser(USER_ID, first_name=first_name, language_code=language_code)
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self._crash: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._api: LocalBotApi | None = None
        self._application: BotApplication | None = None
        self._session: ChatSession | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Start the stand-in and the bot; raise what stopped them (e.g. invalid content)."""
        self._thread = threading.Thread(target=self._serve, name="local-bot", daemon=True)
        self._thread.start()
        if not self._ready.wait(STARTUP_TIMEOUT):
            raise TimeoutError(f"the bot did not start within {STARTUP_TIMEOUT:.0f} seconds")
        if self._startup_error is not None:
            raise self._startup_error

    def close(self) -> None:
        """Stop the bot cleanly (its database closes, the temporary folder goes)."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=30)

    def __enter__(self) -> LocalChat:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as error:  # handed to the main thread, which reports it
            if self._ready.is_set():
                self._crash = error
            else:
                self._startup_error = error
                self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        with tempfile.TemporaryDirectory(prefix="twitch-triage-chat-") as folder:
            # A short long-poll cap only makes leaving quick: the bot asks again at once.
            async with LocalBotApi(long_poll_cap=0.5) as api:
                settings = Settings(
                    token=CHAT_TOKEN,
                    api_base_url=api.base_url,
                    database_path=Path(folder) / "bot.sqlite3",
                    content_dir=self._content_dir,
                )
                application = build_application(settings, clock=self.clock)
                async with running(application):
                    self._api, self._application = api, application
                    self._session = ChatSession(api, self._user)
                    self._ready.set()
                    await self._stop.wait()

    def _run(self, factory: Callable[[], Coroutine[Any, Any, T]], timeout: float = 60) -> T:
        if self._loop is None:
            raise RuntimeError("the chat is not started")
        if self._thread is None or not self._thread.is_alive():
            reason = type(self._crash).__name__ if self._crash else "it ended"
            raise BotStopped(f"the bot stopped ({reason}); start the chat again")
        return asyncio.run_coroutine_threadsafe(factory(), self._loop).result(timeout)

    @property
    def api(self) -> LocalBotApi:
        if self._api is None:
            raise RuntimeError("the chat is not started")
        return self._api

    @property
    def session(self) -> ChatSession:
        if self._session is None:
            raise RuntimeError("the chat is not started")
        return self._session

    @property
    def application(self) -> BotApplication:
        if self._application is None:
            raise RuntimeError("the chat is not started")
        return self._application

    @property
    def bot_name(self) -> str:
        return str(self.api.bot_user.get("first_name", "Bot"))

    # ----------------------------------------------------------------- the user's side

    def now(self) -> datetime:
        return self.clock.now()

    def messages(self) -> tuple[BotMessage, ...]:
        """The chat as it reads now, including anything that arrived since the last turn."""

        async def read() -> tuple[BotMessage, ...]:
            return tuple(self.session.bot_messages)

        return self._run(read)

    def send(self, text: str) -> Turn:
        """The user types ``text`` and presses Enter."""
        return self._run(lambda: self._turn(lambda: self._type(text)))

    def press(self, message_id: int, callback_data: str) -> Turn:
        """The user taps the button carrying ``callback_data`` under message ``message_id``."""
        return self._run(lambda: self._turn(lambda: self._tap(message_id, callback_data)))

    def wait(self, delta: timedelta) -> Turn:
        """Time passes: the clock moves on and the reminders due by then are delivered."""
        self.clock.advance(delta)
        return self._run(self._deliver_due)

    def next_reminder(self) -> datetime | None:
        """When the next reminder or check-in of this chat's user is due, if one is set."""
        return self._run(self._next_due)

    async def _next_due(self) -> datetime | None:
        repo = self.application.bot_data.services.reminders.repo
        pending = await repo.pending_for(self.session.user.id)
        return min((r.due_at for r in pending), default=None)

    def _type(self, text: str) -> str | None:
        self.api.user_message(self.session.user, text, self.session.chat)
        return None

    def _tap(self, message_id: int, callback_data: str) -> str | None:
        stored = self.api.messages[self.session.chat.id][message_id]
        return self.api.user_press(self.session.user, stored, callback_data)

    async def _turn(self, act: Callable[[], str | None]) -> Turn:
        since = self.api.call_count
        query_id = act()
        answered = await self._settle(since, REPLY_TIMEOUT, at_least=1)
        popup = self.api.callback_answers.get(query_id) if query_id is not None else None
        if answered and not (popup and popup.get("text")) and not self._changed_since(since):
            # A tap is often answered first and the message changed a moment later: on a slow
            # machine that moment can outlast the settle time, so wait for the change itself.
            calls = len(self.api.calls_for(self.session.chat.id, since))
            await self._settle(since, CHANGE_AFTER_ANSWER_TIMEOUT, at_least=calls + 1)
        return Turn(tuple(self.session.bot_messages), answered, popup)

    def _changed_since(self, since: int) -> bool:
        """Whether the bot did more in the chat than answer a tap."""
        calls = self.api.calls_for(self.session.chat.id, since)
        return any(call.method != "answerCallbackQuery" for call in calls)

    async def _deliver_due(self) -> Turn:
        since = self.api.call_count
        reminders = self.application.bot_data.services.reminders
        # Due by the moved clock: sent now, as the bot would once that time had really come.
        # (Its own timers count real seconds, so they would still be minutes or days away.)
        for reminder_id, _, _ in await reminders.repo.due_before(self.clock.now(), DUE_BATCH):
            await reminders.deliver(reminder_id)
        # The ones coming up next get their timers, as the bot's minute-by-minute sweep does.
        await reminders.sweep()
        answered = await self._settle(since, LATE_DELIVERY_TIMEOUT, at_least=0)
        return Turn(tuple(self.session.bot_messages), answered)

    async def _settle(self, since: int, timeout: float, *, at_least: int) -> bool:
        chat_id = self.session.chat.id
        try:
            calls = await self.api.wait_for_calls(
                chat_id, since, at_least=at_least, settle=SETTLE, timeout=timeout
            )
        except TimeoutError:
            return False
        return bool(calls)
