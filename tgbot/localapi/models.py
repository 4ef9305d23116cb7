"""The stand-in's records: the chats, messages, users and calls it keeps, and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Telegram's documented limits (core.telegram.org/bots/api: sendMessage, sendPhoto,
# answerCallbackQuery, InlineKeyboardButton), in UTF-16 code units after entities are parsed.
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
"""Telegram refuses a larger inline keyboard ("reply markup is too long")."""
EDIT_WINDOW_SECONDS = 48 * 3600
"""A message older than this "can't be edited" (Telegram's 48 hours)."""
CALLBACK_ANSWER_WINDOW_SECONDS = 15
"""A callback query not answered within this is "too old" (the app gives up waiting)."""
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
# Those that add a message to the chat: what the per-chat limits count ("when sending messages
# inside a particular chat"); an edit answers a tap, at the pace of the person tapping.
_NEW_MESSAGE_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood control (core.telegram.org/bots/faq, "My bot is hitting limits"):
    about 30 messages a second in all, 20 a minute in one group, and in one chat "avoid
    sending more than one message per second. We may allow short bursts that go over this
    limit, but eventually you'll begin receiving 429 errors". Past any of them a message is
    refused with 429 and ``retry_after``.

    The overall limit counts every message sent or edited; the per-chat limits count the new
    messages in that chat (an edit answers a tap, at the pace of the person tapping). A
    private chat is a token bucket: ``private_burst`` messages may go at once, and the bucket
    fills again at ``private_per_second``, so a short burst passes and a sustained pace over
    one a second is refused. Telegram does not publish its burst size; 20 is a guess.
    """

    overall_per_second: int = 30
    group_per_minute: int = 20
    private_per_second: float = 1.0
    private_burst: int = 20


TELEGRAM_FLOOD_LIMITS = FloodLimits()


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
    """The caption as the user reads it (HTML parsed)."""
    caption_html: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
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
