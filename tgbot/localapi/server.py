"""A local stand-in for the Telegram Bot API, for tests, benchmarks and the terminal chat.

It speaks the real wire protocol (``POST /bot<token>/<method>``, form or JSON parameters,
``{"ok": ..., "result": ...}`` answers) and keeps the state a user would see: every chat's
messages as they read now. The test side injects what a user does and reads what the bot did.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tgbot.localapi.html_entities import EntityParseError, command_entities, parse_html, utf16_len

log = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
# Parameters the Bot API takes as plain strings; PTB sends them unencoded, everything else JSON.
_STRING_PARAMS = frozenset(
    {
        "text",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "caption",
        "language_code",
        "action",
        "emoji",
        "ip_address",
    }
)
# Methods that put a message in front of the user, and so count against the flood limit.
_SENDING_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "editMessageText"})


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class Fault:
    """A failure the test asked for: the next ``times`` matching calls get this error."""

    method: str
    code: int
    description: str
    chat_id: int | None = None
    retry_after: int | None = None
    times: int = 1


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    date: int
    sender: dict[str, Any]
    text: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    edit_date: int | None = None
    document: dict[str, Any] | None = None
    photo: dict[str, Any] | None = None
    """An uploaded photo as sent: file_name and content (the PNG bytes)."""
    caption: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Other message fields a user can send: sticker, photo, voice, location, poll..."""

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))


@dataclass(frozen=True)
class BotCall:
    """One request the bot made that concerns a chat, in order."""

    seq: int
    method: str
    chat_id: int | None
    message_id: int | None
    params: dict[str, Any]
    at: float = field(default=0.0, compare=False)
    """``time.monotonic()`` when the stand-in took the call (benchmarks time answers by it)."""


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str = "Alex"
    username: str | None = None
    language_code: str | None = "en"

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


