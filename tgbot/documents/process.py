"""The bot's side of the document process (a pool of one): start it, send it a job, read
the document back.

One child for the whole bot process, started ahead of the first user (``start``, two
seconds after start-up) and kept: its imports and warm-up (~1.5-2 s of CPU) are paid once, in
its own memory. Calls are blocking and serialised by a lock: the bot makes them in a worker
thread (``asyncio.to_thread``), so its event loop never waits. A child that died, hung or
answered nonsense is killed and started again for the next call; a failed document is one
``DocumentError``, and the user is told so.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from tgbot.documents.jobs import Job
from tgbot.documents.worker import READY, read_frame, write_frame

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0
"""Seconds for the child's imports and warm-up on a busy machine."""
JOB_TIMEOUT = 30.0
ROOT = Path(__file__).resolve().parents[2]
"""The folder that holds the tgbot package (the repository, or site-packages)."""
SECRETS = frozenset({"TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET_TOKEN", "OPS_TOKEN", "DATABASE_URL"})
"""Settings the child has no use for: it sees no token and no database password."""


def child_environment() -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in SECRETS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"  # no display, no GUI toolkit probed
    return env


class DocumentError(Exception):
    """The document could not be made (the child failed, hung or died)."""


class DocumentProcess:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self.started = 0
        """How many children were started (a restart after a failure adds one)."""

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.pid if child is not None and child.poll() is None else None

    def start(self) -> None:
        """Start the child and wait until it is warm (does nothing if it runs)."""
        with self._lock:
            try:
                self._running()
            except _ChildLost as lost:
                self._stop()
                raise DocumentError(str(lost)) from lost

    def make(self, job: Job) -> bytes:
        """The document's bytes; one retry in a fresh child if the first one failed."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    return self._ask(job)
                except _ChildLost as lost:
                    log.warning("event=documents_child_lost attempt=%d why=%s", attempt, lost)
                    self._stop()
            raise DocumentError("the document process failed twice")

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen[bytes]:
        if self._child is not None and self._child.poll() is None:
            return self._child
        self._child = subprocess.Popen(
            [sys.executable, "-m", "tgbot.documents.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=child_environment(),
        )
        self.started += 1
        if self._read(self._child, START_TIMEOUT) != READY:
            raise _ChildLost("no ready word")
        log.info("event=documents_ready pid=%d", self._child.pid)
        return self._child

    def _ask(self, job: Job) -> bytes:
        child = self._running()
        assert child.stdin is not None
        try:
            write_frame(child.stdin, pickle.dumps(job))
        except OSError as error:
            raise _ChildLost(type(error).__name__) from error
        ok, answer = pickle.loads(self._read(child, JOB_TIMEOUT))
        if not ok:
            log.warning("event=document_failed error=%s", answer)
            raise DocumentError(str(answer))
        assert isinstance(answer, bytes)
        return answer

    @staticmethod
    def _read(child: subprocess.Popen[bytes], timeout: float) -> bytes:
        assert child.stdout is not None
        # A hung child is killed, which ends the read below with nothing.
        watchdog = threading.Timer(timeout, child.kill)
        watchdog.start()
        try:
            frame = read_frame(child.stdout)
        finally:
            watchdog.cancel()
        if frame is None:
            raise _ChildLost("no answer")
        return frame

    def _stop(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.stdin is not None:
            child.stdin.close()  # the child's loop ends at the end of its input
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()


class _ChildLost(Exception):
    pass


DOCUMENTS = DocumentProcess()
"""The bot process's one document process."""
atexit.register(DOCUMENTS.close)
