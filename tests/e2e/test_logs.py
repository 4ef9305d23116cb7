"""The logs of a full session: one event a line, ids only; never text, names or the token."""

import io
import logging
import re
from collections.abc import Iterator

import pytest

from tests.conftest import TEST_TOKEN
from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, FakeUser
from tgbot.logs import setup_logging

SECRET_NAME = "Zebediah"
SECRET_TEXT = "my left calf has twitched since the wedding"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """The bot's own logging set-up, writing to a buffer; the test's handlers come back after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    stream = io.StringIO()
    setup_logging("DEBUG", secrets=[TEST_TOKEN], stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


async def test_a_full_session_logs_ids_but_no_text_names_or_token(
    log_stream: io.StringIO, bot_app: BotApplication, chat: ChatSession
) -> None:
    person = ChatSession(chat.api, FakeUser(424242, first_name=SECRET_NAME))
    await person.send("/start")
    await person.send(SECRET_TEXT)
    await person.tap("🩺 Check my symptoms")
    await person.tap("🚫 None of these")
    await person.tap("✅ Yes, keep them")
    for label in [
        "🦵 Calf",
        "📅 Less than a week",
        "🚫 None of these",
        "🚫 None of these",
    ]:
        await person.tap(label)
    await person.send("/mydata", at_least=2)
    await person.send("/forget")
    await person.tap("🗑️ Yes, delete it all")
    chat.api.rate_limit_next()  # an error path too: a 429 the rate limiter retries
    await person.send("/help")

    lines = log_stream.getvalue().splitlines()
    assert len(lines) > 10
    for line in lines:
        assert re.match(r"^ts=\S+ level=[A-Z]+ logger=\S+ ", line), line
    text = log_stream.getvalue()
    assert "event=update " in text
    assert "event=triage_finished flow=twitch level=self_care" in text
    assert "user_id=424242" in text
    assert TEST_TOKEN not in text
    assert TEST_TOKEN.split(":")[1] not in text
    assert SECRET_NAME not in text
    for word in ("wedding", "twitched since"):
        assert word not in text
