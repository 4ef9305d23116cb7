"""Sends and edits whose answer the bot does not read.

PTB turns Telegram's answer to every send and edit into a ``Message`` (its chat, sender,
entities and keyboard, each a TelegramObject): about a tenth of the bot's main thread at full
speed (issue #31), for answers almost no handler reads. ``unread(call)`` runs one such call
and leaves its answer unparsed; everything else about the call is PTB's own (its arguments
and defaults, the rate limiter, retries after a 429, Telegram's refusals as exceptions).
"""

from __future__ import annotations

from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput
from telegram.ext import ExtBot

_UNREAD: ContextVar[bool] = ContextVar("unread", default=False)


class LeanBot(ExtBot[Any]):
    """PTB's ExtBot, except that an answer nobody reads is not parsed (``unread``)."""

    __slots__ = ()

    async def _post(
        self,
        endpoint: str,
        data: JSONDict | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> Any:
        result = await super()._post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        # A sent or edited message comes back as a dict; True is what PTB passes through
        # unparsed (an edit of an inline message answers so), and the caller reads neither.
        if isinstance(result, dict) and _UNREAD.get():
            return True
        return result


async def unread(call: Awaitable[object]) -> None:
    """Await one send or edit of PTB's (``message.reply_text(...)``) without parsing what
    Telegram answers. The coroutine runs here, in this context, so only its own requests
    are affected."""
    token = _UNREAD.set(True)
    try:
        await call
    finally:
        _UNREAD.reset(token)
