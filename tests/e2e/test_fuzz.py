"""Fuzz: well over 1,000 generated updates of every shape through the real Application.

No unexpected error may reach the error handler, and every private message gets a reply.
The bot and the stand-in run on their own event loop in a thread, so Hypothesis can drive
them from a plain test function, one update at a time, as PTB's offline tests do with
``process_update``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from tests.conftest import TEST_TOKEN
from tests.e2e.test_groups_and_bad_input import NON_TEXT
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication, BotContext
from tgbot.bot.ratelimit import PacedRateLimiter
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.localapi import Chat, FakeUser, LocalBotApi, StoredMessage
from tgbot.serving.run import running

# Hypothesis caps the data one example may draw, so many short examples rather than few long.
EXAMPLES = 30
UPDATES_PER_EXAMPLE = 45
USERS = [FakeUser(900_001 + i, language_code=lang) for i, lang in enumerate(["en", "de", None])]
COMMANDS = ["/start", "/help", "/twitch", "/spasm", "/privacy", "/mydata", "/forget", "/nope"]


@dataclass
class BotThread:
    """The stand-in and the bot on a private loop; ``call`` runs a coroutine there."""

    api: LocalBotApi
    application: BotApplication
    loop: asyncio.AbstractEventLoop
    errors: list[BaseException] = field(default_factory=list)
    group: Chat | None = None

    def call(self, coroutine: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        return future.result(timeout=30)


@pytest.fixture
def bot_thread(tmp_path: Path, library: Library) -> Iterator[BotThread]:
    loop = asyncio.new_event_loop()
    ready: Future[BotThread] = Future()
    stop = asyncio.Event()

    async def main() -> None:
        async with LocalBotApi(long_poll_cap=0.1) as api:
            settings = Settings(
                token=TEST_TOKEN, api_base_url=api.base_url, database_path=tmp_path / "f.db"
            )
            # Sends unpaced: the stand-in here has no flood limit, and at Telegram's pace the
            # test would wait ~20 s for nothing (the strict walk keeps to Telegram's pace).
            application = build_application(
                settings, library=library, limiter=PacedRateLimiter(per_second=None)
            )
            bot = BotThread(api, application, loop, group=api.group_chat(-100900))

            async def record(update: object, context: BotContext) -> None:
                assert context.error is not None
                bot.errors.append(context.error)

            application.add_error_handler(record)
            async with running(application):
                ready.set_result(bot)
                await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    bot = ready.result(timeout=30)
    try:
        yield bot
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)
        loop.close()


# ------------------------------------------------------------------ what a user can do

texts = st.one_of(
    st.text(min_size=1, max_size=30),
    # Near Telegram's 4,096 limit, built by repetition to keep each example small.
    st.builds(
        lambda chunk, times: (chunk * times)[:4096],
        st.text(min_size=1, max_size=4),
        st.integers(min_value=800, max_value=4096),
    ),
    st.sampled_from(["my eyelid keeps twitching", "calf cramp at night", "twiching", "hello"]),
)
commands = st.builds(
    lambda command, suffix, argument: f"{command}{suffix}{argument}",
    st.sampled_from(COMMANDS),
    st.sampled_from(["", "@twitch_triage_local_bot", "@OtherBot"]),
    st.sampled_from(["", " twitch", " spasm", " x" * 40, " 🦵"]),
)


@st.composite
def actions(draw: st.DrawFn) -> tuple[str, Any]:
    kind = draw(
        st.sampled_from(
            ["text", "command", "media", "edit", "tap", "forged", "group", "member", "channel"]
        )
    )
    if kind == "text":
        return kind, draw(texts)
    if kind in ("command", "group"):
        return kind, draw(st.one_of(commands, texts))
    if kind == "media":
        return kind, draw(st.sampled_from(NON_TEXT))
    if kind == "edit":
        return kind, draw(st.one_of(commands, texts))
    if kind == "tap":
        return kind, draw(st.integers(min_value=0, max_value=30))
    if kind == "forged":
        return kind, draw(
            st.one_of(
                st.text(min_size=1, max_size=64).filter(lambda t: len(t.encode()) <= 64),
                st.sampled_from(["1a:1:emergency_signs:none", "1t:", "1s:twitch:nope", "2t:x"]),
            )
        )
    if kind == "member":
        return kind, draw(st.sampled_from([("member", "kicked"), ("kicked", "member")]))
    return kind, draw(texts)


def last_bot_message(api: LocalBotApi, chat_id: int) -> StoredMessage | None:
    messages = [m for m in api.bot_messages(chat_id) if m.reply_markup]
    return messages[-1] if messages else None


def build_update(
    bot: BotThread, user: FakeUser, other: FakeUser, action: tuple[str, Any]
) -> tuple[dict[str, Any], int | None]:
    """The update for one action, and the chat that must get a reply (None: no reply due)."""
    api, (kind, value) = bot.api, action
    if kind in ("text", "command"):
        return api.message_update(api.compose_message(user, value)), user.id
    if kind == "media":
        return api.message_update(api.compose_message(user, content=value)), user.id
    if kind == "edit":
        message = api.compose_message(user, "hello")
        message.text = value
        return api.message_update(message, "edited_message"), user.id
    if kind == "group":
        assert bot.group is not None
        return api.message_update(api.compose_message(user, value, bot.group)), None
    if kind == "channel":
        channel = api.group_chat(-100901, "News")
        return api.message_update(api.compose_message(user, value, channel), "channel_post"), None
    if kind == "member":
        old, new = value
        api.member_update(user, old, new)  # queued for polling; nothing due now
        return {}, None
    # A tap: on a real button (maybe another user's, maybe old), or forged data.
    target = last_bot_message(api, user.id) or last_bot_message(api, other.id)
    if target is None:
        return api.message_update(api.compose_message(user, "/twitch")), user.id
    if kind == "tap":
        buttons = [
            b["callback_data"]
            for row in (target.reply_markup or {}).get("inline_keyboard", [])
            for b in row
            if "callback_data" in b
        ]
        data = buttons[value % len(buttons)] if buttons else "1t:twitch"
        if value % 7 == 0:
            data = data[: max(1, len(data) // 2)]  # truncated in transit
    else:
        data = value
    return api.press_update(user, target, data), target.chat_id


async def process(bot: BotThread, update: dict[str, Any], chat_id: int | None) -> bool:
    """Run one update to completion; True when the chat that needed a reply got one."""
    before = bot.api.call_count
    await bot.application.process_update(Update.de_json(update, bot.application.bot))
    if chat_id is None:
        return True
    return bool(bot.api.calls_for(chat_id, before))


def test_generated_updates_never_crash_and_always_get_an_answer(bot_thread: BotThread) -> None:
    processed: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        st.lists(
            st.tuples(st.integers(0, len(USERS) - 1), actions()),
            min_size=UPDATES_PER_EXAMPLE,
            max_size=UPDATES_PER_EXAMPLE,
        )
    )
    def run(steps: list[tuple[int, tuple[str, Any]]]) -> None:
        for index, action in steps:
            user, other = USERS[index], USERS[(index + 1) % len(USERS)]
            update, chat_id = build_update(bot_thread, user, other, action)
            if not update:
                continue
            update = {"update_id": len(processed) + 1, **update}
            answered = bot_thread.call(process(bot_thread, update, chat_id))
            assert answered, f"no answer to {action[0]} in chat {chat_id}"
            assert bot_thread.errors == [], f"{action[0]} raised {bot_thread.errors!r}"
            processed.append(1)

    run()
    assert len(processed) >= 1000
    # A repeated tap asks for the page already shown: Telegram refuses that no-op edit, and
    # the bot expects it. Anything else refused would be a bug (bad HTML, long text, ...).
    refused = [r for r in bot_thread.api.rejected if "not modified" not in r[2]]
    assert refused == []
