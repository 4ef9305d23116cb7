"""Faults a user would notice: an outcome kept off the screen, crafted buttons, zones that are
not places, health data in DEBUG logs, deleted data left in the write-ahead log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from tests.conftest import TEST_TOKEN
from tests.e2e.helpers import tap_through
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.localapi import ChatSession
from tgbot.logs import setup_logging

NONE = "🚫 None of these"
FACE = "😶 Face droops on one side"
EYELID_SELF_CARE = [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, NONE]


async def self_care_check(chat: ChatSession) -> None:
    """A kept self-care twitch check (consent comes right after the safety question)."""
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    await tap_through(chat, EYELID_SELF_CARE)


@pytest.mark.parametrize("keep", [True, False], ids=["kept", "not-kept"])
async def test_an_outcome_kept_off_the_screen_is_shown_again_on_a_re_tap(
    bot_app: BotApplication, chat: ChatSession, keep: bool
) -> None:
    await chat.send("/privacy")
    await chat.tap("✅ Keep my checks" if keep else "🙅 Stop keeping my checks")
    await chat.send("/twitch")
    question = (await chat.tap("🩺 Check my symptoms")).last
    # The check is saved, then showing it fails (as a kill between the two would leave it).
    chat.api.fail_next("editMessageText", 500, "Internal Server Error")
    await chat.tap(FACE, question)
    assert "Call 112" not in chat.last.text
    # The user taps the emergency sign again on the same question.
    reply = await chat.tap(FACE, question)
    assert reply.callback_answer is not None
    assert "expired" not in reply.callback_answer.get("text", "")
    shown = next(m for m in chat.bot_messages if m.message_id == question.message_id)
    assert "Call 112, 999 or 911 now" in shown.text
    # Shown once is enough: the finished session is gone now.
    again = await chat.tap(FACE, question)
    assert again.callback_answer is not None
    assert "expired" in again.callback_answer["text"]


@pytest.mark.parametrize(
    "data",
    [
        "1k:²",
        "1k:٣",
        "1k:99999999999999999999999",
        "1k:9223372036854775808",
        "1k:-9223372036854775809",
        "1g:1e3:gone",
        "1z:+1",
        "1z: 1",
        "1a:" + "9" * 40 + ":emergency_signs:none",
    ],
)
async def test_crafted_buttons_are_expired_not_an_error(
    bot_app: BotApplication, chat: ChatSession, data: str
) -> None:
    await chat.send("/start")
    reply = await chat.press(data)
    assert reply.callback_answer is not None
    assert "expired" in reply.callback_answer["text"]
    assert all("went wrong" not in m.text for m in chat.bot_messages)


@pytest.mark.parametrize("typed", ["localtime", "Factory", "posixrules", "posix/Europe/Paris"])
async def test_zones_that_are_not_places_are_refused(
    bot_app: BotApplication, chat: ChatSession, typed: str
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    assert "don't know that time zone" in (await chat.send(typed)).last.text
    record = await bot_app.bot_data.services.users.get(chat.user.id)
    assert record is not None
    assert record.timezone is None


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    names = ("httpx", "httpcore", "telegram", "aiosqlite")
    saved = root.handlers[:], root.level, {n: logging.getLogger(n).level for n in names}
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TEST_TOKEN], stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)


async def test_debug_logs_hold_no_answers_time_zones_or_outcomes(
    debug_logs: io.StringIO, bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    await chat.send("Pacific/Chatham")
    await self_care_check(chat)
    await chat.tap("⏰ Remind me")
    await chat.tap("In 3 days")
    logs = debug_logs.getvalue()
    assert "level=DEBUG" in logs  # DEBUG is on: the bot's own lines come through
    for secret in ("Pacific/Chatham", "eyelid", "emergency_signs", "less_than_week", "/twitch"):
        assert secret.lower() not in logs.lower(), secret


@pytest.mark.sqlite_file
async def test_forget_leaves_nothing_in_the_wal_or_free_pages(
    bot_app: BotApplication, chat: ChatSession, settings: Settings
) -> None:
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    await chat.send("Pacific/Chatham")
    await self_care_check(chat)
    # Stored sealed (tests/storage/test_shredding.py): the sealed values and the user's
    # wrapped key are what must not linger, though they could not be read without the key.
    db = bot_app.bot_data.services.db
    (row,) = await db.fetchall(
        "SELECT u.timezone, e.answers, k.wrapped FROM users u JOIN episodes e USING (user_id)"
        " JOIN user_keys k USING (user_id) WHERE u.user_id = ?",
        (db.pseudonym(chat.user.id),),
    )
    stored = [str(value).encode() for value in row]
    files = [settings.database_path, settings.database_path.with_name("bot.sqlite3-wal")]
    for value in stored:
        assert any(value in f.read_bytes() for f in files if f.exists())
    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    for file in files:
        if file.exists():
            data = file.read_bytes()
            for value in stored:
                assert value not in data, file.name
