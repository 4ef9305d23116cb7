"""The bots ours is measured against: bare PTB with our Application settings.

Same Defaults (HTML, time zone, no link previews), same rate limiter, same update processor
(chats side by side, each in order), same connection pool, same polling and allowed
updates; no database, no content, no logging per update.

* echo: a message is echoed with one sendMessage; a button tap is answered
  (answerCallbackQuery) and its message edited: the same calls our bot makes, with small
  payloads.
* replay: answers each update with exactly the calls our bot made to it in the same script
  (same texts, same keyboards), read from the files the benchmark wrote after our bot's turn.
  It is PTB carrying our payloads with none of our work (database, triage, logging), so
  ours / replay is the cost of our own code alone.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from benchmarks.harness import TOKEN
from tgbot.bot.application import CONNECTION_POOL_SIZE
from tgbot.bot.ratelimit import SENDS_PER_SECOND, PacedRateLimiter
from tgbot.bot.update_processor import ChatOrderedUpdateProcessor

PlainApplication = Application[Any, Any, Any, Any, Any, Any]


def _builder(
    api_base_url: str, overall_limit: bool
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{api_base_url}/bot")
        .base_file_url(f"{api_base_url}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=ZoneInfo("UTC"),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(PacedRateLimiter(SENDS_PER_SECOND if overall_limit else None))
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .connection_pool_size(CONNECTION_POOL_SIZE)
    )


# ------------------------------------------------------------------ echo


async def echo_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(escape(message.text))


async def echo_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    # The update id makes every edit differ from the text before (no "not modified").
    await query.edit_message_text(f"{escape(query.data or '')} #{update.update_id}")


def build_echo_application(api_base_url: str, *, overall_limit: bool = True) -> PlainApplication:
    application: PlainApplication = _builder(api_base_url, overall_limit).build()
    application.add_handler(MessageHandler(filters.TEXT, echo_message))
    application.add_handler(CallbackQueryHandler(echo_tap))
    return application


# ------------------------------------------------------------------ replay


Answer = tuple[str, int | None, str, InlineKeyboardMarkup | None]
"""One recorded call: method, message id (edits), text, keyboard."""


def write_answers(directory: Path, chat_id: int, steps: list[list[dict[str, Any]]]) -> None:
    """Our bot's visible calls in one chat, step by step, for the replay bot."""
    (directory / f"{chat_id}.json").write_text(json.dumps(steps))


class Replayer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.answers: dict[int, list[list[Answer]]] = {}
        self.step: defaultdict[int, int] = defaultdict(int)

    def _load(self, chat_id: int) -> list[list[Answer]]:
        if chat_id not in self.answers:
            # Read and built once per chat: our bot's keyboards are PTB objects it builds too,
            # but answering from a table is the point of this baseline.
            steps = json.loads((self.directory / f"{chat_id}.json").read_text())
            self.answers[chat_id] = [
                [
                    (
                        call["method"],
                        call.get("message_id"),
                        call["text"],
                        InlineKeyboardMarkup.de_json(call["reply_markup"], None)
                        if call.get("reply_markup")
                        else None,
                    )
                    for call in step
                ]
                for step in steps
            ]
        return self.answers[chat_id]

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        number = self.step[chat.id]
        self.step[chat.id] += 1
        if update.callback_query is not None:
            await update.callback_query.answer()
        for method, message_id, text, markup in self._load(chat.id)[number]:
            if method == "sendMessage":
                await context.bot.send_message(chat.id, text, reply_markup=markup)
            else:
                assert message_id is not None
                await context.bot.edit_message_text(
                    text, chat_id=chat.id, message_id=message_id, reply_markup=markup
                )


def build_replay_application(
    api_base_url: str, answers: Path, *, overall_limit: bool = True
) -> PlainApplication:
    application: PlainApplication = _builder(api_base_url, overall_limit).build()
    replayer = Replayer(answers)
    application.add_handler(MessageHandler(filters.TEXT, replayer.answer))
    application.add_handler(CallbackQueryHandler(replayer.answer))
    return application
