"""The user's side of the stand-in: what a person does in a chat, and reading what the bot did."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from tgbot.localapi.html_entities import command_entities
from tgbot.localapi.models import (
    BotCall,
    Chat,
    FakeUser,
    Fault,
    StoredMessage,
)
from tgbot.localapi.state import StandInState


class UserSide(StandInState):
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
        self.last_update_id = update_id
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
        self._callback_pressed_at[query_id] = self.now()
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
        message.text, message.edit_date = text, int(self.now())
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
                    "date": int(self.now()),
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

    async def wait_handled(self, update_id: int, timeout: float = 5.0) -> bool:
        """Wait until the bot has handled ``update_id``; False when ``timeout`` passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id not in self._handled:
            left = deadline - loop.time()
            if left <= 0:
                return False
            event = self._handled_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)
        return True

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