class LocalBotApi:
    """The server and its state. Use ``async with LocalBotApi() as api`` or start()/stop()."""

    def __init__(
        self,
        *,
        bot_username: str = "twitch_triage_local_bot",
        flood_limit_per_second: int | None = None,
        long_poll_cap: float | None = None,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.bot_username = bot_username
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
        # Answering a long poll early with no updates is allowed by the protocol; tests use it
        # so that stopping a bot does not wait out a full poll timeout.
        self.long_poll_cap = long_poll_cap
        self.latency = latency
        """Seconds every request waits before it is taken: the trip to Telegram's servers
        (benchmarks; tests leave it at 0)."""
        self.host = host
        self.port = port
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
        self._runner: web.AppRunner | None = None
        self._webhook_session: aiohttp.ClientSession | None = None
        self._webhook_tasks: set[asyncio.Task[None]] = set()
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendChatAction": self._true,
            "setChatMenuButton": self._true,
            "close": self._true,
            "logOut": self._true,
        }

    # ----------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.base_url

    async def stop(self) -> None:
        for task in list(self._webhook_tasks):
            task.cancel()
        if self._webhook_session is not None:
            await self._webhook_session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The server root, as ``TELEGRAM_API_BASE_URL`` takes it."""
        return f"http://{self.host}:{self.port}"

    # ----------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        handler = self._handlers.get(method)
        if handler is None:
            return self._error_response(ApiError(404, "Not Found"))
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            params = await self._read_params(request)
            self._check_faults(method, params)
            if method in _SENDING_METHODS:
                self._check_flood()
            result = await handler(params)
        except ApiError as error:
            self.rejected.append((method, error.code, error.description))
            return self._error_response(error)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error_response(error: ApiError) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.code,
            "description": error.description,
        }
        if error.retry_after is not None:
            body["parameters"] = {"retry_after": error.retry_after}
        return web.json_response(body, status=error.code)

    @staticmethod
    async def _read_params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            data = await request.json()
            return dict(data) if isinstance(data, dict) else {}
        params: dict[str, Any] = {}
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = {"file_name": value.filename, "content": value.file.read()}
            elif key in _STRING_PARAMS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
        return params

    def _check_faults(self, method: str, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        for fault in self.faults:
            if fault.method != method or fault.times <= 0:
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.times -= 1
            raise ApiError(fault.code, fault.description, fault.retry_after)
        if method in _SENDING_METHODS and chat_id in (self.blocked_chats):
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _check_flood(self) -> None:
        if self.flood_limit_per_second is None:
            return
        now = time.monotonic()
        while self._sends and now - self._sends[0] >= 1.0:
            self._sends.popleft()
        if len(self._sends) >= self.flood_limit_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._sends.append(now)

    # ----------------------------------------------------------------- bot methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        if self.long_poll_cap is not None:
            timeout = min(timeout, self.long_poll_cap)
        if params.get("allowed_updates") is not None:
            self._allowed_updates = list(params["allowed_updates"]) or None
        self._confirm(offset)
        if not self._updates and timeout > 0:
            arrived = self._update_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), timeout)
            self._confirm(offset)
        return self._updates[:limit]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        if self._allowed_updates:
            allowed = set(self._allowed_updates)
            self._updates = [u for u in self._updates if allowed & u.keys()]

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        text, html, entities = self._message_text(params, "text")
        markup = self._validated_markup(params.get("reply_markup"))
        message = self._store(chat, self.bot_user, text=text, html=html, entities=entities)
        message.reply_markup = markup
        self._record("sendMessage", chat.id, message.message_id, params)
        return self._message_to_api(message)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        document = params.get("document")
        if not isinstance(document, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        message = self._store(chat, self.bot_user)
        message.document = document
        message.caption = params.get("caption")
        self._record("sendDocument", chat.id, message.message_id, params)
        data = self._message_to_api(message)
        data["document"] = {
            "file_id": f"doc-{chat.id}-{message.message_id}",
            "file_unique_id": f"u{chat.id}{message.message_id}",
            "file_name": document.get("file_name"),
            "file_size": len(document.get("content", b"")),
        }
        return data

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        photo = params.get("photo")
        if not isinstance(photo, dict) or not photo.get("content"):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption = params.get("caption")
        if isinstance(caption, str) and len(caption) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        message = self._store(chat, self.bot_user)
        message.photo = photo
        message.caption = caption
        message.reply_markup = self._validated_markup(params.get("reply_markup"))
        self._record("sendPhoto", chat.id, message.message_id, params)
        data = self._message_to_api(message)
        size = len(photo["content"])
        data["photo"] = [
            {
                "file_id": f"photo-{chat.id}-{message.message_id}",
                "file_unique_id": f"p{chat.id}{message.message_id}",
                "width": 1200,
                "height": 800,
                "file_size": size,
            }
        ]
        return data

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params, "Bad Request: message to edit not found")
        text, html, entities = self._message_text(params, "text")
        markup = self._validated_markup(params.get("reply_markup"))
        if (
            text == message.text
            and entities == message.entities
            and markup == (message.reply_markup)
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.text, message.html, message.entities = text, html, entities
        message.reply_markup = markup
        message.edit_date = int(time.time())
        self._record("editMessageText", message.chat_id, message.message_id, params)
        return self._message_to_api(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._existing(params, "Bad Request: message to edit not found")
        markup = self._validated_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message.reply_markup = markup
        message.edit_date = int(time.time())
        self._record("editMessageReplyMarkup", message.chat_id, message.message_id, params)
        return self._message_to_api(message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._existing(params, "Bad Request: message to delete not found")
        del self.messages[message.chat_id][message.message_id]
        self._record("deleteMessage", message.chat_id, message.message_id, params)
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._callback_chat or query_id in self.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.callback_answers[query_id] = params
        self._record("answerCallbackQuery", self._callback_chat[query_id], None, params)
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, 'Bad Request: parameter "commands" is required')
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.islower()):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    @staticmethod
    def _commands_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return f"{json.dumps(scope, sort_keys=True)}|{params.get('language_code') or ''}"

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if url and not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        self.webhook = dict(params) if url else {}
        if url:
            self._push_pending_to_webhook()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            "allowed_updates": self.webhook.get("allowed_updates") or [],
        }

    # ----------------------------------------------------------------- helpers

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
    def _validated_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
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
            date=int(time.time()),
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

    # ----------------------------------------------------------------- test side

    def private_chat(self, user: FakeUser) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = Chat(user.id, "private", first_name=user.first_name, username=user.username)
            self.chats[user.id] = chat
        return chat

    def group_chat(self, chat_id: int, title: str = "Running club") -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = Chat(chat_id, "supergroup", title=title)
            self.chats[chat_id] = chat
        return chat

    def inject_update(self, payload: dict[str, Any]) -> int:
        """Queue an update (``payload`` is one field, like ``{"message": {...}}``)."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **payload}
        if self.webhook.get("url"):
            self._push_to_webhook(update)
        else:
            self._updates.append(update)
            self._update_event.set()
            self._update_event = asyncio.Event()
        return update_id

    def compose_message(
        self,
        user: FakeUser,
        text: str | None = None,
        chat: Chat | None = None,
        *,
        content: dict[str, Any] | None = None,
    ) -> StoredMessage:
        """Store a message from the user without delivering it (see :meth:`deliver`)."""
        chat = chat or self.private_chat(user)
        entities = command_entities(text) if text else None
        message = self._store(chat, user.to_api(), text=text, entities=entities)
        message.extra = dict(content or {})
        return message

    def message_update(self, message: StoredMessage, kind: str = "message") -> dict[str, Any]:
        return {kind: self._message_to_api(message)}

    def press_update(self, user: FakeUser, message: StoredMessage, data: str) -> dict[str, Any]:
        """A callback query as Telegram sends it when ``user`` taps a button on ``message``."""
        query_id = str(next(self._callback_ids))
        self._callback_chat[query_id] = message.chat_id
        return {
            "callback_query": {
                "id": query_id,
                "from": user.to_api(),
                "message": self._message_to_api(message),
                "chat_instance": str(-(abs(message.chat_id) * 31 + 7)),
                "data": data,
            }
        }

    def user_message(
        self, user: FakeUser, text: str, chat: Chat | None = None, *, kind: str = "message"
    ) -> StoredMessage:
        """A user types ``text`` in ``chat`` (their private chat by default)."""
        message = self.compose_message(user, text, chat)
        self.inject_update(self.message_update(message, kind))
        return message

    def user_sends(
        self,
        user: FakeUser,
        content: dict[str, Any],
        chat: Chat | None = None,
        *,
        kind: str = "message",
    ) -> StoredMessage:
        """A user sends a non-text message; ``content`` holds its fields, e.g. a sticker."""
        message = self.compose_message(user, None, chat, content=content)
        self.inject_update(self.message_update(message, kind))
        return message

    def user_edits(self, user: FakeUser, message: StoredMessage, text: str) -> None:
        """A user edits a message they sent earlier."""
        message.text, message.edit_date = text, int(time.time())
        message.entities = command_entities(text)
        self.inject_update({"edited_message": self._message_to_api(message)})

    def member_update(self, user: FakeUser, old: str, new: str) -> None:
        """The user blocks (``kicked``) or unblocks (``member``) the bot in their private chat."""
        chat = self.private_chat(user)

        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"user": self.bot_user, "status": status}
            if status == "kicked":
                data["until_date"] = 0
            return data

        self.inject_update(
            {
                "my_chat_member": {
                    "chat": chat.to_api(),
                    "from": user.to_api(),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def user_press(self, user: FakeUser, message: StoredMessage, data: str) -> str:
        """A user taps an inline button carrying ``data`` under ``message``."""
        update = self.press_update(user, message, data)
        self.inject_update(update)
        return str(update["callback_query"]["id"])

    def fail_next(
        self,
        method: str,
        code: int,
        description: str,
        *,
        chat_id: int | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        self.faults.append(Fault(method, code, description, chat_id, retry_after, times))

    def rate_limit_next(self, method: str = "sendMessage", retry_after: int = 1) -> None:
        self.fail_next(
            method, 429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
        )

    def block_bot(self, user: FakeUser) -> None:
        """The user blocks the bot: sending to them answers 403 from now on."""
        self.blocked_chats.add(user.id)

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        return sorted(self.messages.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        return [m for m in self.chat_messages(chat_id) if m.from_bot]

    def calls_for(self, chat_id: int, since: int = 0) -> list[BotCall]:
        return [c for c in self.calls[since:] if c.chat_id == chat_id]

    @property
    def call_count(self) -> int:
        return len(self.calls)

    async def wait_for_calls(
        self,
        chat_id: int,
        since: int,
        *,
        at_least: int = 1,
        settle: float = 0.05,
        timeout: float = 5.0,
    ) -> list[BotCall]:
        """Wait until the bot made ``at_least`` calls for the chat after ``since``, then until it
        has been quiet for ``settle`` seconds; return those calls."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_count = -1
        quiet_since = loop.time()
        while True:
            calls = self.calls_for(chat_id, since)
            now = loop.time()
            if len(calls) != last_count:
                last_count, quiet_since = len(calls), now
            if len(calls) >= at_least and now - quiet_since >= settle:
                return calls
            if now >= deadline:
                if len(calls) >= at_least:
                    return calls
                raise TimeoutError(
                    f"the bot made {len(calls)} call(s) for chat {chat_id} in {timeout}s, "
                    f"expected at least {at_least}"
                )
            activity = self._activity_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(activity.wait(), min(settle, deadline - now))

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
