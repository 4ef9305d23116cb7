"""``GET /healthz`` in webhook mode, as a load balancer or Docker's HEALTHCHECK asks it."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp

from tests.cli.test_run_command import BOT, clean_env
from tests.faults import fill, tiny_disk
from tests.helpers_release import VERSION
from tests.serving.helpers import SECRET
from tgbot import __version__
from tgbot.bot.application import build_application
from tgbot.bot.context import BotApplication
from tgbot.config import Settings
from tgbot.core.knowledge import Library
from tgbot.serving.health import health_url
from tgbot.serving.run import ALLOWED_UPDATES
from tgbot.serving.serve import serving
from tgbot.serving.webhook import WebhookReceiver


async def get_health(application: BotApplication) -> tuple[int, dict[str, Any]]:
    webhook = application.bot_data.services.settings.webhook
    assert webhook is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(health_url(webhook)) as response,
    ):
        body: dict[str, Any] = await response.json()
        return response.status, body


async def test_healthz_is_200_with_every_check_ok(webhook_app: BotApplication) -> None:
    status, body = await get_health(webhook_app)
    assert status == 200
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert set(body["checks"]) == {
        "database",
        "content",
        "scheduler",
        "updates",
        "reminder_writes",
    }
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["content"]["detail"] == "2 topics, 2 flows"
    assert body["content_version"] == VERSION, "the release in content/release.yaml"


async def test_healthz_is_503_when_the_database_is_gone(webhook_app: BotApplication) -> None:
    await webhook_app.bot_data.services.db.close()
    status, body = await get_health(webhook_app)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "detail": "writes fail: RuntimeError"}
    assert body["checks"]["content"]["ok"]


async def test_healthz_is_503_when_writes_fail_on_a_full_disk(
    webhook_settings: Settings, library: Library, tmp_path: Path
) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        # SQLite's file on the small disk, whichever engine the suite runs on.
        settings = replace(webhook_settings, database_path=disk / "bot.sqlite3", database_url=None)
        application = build_application(settings, library=library)
        assert settings.webhook is not None
        receiver = WebhookReceiver(application, settings.webhook, ALLOWED_UPDATES)
        async with serving(application, receiver, shutdown_timeout=5.0):
            assert (await get_health(application))[0] == 200
            filler = fill(disk)
            status, body = await get_health(application)
            assert status == 503, (body, os.statvfs(disk).f_bavail, sorted(os.listdir(disk)))
            assert body["checks"]["database"] == {
                "ok": False,
                "detail": "writes fail: OperationalError",
            }
            filler.unlink()
            assert (await get_health(application))[0] == 200


async def test_healthz_is_503_when_the_scheduler_stopped(webhook_app: BotApplication) -> None:
    assert webhook_app.job_queue is not None
    await webhook_app.job_queue.stop()
    status, body = await get_health(webhook_app)
    assert status == 503
    assert body["checks"]["scheduler"] == {"ok": False, "detail": "stopped"}


async def test_health_command_asks_the_running_webhook_server(
    webhook_app: BotApplication, webhook_settings: Settings
) -> None:
    webhook = webhook_settings.webhook
    assert webhook is not None
    env = clean_env(
        TELEGRAM_BOT_TOKEN="123456:TEST-health",
        WEBHOOK_URL=webhook.url,
        WEBHOOK_SECRET_TOKEN=SECRET,
        WEBHOOK_PORT=str(webhook.port),
        OPS_PORT=str(webhook.ops_port),
        TELEGRAM_API_BASE_URL="http://127.0.0.1:1",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        BOT,
        "health",
        cwd=os.fspath(webhook_settings.database_path.parent.parent),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert '"status": "ok"' in stdout.decode()
