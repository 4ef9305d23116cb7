"""``bot.py keys rotate``: every user's key wrapped by NEW_DATA_KEY and every row re-keyed to
its pseudonyms; afterwards the old key opens nothing and the new one reads every row back."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.conftest import TEST_DATA_KEY, new_database
from tests.storage.test_postgres import NOW, fill
from tgbot.cli.database import rotate_data_key
from tgbot.cli.main import main
from tgbot.localpg import LocalPostgres
from tgbot.storage import (
    Database,
    DiaryRepository,
    FinishedCheckRepository,
    PostgresDatabase,
    ReminderRepository,
    Store,
    UserRepository,
)
from tgbot.storage.crypto import KeyRing, SealError, new_key_text, parse_key


async def read_back(db: Store, episode_id: int, old: KeyRing) -> None:
    (episode,) = await FinishedCheckRepository(db).for_user(7001)
    assert (episode.episode_id, episode.answers) == (episode_id, {"location": ("eyelid",)})
    (reminder,) = await ReminderRepository(db).pending_for(7001)
    assert (reminder.user_id, reminder.chat_id) == (7001, 7001)
    entry = await DiaryRepository(db).get(7001, "twitch", NOW.date())
    assert entry is not None
    assert entry.location == "eyelid"
    (key,) = await db.fetchall("SELECT user_id, wrapped FROM user_keys")
    assert key[0] == db.pseudonym(7001) != old.pseudonym(7001), "new pseudonyms"
    with pytest.raises(SealError):
        old.unwrap(old.pseudonym(7001), key[1])


def test_rotation_on_sqlite_rewrites_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATA_KEY", raising=False)

    async def make() -> tuple[int, KeyRing]:
        db = Database(path)
        await db.connect()
        try:
            return await fill(db), db.keyring
        finally:
            await db.close()

    episode_id, old = asyncio.run(make())
    before = path.read_bytes()
    monkeypatch.setenv("NEW_DATA_KEY", "too-short-secret")
    assert main(["keys", "rotate", "--env-file", str(tmp_path / "none")]) == 2
    assert "too-short-secret" not in capsys.readouterr().err
    assert path.read_bytes() == before, "refused before touching the database"

    new = new_key_text()
    monkeypatch.setenv("NEW_DATA_KEY", new)
    assert main(["keys", "rotate", "--env-file", str(tmp_path / "none")]) == 0
    assert "1 users' keys wrapped by the new key" in capsys.readouterr().out
    db = Database(path)
    assert parse_key(db.key_path.read_text()) == parse_key(new)

    async def check() -> None:
        await db.connect()
        try:
            await read_back(db, episode_id, old)
        finally:
            await db.close()

    asyncio.run(check())


def test_rotation_on_postgres(postgres_server: LocalPostgres) -> None:
    async def run() -> None:
        url = await new_database(postgres_server)
        old = KeyRing(TEST_DATA_KEY)
        db = PostgresDatabase(url, pool_size=2, keyring=old)
        await db.connect()
        try:
            episode_id = await fill(db)
            await UserRepository(db).set_timezone(7001, "Asia/Kathmandu")
        finally:
            await db.close()
        new_key = parse_key(new_key_text())
        assert await rotate_data_key(PostgresDatabase(url, keyring=old), new_key) == 1
        rotated = PostgresDatabase(url, pool_size=2, keyring=KeyRing(new_key))
        await rotated.connect()
        try:
            await read_back(rotated, episode_id, old)
            user = await UserRepository(rotated).get(7001)
            assert user is not None
            assert user.timezone == "Asia/Kathmandu"
        finally:
            await rotated.close()

    asyncio.run(run())
