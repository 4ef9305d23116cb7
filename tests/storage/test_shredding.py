"""Forgotten for good (crypto-shredding): a user's time zone, questions for the doctor, answers
and diary are sealed under a key of their own, and their Telegram id is stored only sealed too
(the rows hold a pseudonym), so neither the database's files nor PostgreSQL's WAL hold them in
plain, before /forget or after it; /mydata opens them while the user is there."""

from __future__ import annotations

import json
from pathlib import Path

import asyncpg
import pytest

from tests.e2e.test_diary import allow_keeping, log_day
from tests.e2e.test_reliability import self_care_check
from tests.storage.test_postgres import NOW
from tgbot.bot.context import BotApplication
from tgbot.config import ConfigError, Settings, load_settings
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.localpg import LocalPostgres
from tgbot.storage import Database, StorageError, UserRepository
from tgbot.storage.crypto import new_key_text
from tgbot.storage.finished_checks import dump_answers

ZONE = "America/Argentina/Ushuaia"
QUESTION = "Could the new inhaler be behind the twitching in my thumb?"
USER_ID = 7_316_842_905_731
"""Large enough that each of its binary forms is 6 bytes or more: none turns up in a data
folder of tens of megabytes by chance."""


def sqlite_varint(value: int) -> bytes:
    """SQLite's variable-length integer (a rowid, an INTEGER PRIMARY KEY): 7 bits a byte,
    big-endian, the high bit set on every byte but the last."""
    groups = []
    while True:
        groups.append(value & 0x7F)
        value >>= 7
        if not value:
            break
    groups.reverse()
    return bytes([g | 0x80 for g in groups[:-1]] + [groups[-1]])


def id_forms(value: int) -> list[bytes]:
    """How an id can be written in a file: as decimal text (JSON, a log), in SQLite's record
    format (big-endian, 6 bytes for this size; 8 for larger ones), as a varint, and as
    PostgreSQL's int8 (little-endian on this machine)."""
    return [
        str(value).encode(),
        value.to_bytes(6, "big"),
        value.to_bytes(8, "big"),
        sqlite_varint(value),
        value.to_bytes(8, "little"),
    ]


def database_files(settings: Settings, server: LocalPostgres | None) -> list[Path]:
    """Every file the database lives in: SQLite's file, -wal and -journal; PostgreSQL's whole
    data folder, pg_wal included."""
    if server is None:
        path = settings.database_path
        names = [path.name, f"{path.name}-wal", f"{path.name}-journal"]
        return [path.with_name(name) for name in names if path.with_name(name).exists()]
    return [file for file in server.data.rglob("*") if file.is_file()]


async def on_disk(settings: Settings, server: LocalPostgres | None) -> list[Path]:
    """The files, once PostgreSQL has written out what it holds in memory (CHECKPOINT)."""
    if settings.database_url is not None:
        conn = await asyncpg.connect(settings.database_url)
        try:
            await conn.execute("CHECKPOINT")
        finally:
            await conn.close()
    return database_files(settings, server)


def holding(files: list[Path], values: list[bytes]) -> list[str]:
    found = []
    for file in files:
        try:
            data = file.read_bytes()
        except FileNotFoundError:  # a file PostgreSQL removed meanwhile (a WAL segment)
            continue
        found += [f"{file.name}: {value!r}" for value in values if value in data]
    return found


