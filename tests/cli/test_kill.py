"""``kill -9`` of a real ``bot.py run`` while thousands of reminders are due: at most the send
in flight goes out twice. Each reminder the stand-in took must be recorded as sent in the
database at the moment of the kill, except the one whose answer was on its way."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

from benchmarks.reminders import FIRST_USER, Sends, build_database
from tests.cli.test_shutdown import start_bot
from tgbot.localapi import FakeUser, LocalBotApi
from tgbot.storage import Database
from tgbot.storage.crypto import KeyRing, load_or_create_key_file

DUE = 2_000


def sent_rows(database: Path) -> set[int]:
    """The pseudonyms of the chats whose reminder is recorded sent."""
    with sqlite3.connect(database) as conn:
        return {
            int(row[0])
            for row in conn.execute("SELECT chat_id FROM reminders WHERE status = 'sent'")
        }


async def test_a_kill_in_the_first_second_leaves_at_most_the_send_in_flight_unrecorded(
    tmp_path: Path,
) -> None:
    database = tmp_path / "bot.sqlite3"
    now = int(time.time())
    await build_database(database, DUE, [now - 60] * DUE, now)
    async with LocalBotApi(long_poll_cap=0.1) as api:
        for user_id in range(FIRST_USER, FIRST_USER + DUE):
            api.private_chat(FakeUser(user_id))
        sends = Sends.watch(api)
        first_send = asyncio.Event()
        api.call_listeners.append(
            lambda call: first_send.set() if call.method == "sendMessage" else None
        )
        process = await start_bot(api, tmp_path)
        try:
            await asyncio.wait_for(first_send.wait(), 30)
            await asyncio.sleep(0.8)
        finally:
            process.send_signal(signal.SIGKILL)
            await process.wait()
        sent = set(sends.by_chat)
    assert len(sent) >= 10, "the bot was sending when it was killed"
    keyring = KeyRing(load_or_create_key_file(Database(database).key_path))
    unrecorded = {keyring.pseudonym(chat) for chat in sent} - sent_rows(database)
    assert len(unrecorded) <= 1, f"{len(unrecorded)} sends would go out again at the restart"
