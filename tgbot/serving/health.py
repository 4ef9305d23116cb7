"""Health checks, for an operator or a supervisor (Docker HEALTHCHECK, a load balancer).

Two forms of the same question, "can the bot answer?": :func:`live_report` asks the running
process (``/healthz`` in webhook mode); :func:`offline_report` asks the files it depends on
(``python bot.py health`` in polling mode, where there is no HTTP server to ask).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tgbot import __version__
from tgbot.bot.context import BotApplication
from tgbot.config import HEALTH_PATH, Settings, WebhookSettings
from tgbot.core.clock import to_timestamp
from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import Knowledge
from tgbot.core.library_cache import load_library_cached
from tgbot.storage import Store
from tgbot.storage.migrations import SCHEMA_VERSION

# A health check must answer quickly even when the database hangs (a lock, a dead disk).
CHECK_TIMEOUT = 2.0
HTTP_TIMEOUT = 5.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


@dataclass(frozen=True)
class HealthReport:
    checks: dict[str, Check]
    version: str = field(default=__version__)
    content_version: str | None = None
    """The release of content/ the bot speaks (content/release.yaml)."""

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "fail",
            "version": self.version,
            "content_version": self.content_version,
            "checks": {
                name: {"ok": check.ok, "detail": check.detail}
                for name, check in self.checks.items()
            },
        }


# ---------------------------------------------------------------- the running process


class DatabaseProbe:
    """The database check, a real write, made at most once per ``every`` seconds: a load
    balancer asking every second, or anyone hammering /healthz, does not make the bot write
    each time. Requests at the same moment share one probe."""

    def __init__(self, every: float) -> None:
        self._every = every
        self._lock = asyncio.Lock()
        self._last: tuple[float, Check] | None = None

    async def check(self, db: Store, now: datetime) -> Check:
        async with self._lock:
            moment = time.monotonic()
            if self._last is not None and moment - self._last[0] < self._every:
                return self._last[1]
            result = await _live_database(db, now)
            self._last = (time.monotonic(), result)
            return result


async def live_report(application: BotApplication, probe: DatabaseProbe) -> HealthReport:
    services = application.bot_data.services
    job_queue = application.job_queue
    scheduler_running = job_queue is not None and bool(job_queue.scheduler.running)
    return HealthReport(
        {
            "database": await probe.check(services.db, services.clock.now()),
            "content": _content(services.knowledge),
            "scheduler": Check(scheduler_running, "running" if scheduler_running else "stopped"),
            "updates": Check(
                application.running, "accepting" if application.running else "stopping"
            ),
            "reminder_writes": _owed_writes(services.reminders.unwritten_count),
        },
        content_version=services.knowledge.release.version,
    )


async def _live_database(db: Store, now: datetime) -> Check:
    """A real write, not ``SELECT 1``: a full disk or a read-only file answers reads fine."""
    try:
        version = await asyncio.wait_for(db.schema_version(), CHECK_TIMEOUT)
        await asyncio.wait_for(db.probe_write(to_timestamp(now)), CHECK_TIMEOUT)
    # Any failure at all means the bot cannot store what users do: unhealthy, whatever it is.
    except Exception as error:
        return Check(False, f"writes fail: {type(error).__name__}")
    return _schema_check(version)


def _owed_writes(count: int) -> Check:
    if count:
        return Check(False, f"{count} sent reminder(s) not yet recorded; writes are failing")
    return Check(True, "all recorded")


def _schema_check(version: int) -> Check:
    if version != SCHEMA_VERSION:
        return Check(False, f"schema version {version}, this bot needs {SCHEMA_VERSION}")
    return Check(True, f"schema version {version}")


def _content(knowledge: Knowledge) -> Check:
    topics, flows = len(knowledge.content.topics), len(knowledge.triage.flows)
    return Check(topics > 0 and flows > 0, f"{topics} topics, {flows} flows")


# ---------------------------------------------------------------- files, from the CLI


def offline_report(settings: Settings) -> HealthReport:
    content, version = _content_dir(settings.content_dir, settings.library_cache)
    return HealthReport(
        {
            "database": (
                asyncio.run(_database_server(settings.database_url))
                if settings.database_url
                else _database_file(settings.database_path)
            ),
            "content": content,
        },
        content_version=version,
    )


def _database_file(path: Path) -> Check:
    if not path.is_file():
        return Check(False, f"no database file at {path}; the bot creates it when it starts")
    # Read-only: a health check must never create, lock for writing or migrate the database.
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=CHECK_TIMEOUT)) as conn:
            # Every page's structure, without the slow index cross-checks of integrity_check.
            findings = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
            (version,) = conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as error:
        return Check(False, f"cannot read {path}: {error}")
    if findings != ["ok"]:
        first = findings[0] if findings else "no answer"
        return Check(False, f"{path} is corrupt: quick_check found {len(findings)}: {first}")
    return _schema_check(int(version))


async def _database_server(url: str) -> Check:
    """Can the PostgreSQL server be reached, and is its schema this bot's? Reads only."""
    from tgbot.storage.postgres import PostgresDatabase

    db = PostgresDatabase(url, pool_size=1)
    try:
        await asyncio.wait_for(db.connect(migrate=False), CHECK_TIMEOUT)
        version = await asyncio.wait_for(db.schema_version(), CHECK_TIMEOUT)
    except Exception as error:
        return Check(False, f"cannot reach {db.location}: {type(error).__name__}")
    finally:
        await db.close()
    return _schema_check(version)


def _content_dir(root: Path, cache: Path | None) -> tuple[Check, str | None]:
    """The content check, and the release version when the content loads: every language,
    as the bot loads them at start (from the cache a start saved, when there is one; a
    health check writes nothing)."""
    try:
        knowledge = load_library_cached(root, cache, save=False).library.english
    except ContentError as error:
        return Check(False, f"{len(error.errors)} problem(s), first: {error.errors[0]}"), None
    except OSError as error:
        return Check(False, f"cannot read {root}: {type(error).__name__}"), None
    return _content(knowledge), knowledge.release.version


# ---------------------------------------------------------------- webhook mode, from the CLI


def health_url(webhook: WebhookSettings) -> str:
    """Where ``/healthz`` answers on this machine, whatever address the ops listener is on."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(
        webhook.ops_listen, webhook.ops_listen
    )
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{webhook.ops_port}{HEALTH_PATH}"


def fetch_report(url: str, token: str = "") -> dict[str, Any]:
    """Ask a running bot's ``/healthz``; an unreachable server is a failed check."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        check = Check(False, f"{url} unreachable: {reason}")
        return HealthReport({"webhook_server": check}).to_json()
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return HealthReport({"webhook_server": Check(False, f"{url} gave no JSON")}).to_json()
    return data


def cli_report(settings: Settings) -> dict[str, Any]:
    if settings.webhook is not None:
        return fetch_report(health_url(settings.webhook), settings.webhook.ops_token)
    return offline_report(settings).to_json()
