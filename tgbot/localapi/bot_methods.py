"""The Bot API side of the stand-in: each method the bot calls, as Telegram answers it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from tgbot.localapi.html_entities import utf16_len
from tgbot.localapi.models import (
    CALLBACK_ANSWER_WINDOW_SECONDS,
    EDIT_WINDOW_SECONDS,
    MAX_CALLBACK_ANSWER_LENGTH,
    ApiError,
    StoredMessage,
)
from tgbot.localapi.state import StandInState

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class BotApiMethods(StandInState):
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
            for update in self._updates:
                if not allowed & update.keys():
                    self.update_handled(update["update_id"])  # never delivered: nothing comes
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
        caption, caption_html, caption_entities = self._message_caption(params)
        markup = self._validated_markup(params.get("reply_markup"))
        message = self._store(chat, self.bot_user)
        message.document = document
        message.caption, message.caption_html = caption, caption_html
        message.caption_entities = caption_entities
        message.reply_markup = markup
        self._record("sendDocument", chat.id, message.message_id, params)
        return self._message_to_api(message)

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        photo = params.get("photo")
        if not isinstance(photo, dict) or not photo.get("content"):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption, caption_html, caption_entities = self._message_caption(params)
        markup = self._validated_markup(params.get("reply_markup"))
        message = self._store(chat, self.bot_user)
        message.photo = photo
        message.caption, message.caption_html = caption, caption_html
        message.caption_entities = caption_entities
        message.reply_markup = markup
        self._record("sendPhoto", chat.id, message.message_id, params)
        return self._message_to_api(message)

    def _editable(self, params: dict[str, Any]) -> StoredMessage:
        """The message to edit: the bot's own, and sent less than 48 hours ago."""
        message = self._existing(params, "Bad Request: message to edit not found")
        if not message.from_bot or self.now() - message.date >= EDIT_WINDOW_SECONDS:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        if message.text is None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, html, entities = self._message_text(params, "text")
        markup = self._validated_markup(params.get("reply_markup"))
        if text == message.text and entities == message.entities and markup == message.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        message.text, message.html, message.entities = text, html, entities
        message.reply_markup = markup
        message.edit_date = int(self.now())
        self._record("editMessageText", message.chat_id, message.message_id, params)
        return self._message_to_api(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params)
        markup = self._validated_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = int(self.now())
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
            raise ApiError(400, QUERY_TOO_OLD)
        pressed_at = self._callback_pressed_at.get(query_id)
        if pressed_at is not None and self.now() - pressed_at > CALLBACK_ANSWER_WINDOW_SECONDS:
            raise ApiError(400, QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and utf16_len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
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
