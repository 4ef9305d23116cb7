"""The bot's own process never loads the document libraries: /diary and /summary are made
by the document process (tgbot/documents/process.py), which the bot starts and reuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.documents import sample_page
from tgbot.core.knowledge import Library
from tgbot.documents.jobs import PageJob
from tgbot.documents.process import DocumentProcess

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


def test_a_dead_document_process_is_started_again(library: Library) -> None:
    page, texts = sample_page(library.english, "en_GB")
    documents = DocumentProcess()
    try:
        assert documents.make(PageJob(page, texts)).startswith(b"%PDF")
        first = documents.pid
        assert first is not None
        subprocess.run(["kill", "-9", str(first)], check=True)
        assert documents.make(PageJob(page, texts)).startswith(b"%PDF")
        assert documents.pid not in (None, first)
        assert documents.started == 2
    finally:
        documents.close()
    assert documents.pid is None
