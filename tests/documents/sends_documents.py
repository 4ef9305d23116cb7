"""A bot process that sends a /diary chart and a /summary PDF, then says which document
libraries it holds: ``python -m tests.documents.sends_documents`` (test_bot_process.py).

Run in a process of its own, as the bot runs: in the test process, other tests may have made
documents in-process and loaded the libraries already."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.documents import CHECK
from tgbot.bot.application import build_application
from tgbot.config import DEFAULT_CONTENT_DIR, Settings
from tgbot.core.clock import PinnedClock
from tgbot.core.knowledge import load_library
from tgbot.documents.process import DOCUMENTS
from tgbot.localapi import ChatSession, FakeUser, LocalBotApi
from tgbot.serving.run import running

LIBRARIES = ("matplotlib", "fpdf", "reportlab", "numpy", "PIL")
NOT_FOR_THIS_MODE = ("asyncpg", "textstat", "nltk")
"""PostgreSQL's driver on SQLite, the report's readability library: imported, they only cost
start-up time and memory."""


async def main() -> dict[str, object]:
    clock = PinnedClock(datetime(2026, 12, 7, 10, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        async with LocalBotApi(long_poll_cap=0.1, clock=clock) as api:
            settings = Settings(
                token="123456:documents-test-token-0123456789abcdef",
                api_base_url=api.base_url,
                database_path=Path(folder) / "bot.sqlite3",
            )
            library = load_library(DEFAULT_CONTENT_DIR)
            application = build_application(settings, library=library, clock=clock)
            async with running(application):
                chat = ChatSession(api, FakeUser(7_000_001, first_name="Alex", language_code="en"))
                await chat.send("/privacy")
                await chat.tap("✅ Keep my checks")
                await chat.send("/twitch")
                await chat.tap("🩺 Check my symptoms")
                for label in CHECK:
                    await chat.tap(label)
                await chat.send("/log")
                await chat.tap("😌 None today")
                # What the bot does two seconds after start-up (application.py).
                await asyncio.to_thread(DOCUMENTS.start)
                diary = (await chat.send("/diary")).last
                summary = (await chat.send("/summary", at_least=2)).messages[-1]
    return {
        "chart_bytes": len(diary.photo or b""),
        "document_name": summary.document_name,
        "pdf_bytes": len(summary.document or b""),
        "loaded": [name for name in LIBRARIES if name in sys.modules],
        "not_for_this_mode": [name for name in NOT_FOR_THIS_MODE if name in sys.modules],
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
