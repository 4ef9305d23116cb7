"""The bot on a clock the test moves: what the diary, reminder and language tests share.
The clock (tests/conftest.py) starts at ``clock_start``, an instant the test names; a module
that needs a stopped clock overrides ``clock``, one that restarts the bot defines its own
starter."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.clock import Clock
from tgbot.core.knowledge import Library
from tgbot.documents.process import DOCUMENTS
from tgbot.serving.run import running


@pytest.fixture
async def bot(settings: Settings, library: Library, clock: Clock) -> AsyncIterator[BotApplication]:
    """The real bot, polling the stand-in, with time moved by ``clock.advance``."""
    application = build_application(settings, library=library, clock=clock)
    async with running(application):
        yield application


@pytest.fixture(scope="session")
def documents_started() -> None:
    """The document process started and warm before a test asks for a chart or a PDF, as the
    running bot starts it two seconds after start-up: a cold start (its imports, 2-4 s on a
    busy machine) can outlast the stand-in's wait for a reply."""
    DOCUMENTS.start()
