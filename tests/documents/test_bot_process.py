"""The bot's own process never loads the document libraries: /diary and /summary are made
by the document process (tgbot/documents/process.py), which the bot starts and reuses; on
SQLite it loads no PostgreSQL driver either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.documents import sample_page
from tgbot.core.knowledge import Library
from tgbot.documents.jobs import PageJob
from tgbot.documents.process import DocumentError, DocumentProcess, child_environment

ROOT = Path(__file__).resolve().parents[2]


def test_a_bot_that_sent_a_chart_and_a_pdf_holds_no_document_library() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.documents.sends_documents"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    sent = json.loads(run.stdout.strip().splitlines()[-1])
    assert sent["chart_bytes"] > 10_000
    assert sent["document_name"] == "summary-for-your-doctor.pdf"
    assert sent["pdf_bytes"] > 10_000
    assert sent["loaded"] == []
    assert sent["not_for_this_mode"] == [], "a bot on SQLite imports no PostgreSQL driver"


def test_a_failed_document_is_an_error_and_a_dead_process_is_started_again(
    library: Library,
) -> None:
    page, texts = sample_page(library.english, "en_GB")
    documents = DocumentProcess()
    try:
        assert documents.make(PageJob(page, texts)).startswith(b"%PDF")
        first = documents.pid
        assert first is not None
        with pytest.raises(DocumentError, match="UnknownLocaleError"):
            documents.make(PageJob(page, replace(texts, locale="xx_NOWHERE")))
        assert documents.pid == first, "a failed document leaves the process up"
        subprocess.run(["kill", "-9", str(first)], check=True)
        assert documents.make(PageJob(page, texts)).startswith(b"%PDF")
        assert documents.pid not in (None, first)
        assert documents.started == 2
    finally:
        documents.close()
    assert documents.pid is None


def test_the_document_process_gets_no_token_and_no_database_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:password@localhost/bot")
    monkeypatch.setenv("MPLCONFIGDIR", "/var/cache/twitch-triage-bot/matplotlib")
    env = child_environment()
    assert "TELEGRAM_BOT_TOKEN" not in env
    assert "DATABASE_URL" not in env
    assert env["MPLCONFIGDIR"] == "/var/cache/twitch-triage-bot/matplotlib"
    assert str(ROOT) in env["PYTHONPATH"].split(os.pathsep)
