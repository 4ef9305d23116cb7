"""Loading the document libraries before the first user needs them.

matplotlib and fpdf2 take ~1.2 s and ~60 MB to import, and the first chart ~0.8 s more (the
font cache, the text engine): paid by the first /diary or /summary after a start, it made that
document take 2-3 s. A daemon thread pays it once per process, half a minute after start-up
(tgbot/bot/application.py: not during the start-up rush), with a sample chart and PDF made in
memory; a document asked for meanwhile waits on Python's import
lock instead of importing twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from tgbot.core.diary import Amount, summarize
from tgbot.documents.chart import ChartTexts, diary_chart
from tgbot.documents.pdf import Block, summary_pdf

log = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None


def warm_up() -> None:
    """One sample chart and PDF, thrown away."""
    day = date(2026, 1, 1)
    chart = diary_chart(summarize([], day, day), ChartTexts("-", {a: a.value for a in Amount}, "-"))
    summary_pdf("-", "-", [Block("-", ("-",), chart)])


def _run() -> None:
    try:
        warm_up()
    except Exception as error:  # a failed warm-up only means a slower first document
        log.warning("event=documents_warm_up_failed error=%s", type(error).__name__)
    else:
        log.info("event=documents_warm")


def warm_up_in_background() -> None:
    """Start the warm-up once per process; later calls do nothing."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_run, name="documents-warm-up", daemon=True)
            _thread.start()


def wait_until_warm(timeout: float | None = None) -> bool:
    """For the benchmark: block until the warm-up is over; False if it never started."""
    with _lock:
        thread = _thread
    if thread is None:
        return False
    thread.join(timeout)
    return not thread.is_alive()
