"""A local stand-in for the Telegram Bot API, for tests, benchmarks and the terminal chat.

It speaks the real wire protocol (``POST /bot<token>/<method>``, form or JSON parameters,
``{"ok": ..., "result": ...}`` answers) and keeps the state a user would see: every chat's
messages as they read now. The test side injects what a user does and reads what the bot did.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from aiohttp import web

from tgbot.localapi.bot_methods import BotApiMethods
from tgbot.localapi.models import (
    _SENDING_METHODS,
    _STRING_PARAMS,
    ApiError,
)
from tgbot.localapi.user_side import UserSide


class LocalBotApi(BotApiMethods, UserSide):
    """The server: HTTP in front of the state. Use ``async with LocalBotApi() as api`` or
    start()/stop()."""

    @cached_property
    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[Any]]]:
        """The Bot API methods the stand-in answers, by name."""
        return {
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
        # A request still open at the end (a long poll of a killed bot) holds no one up.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
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
        if self.token is not None and request.match_info["token"] != self.token:
            return self._error_response(ApiError(401, "Unauthorized"))
        handler = self._handlers.get(method)
        if handler is None:
            return self._error_response(ApiError(404, "Not Found"))
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            params = await self._read_params(request)
            self._check_faults(method, params)
            if method in _SENDING_METHODS:
                self._check_flood(method, params.get("chat_id"))
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
