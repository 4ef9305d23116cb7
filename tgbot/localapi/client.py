"""The user's side of a chat with the bot on the local stand-in: type, tap, read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tgbot.localapi.models import BotCall, Chat, FakeUser, StoredMessage
from tgbot.localapi.server import LocalBotApi


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class BotMessage:
    """A bot message as the user sees it now (after any edits)."""

    message_id: int
    text: str
    html: str | None
    buttons: tuple[tuple[Button, ...], ...]
    edited: bool
    document_name: str | None = None
    document: bytes | None = None
    photo: bytes | None = None

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def button(self, label: str) -> Button:
        """The button whose text contains ``label`` (exactly one must)."""
        matches = [b for row in self.buttons for b in row if label in b.text]
        exact = [b for b in matches if b.text == label]
        if len(exact) == 1:
            return exact[0]
        if len(matches) != 1:
            raise LookupError(
                f"{len(matches)} buttons match {label!r}; buttons are {self.button_texts}"
            )
        return matches[0]


def view(message: StoredMessage) -> BotMessage:
    rows: list[tuple[Button, ...]] = []
    markup: dict[str, Any] = message.reply_markup or {}
    for row in markup.get("inline_keyboard", []):
        rows.append(tuple(Button(b["text"], b.get("callback_data"), b.get("url")) for b in row))
    document = message.document or {}
    return BotMessage(
        message_id=message.message_id,
        text=message.text or message.caption or "",
        html=message.html,
        buttons=tuple(rows),
        edited=message.edit_date is not None,
        document_name=document.get("file_name"),
        document=document.get("content"),
        photo=(message.photo or {}).get("content"),
    )


@dataclass(frozen=True)
class Reply:
    """What the bot did in answer to one user action."""

    messages: tuple[BotMessage, ...]
    callback_answer: dict[str, Any] | None = None

    @property
    def last(self) -> BotMessage:
        if not self.messages:
            raise LookupError("the bot sent or edited no message")
        return self.messages[-1]

    @property
    def text(self) -> str:
        return "\n\n".join(m.text for m in self.messages)


class ChatSession:
    """One user talking to the bot in one chat."""

    def __init__(self, api: LocalBotApi, user: FakeUser, chat: Chat | None = None) -> None:
        self.api = api
        self.user = user
        self.chat = chat or api.private_chat(user)

    @property
    def bot_messages(self) -> list[BotMessage]:
        return [view(m) for m in self.api.bot_messages(self.chat.id)]

    @property
    def last(self) -> BotMessage:
        messages = self.bot_messages
        if not messages:
            raise LookupError("the bot has sent nothing in this chat")
        return messages[-1]

    async def send(
        self, text: str, *, expect_reply: bool = True, at_least: int = 1, timeout: float = 5.0
    ) -> Reply:
        """Type ``text``; the reply once the bot has handled it (``timeout``: a slow command)."""
        since = self.api.call_count
        self.api.user_message(self.user, text, self.chat)
        return await self._reply(since, expect_reply, at_least, self.api.last_update_id, timeout)

    async def send_update(
        self, payload: dict[str, Any], *, expect_reply: bool = True, at_least: int = 1
    ) -> Reply:
        """Inject any raw update (edited message, sticker, member change...)."""
        since = self.api.call_count
        update_id = self.api.inject_update(payload)
        return await self._reply(since, expect_reply, at_least, update_id)

    async def tap(
        self, label: str, message: BotMessage | None = None, *, expect_reply: bool = True
    ) -> Reply:
        """Tap the button whose text contains ``label`` on ``message`` (default: the last)."""
        target = message or self.last
        button = target.button(label)
        if button.callback_data is None:
            raise LookupError(f"button {button.text!r} opens a link, it cannot be tapped")
        return await self.press(button.callback_data, target.message_id, expect_reply=expect_reply)

    async def press(
        self, data: str, message_id: int | None = None, *, expect_reply: bool = True
    ) -> Reply:
        """Send a callback query with any data, even data no button carries (forgery tests)."""
        stored = self.api.messages[self.chat.id][message_id or self.last.message_id]
        since = self.api.call_count
        query_id = self.api.user_press(self.user, stored, data)
        reply = await self._reply(since, expect_reply, 1, self.api.last_update_id)
        return Reply(reply.messages, self.api.callback_answers.get(query_id))

    async def _reply(
        self,
        since: int,
        expect_reply: bool,
        at_least: int,
        update_id: int | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        calls = await self._calls(since, expect_reply, at_least, update_id, timeout)
        touched: list[int] = []
        for call in calls:
            if call.message_id is not None and call.message_id not in touched:
                touched.append(call.message_id)
        current = self.api.messages.get(self.chat.id, {})
        return Reply(tuple(view(current[i]) for i in touched if i in current))

    async def _calls(
        self, since: int, expect_reply: bool, at_least: int, update_id: int | None, timeout: float
    ) -> list[BotCall]:
        """The bot's calls for this chat since ``since``, once it has answered: when the bot
        reports the updates it has handled, as soon as it has handled ``update_id``; else once
        it has been quiet a moment (0.3 s when no reply is expected)."""
        if self.api.reports_handling and update_id is not None:
            handled = await self.api.wait_handled(update_id, timeout)
            calls = self.api.calls_for(self.chat.id, since)
            if handled and (not expect_reply or len(calls) >= at_least):
                return calls
        if expect_reply:
            return await self.api.wait_for_calls(
                self.chat.id, since, at_least=at_least, timeout=timeout
            )
        return await self.api.wait_for_calls(
            self.chat.id, since, at_least=0, settle=0.3, timeout=1.0
        )
