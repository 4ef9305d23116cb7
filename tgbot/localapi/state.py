"""The stand-in's state: chats, messages, calls, pending updates, and shared helpers."""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from tgbot.core.clock import Clock
from tgbot.localapi.html_entities import EntityParseError, parse_html, utf16_len
from tgbot.localapi.models import (
    _NEW_MESSAGE_METHODS,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_INLINE_BUTTONS,
    MAX_TEXT_LENGTH,
    ApiError,
    BotCall,
    Chat,
    Fault,
    FloodLimits,
    StoredMessage,
)

log = logging.getLogger(__name__)


class StandInState:
    """What the stand-in keeps, and the helpers both of its sides use."""

    def __init__(
        self,
        *,
        bot_username: str = "twitch_triage_local_bot",
        flood_limit_per_second: int | None = None,
        flood_limits: FloodLimits | None = None,
        clock: Clock | None = None,
        long_poll_cap: float | None = None,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self.bot_username = bot_username
        self.token = token
        """The one token this server knows (401 Unauthorized for any other); None: any."""
        self.bot_user: dict[str, Any] = {
            "id": 7000000001,
            "is_bot": True,
            "first_name": "Twitch Triage",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.flood_limit_per_second = flood_limit_per_second
        """Sends in any one second past which every send is refused with 429 (benchmarks)."""
        self.flood_limits = flood_limits
        """Telegram's three flood limits (overall, per group, per private chat); None: off."""
        self.clock = clock
        """Where message dates and the ages of messages and callback queries are read: the
        bot's clock in the tests (so "48 hours later" is the test's 48 hours), else real time.
        """
        # Answering a long poll early with no updates is allowed by the protocol; tests use it
        # so that stopping a bot does not wait out a full poll timeout.
        self.long_poll_cap = long_poll_cap
        self.latency = latency
        """Seconds every request waits before it is taken: the trip to Telegram's servers
        (benchmarks; tests leave it at 0)."""
        self.host = host
        self.port = port
        self._start_records()

    def _start_records(self) -> None:
        """What the stand-in records (chats, messages, calls) and its own bookkeeping."""
        self.chats: dict[int, Chat] = {}
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.calls: list[BotCall] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.blocked_chats: set[int] = set()
        self.faults: list[Fault] = []
        self.rejected: list[tuple[str, int, str]] = []
        self.call_listeners: list[Callable[[BotCall], None]] = []
        """Called with each call as it is recorded (a benchmark's driver waits on many chats)."""
        self.webhook: dict[str, Any] = {}
        self.webhook_responses: list[int] = []
        self._next_message_id: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_000)
        self._callback_ids = itertools.count(5_000_000)
        self._callback_chat: dict[str, int] = {}
        self._allowed_updates: list[str] | None = None
        # Each event is set once and replaced: waiters hold the one current when they began.
        self._update_event = asyncio.Event()
        self._activity_event = asyncio.Event()
        self._sends: deque[float] = deque()
        self._flood_sends: deque[float] = deque()
        self._group_sends: dict[int, deque[float]] = {}
        self._private_buckets: dict[int, tuple[float, float]] = {}
        """Per private chat: (tokens left, when counted), on the monotonic clock."""
        self._callback_pressed_at: dict[str, float] = {}
        self.reports_handling = False
        """True once the bot says when it has handled each update (:meth:`update_handled`):
        a user's side then waits for that, not for a quiet moment."""
        self.last_update_id: int | None = None
        self._handled: set[int] = set()
        self._handled_event = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._webhook_session: aiohttp.ClientSession | None = None
        self._webhook_tasks: set[asyncio.Task[None]] = set()

    # ----------------------------------------------------------------- helpers

    def update_handled(self, update_id: int | None) -> None:
        """The bot has handled (or dropped) this update: every reply to it has been sent.
        Set ``reports_handling`` when the bot will say so for every update."""
        if update_id is None:
            return
        self._handled.add(update_id)
        self._handled_event.set()
        self._handled_event = asyncio.Event()

    def now(self) -> float:
        """The stand-in's time, in Unix seconds: its clock's, else the real time."""
        return self.clock.now().timestamp() if self.clock is not None else time.time()

    def _chat(self, chat_id: Any) -> Chat:
        try:
            return self.chats[int(chat_id)]
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def _existing(self, params: dict[str, Any], not_found: str) -> StoredMessage:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported here")
        chat = self._chat(params.get("chat_id"))
        try:
            return self.messages[chat.id][int(params.get("message_id", 0))]
        except (KeyError, ValueError):
            raise ApiError(400, not_found) from None

    @staticmethod
    def _message_text(
        params: dict[str, Any], key: str
    ) -> tuple[str, str | None, list[dict[str, Any]]]:
        raw = params.get(key)
        if raw is None or str(raw).strip() == "":
            raise ApiError(400, "Bad Request: message text is empty")
        raw = str(raw)
        html: str | None = None
        entities: list[dict[str, Any]] = list(params.get("entities") or [])
        mode = str(params.get("parse_mode") or "").upper()
        if mode == "HTML":
            html = raw
            try:
                text, entities = parse_html(raw)
            except EntityParseError as error:
                raise ApiError(400, f"Bad Request: {error}") from None
        elif mode:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in the stand-in")
        else:
            text = raw
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return text, html, entities

    @staticmethod
    def _message_caption(
        params: dict[str, Any],
    ) -> tuple[str | None, str | None, list[dict[str, Any]]]:
        """A caption as the user reads it (HTML parsed), at most 1,024 characters; None when
        the message has none."""
        raw = params.get("caption")
        if raw is None or str(raw) == "":
            return None, None, []
        raw = str(raw)
        html: str | None = None
        entities: list[dict[str, Any]] = list(params.get("caption_entities") or [])
        mode = str(params.get("parse_mode") or "").upper()
        if mode == "HTML":
            html = raw
            try:
                text, entities = parse_html(raw)
            except EntityParseError as error:
                raise ApiError(400, f"Bad Request: {error}") from None
        elif mode:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in the stand-in")
        else:
            text = raw
        if utf16_len(text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        return text, html, entities

    @staticmethod
    def _validated_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard", [])
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
            raise ApiError(400, "Bad Request: reply markup is too long")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                kinds = [k for k in ("callback_data", "url", "switch_inline_query") if k in button]
                if len(kinds) != 1:
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= (
                    MAX_CALLBACK_DATA_BYTES
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
                    raise ApiError(
                        400, f"Bad Request: inline keyboard button URL '{url}' is invalid"
                    )
        return markup

    def _store(
        self,
        chat: Chat,
        sender: dict[str, Any],
        *,
        text: str | None = None,
        html: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> StoredMessage:
        message_id = self._next_message_id.get(chat.id, 1)
        self._next_message_id[chat.id] = message_id + 1
        message = StoredMessage(
            chat_id=chat.id,
            message_id=message_id,
            date=int(self.now()),
            sender=sender,
            text=text,
            html=html,
            entities=entities or [],
        )
        self.messages.setdefault(chat.id, {})[message_id] = message
        return message

    def _message_to_api(self, message: StoredMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": message.sender,
            "chat": self.chats[message.chat_id].to_api(),
            "date": message.date,
        }
        if message.text is not None:
            data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
        if message.reply_markup is not None:
            data["reply_markup"] = message.reply_markup
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.caption is not None:
            data["caption"] = message.caption
        if message.photo is not None:
            content = message.photo.get("content") or b""
            data["photo"] = [
                {
                    "file_id": f"photo-{message.chat_id}-{message.message_id}",
                    "file_unique_id": f"p{message.chat_id}{message.message_id}",
                    "width": 1200,
                    "height": 800,
                    "file_size": len(content),
                }
            ]
        if message.document is not None:
            data["document"] = {
                "file_id": f"doc-{message.chat_id}-{message.message_id}",
                "file_unique_id": f"u{message.chat_id}{message.message_id}",
                "file_name": message.document.get("file_name"),
                "file_size": len(message.document.get("content") or b""),
            }
        if message.caption_entities:
            data["caption_entities"] = message.caption_entities
        data.update(message.extra)
        return data

    def _record(
        self, method: str, chat_id: int | None, message_id: int | None, params: dict[str, Any]
    ) -> None:
        call = BotCall(len(self.calls) + 1, method, chat_id, message_id, params, time.monotonic())
        self.calls.append(call)
        for listener in self.call_listeners:
            listener(call)
        self._activity_event.set()
        self._activity_event = asyncio.Event()

    # ----------------------------------------------------------------- flood control

    def _check_flood(self, method: str, chat_id: Any) -> None:
        """Refuse a message past a flood limit with 429 and ``retry_after``; count it
        otherwise (a refused message does not count). The per-chat limits count new messages
        only (:class:`FloodLimits`)."""
        now = time.monotonic()
        if self.flood_limit_per_second is not None:
            while self._sends and now - self._sends[0] >= 1.0:
                self._sends.popleft()
            if len(self._sends) >= self.flood_limit_per_second:
                raise _too_many(1)
        limits = self.flood_limits
        if limits is not None:
            while self._flood_sends and now - self._flood_sends[0] >= 1.0:
                self._flood_sends.popleft()
            if len(self._flood_sends) >= limits.overall_per_second:
                raise _too_many(1)
            chat = self._known_chat(chat_id) if method in _NEW_MESSAGE_METHODS else None
            if chat is not None and chat.type in ("group", "supergroup"):
                sent = self._group_sends.setdefault(chat.id, deque())
                while sent and now - sent[0] >= 60.0:
                    sent.popleft()
                if len(sent) >= limits.group_per_minute:
                    raise _too_many(60.0 - (now - sent[0]))
                sent.append(now)
            elif chat is not None and chat.type == "private":
                tokens, counted = self._private_buckets.get(
                    chat.id, (float(limits.private_burst), now)
                )
                tokens = min(
                    float(limits.private_burst),
                    tokens + (now - counted) * limits.private_per_second,
                )
                if tokens < 1.0:
                    self._private_buckets[chat.id] = (tokens, now)
                    raise _too_many((1.0 - tokens) / limits.private_per_second)
                self._private_buckets[chat.id] = (tokens - 1.0, now)
            self._flood_sends.append(now)
        if self.flood_limit_per_second is not None:
            self._sends.append(now)

    def _known_chat(self, chat_id: Any) -> Chat | None:
        try:
            return self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            return None

    # ----------------------------------------------------------------- webhook delivery

    def _push_pending_to_webhook(self) -> None:
        pending, self._updates = self._updates, []
        for update in pending:
            self._push_to_webhook(update)

    def _push_to_webhook(self, update: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(update))
        self._webhook_tasks.add(task)
        task.add_done_callback(self._webhook_tasks.discard)

    async def _deliver(self, update: dict[str, Any]) -> None:
        if self._webhook_session is None:
            self._webhook_session = aiohttp.ClientSession()
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(self.webhook["secret_token"])
        try:
            async with self._webhook_session.post(
                str(self.webhook["url"]), json=update, headers=headers
            ) as response:
                self.webhook_responses.append(response.status)
        except aiohttp.ClientError as error:
            log.warning("event=webhook_delivery_failed error=%s", type(error).__name__)
            self.webhook_responses.append(0)


def _too_many(wait: float) -> ApiError:
    """Telegram's 429: "Too Many Requests: retry after N", N whole seconds, at least 1."""
    seconds = max(1, math.ceil(wait))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)