async def test_nothing_of_a_user_is_readable_on_disk_before_or_after_forget(
    bot_app: BotApplication,
    local_api: LocalBotApi,
    settings: Settings,
    request: pytest.FixtureRequest,
) -> None:
    server: LocalPostgres | None = (
        request.getfixturevalue("postgres_server") if settings.database_url else None
    )
    chat = ChatSession(local_api, FakeUser(USER_ID))
    await allow_keeping(chat)
    await chat.send("/settings")
    await chat.tap("⌨️ Type my own")
    await chat.send(ZONE)
    await self_care_check(chat)
    await log_day(chat, "😣 A lot", "🦵 Calf", ["😴 Tired or poor sleep", "🍺 Alcohol"])
    await chat.send("/questions")
    await chat.tap("✍️ Add a question")
    await chat.send(QUESTION)

    # While the user is there, /mydata opens everything.
    summary, document = (await chat.send("/mydata", at_least=2)).messages
    assert "a lot, 🦵 Calf" in summary.text
    assert document.document is not None
    data = json.loads(document.document)
    assert data["users"][0]["timezone"] == ZONE
    assert data["users"][0]["questions"] == QUESTION
    (entry,) = data["diary_entries"]
    assert (entry["amount"], entry["location"]) == ("lot", "calf")
    assert json.loads(entry["triggers"]) == ["sleep", "alcohol"]
    (episode,) = data["episodes"]
    answers = json.loads(episode["answers"])
    assert answers["location"] == ["eyelid"]
    assert "user_keys" not in data, "a key is not data about the user"

    # What the bot would have written in plain: the zone, the answers as stored, the ticks.
    # Whole values only: PostgreSQL's WAL is the whole server's, and other tests on it write
    # pieces of answers in plain on purpose (tests/storage/test_migration_13.py).
    plain = [
        ZONE.encode(),
        dump_answers({k: tuple(v) for k, v in answers.items()}).encode(),
        json.dumps(["sleep", "alcohol"]).encode(),
        *id_forms(USER_ID),
        QUESTION.encode(),
    ]
    assert data["users"][0]["user_id"] == USER_ID, "/mydata shows the Telegram id"
    files = await on_disk(settings, server)
    assert files
    assert holding(files, plain) == [], "sealed at rest"

    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    assert holding(await on_disk(settings, server), plain) == []
    services = bot_app.bot_data.services
    assert await services.privacy.export(chat.user.id) == {}
    assert await services.db.fetchall("SELECT * FROM user_keys") == []
    # Back again: a new key, and the time zone is the default once more.
    assert "UTC" in (await chat.send("/settings")).last.text


async def test_a_key_that_does_not_open_the_users_keys_stops_the_start(tmp_path: Path) -> None:
    """A key file made anew (or a wrong DATA_KEY) would leave every user's data unreadable:
    the start stops with one line instead; a read-only look makes no key file."""
    path = tmp_path / "bot.sqlite3"
    db = Database(path)
    await db.connect()
    try:
        await UserRepository(db).upsert(1, 1, "en", NOW)
        await UserRepository(db).set_timezone(1, ZONE)
    finally:
        await db.close()
    db.key_path.write_text(new_key_text() + "\n")
    with pytest.raises(StorageError, match="does not open the users' keys"):
        await Database(path).connect()
    other = tmp_path / "other.sqlite3"
    fresh = Database(other)
    await fresh.connect()
    await fresh.close()
    fresh.key_path.unlink()
    look = Database(other)
    await look.connect(migrate=False)
    await look.close()
    assert not look.key_path.exists()


def test_data_key_is_required_with_postgres_and_never_echoed() -> None:
    url = "postgresql://bot:pw@db:5432/bot"
    with pytest.raises(ConfigError, match="DATA_KEY: is required with DATABASE_URL"):
        load_settings({"TELEGRAM_BOT_TOKEN": "1:abc", "DATABASE_URL": url}, env_file=None)
    with pytest.raises(ConfigError, match="DATA_KEY: must be 32 random bytes") as error:
        load_settings(
            {"TELEGRAM_BOT_TOKEN": "1:abc", "DATABASE_URL": url, "DATA_KEY": "short-secret"},
            env_file=None,
        )
    assert "short-secret" not in str(error.value)
    key = new_key_text()
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": "1:abc", "DATABASE_URL": url, "DATA_KEY": key}, env_file=None
    )
    assert settings.data_key is not None
    assert len(settings.data_key) == 32
    assert key not in repr(settings)
    # SQLite needs none: the bot makes a key file beside the database.
    assert load_settings({"TELEGRAM_BOT_TOKEN": "1:abc"}, env_file=None).data_key is None
