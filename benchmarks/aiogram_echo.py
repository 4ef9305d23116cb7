"""The other anchor: a bare aiogram 3 echo bot, the framework users pick besides PTB (it runs
on aiohttp too). It answers as the PTB echo bot does (benchmarks/baselines.py): a message with
one sendMessage, a tap with answerCallbackQuery and an editMessageText. Same defaults (HTML,
no link previews), a pool of the same size, and the same pacing of sends: PacedRateLimiter
wrapped as an aiogram request middleware. aiogram handles every update as its own task.
"""

from __future__ import annotations

from html import escape
from typing import Any, cast

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, Message, Update

from benchmarks.harness import TOKEN
from tgbot.bot.application import CONNECTION_POOL_SIZE
from tgbot.bot.ratelimit import SENDS_PER_SECOND, PacedRateLimiter

router = Router()


@router.message(F.text)
async def echo_message(message: Message) -> None:
    await message.answer(escape(message.text or ""))


@router.callback_query()
async def echo_tap(query: CallbackQuery, event_update: Update) -> None:
    await query.answer()
    if query.message is None or query.bot is None:
        return
    # The update id makes every edit differ from the text before (no "not modified").
    await query.bot.edit_message_text(
        text=f"{escape(query.data or '')} #{event_update.update_id}",
        chat_id=query.message.chat.id,
        message_id=query.message.message_id,
    )


class Paced(BaseRequestMiddleware):
    """Our PacedRateLimiter in front of aiogram's requests: the same pace as the PTB bots."""

    def __init__(self, limiter: PacedRateLimiter) -> None:
        self.limiter = limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = getattr(method, "chat_id", None)
        data: dict[str, Any] = {} if chat_id is None else {"chat_id": chat_id}
        result = await self.limiter.process_request(
            cast(Any, make_request), (bot, method), {}, type(method).__name__, data, None
        )
        return cast(Response[TelegramType], result)


def build_aiogram_echo(api_base_url: str, *, overall_limit: bool = True) -> tuple[Bot, Dispatcher]:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(api_base_url), limit=CONNECTION_POOL_SIZE
    )
    session.middleware(Paced(PacedRateLimiter(SENDS_PER_SECOND if overall_limit else None)))
    bot = Bot(
        TOKEN,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return bot, dispatcher
