"""``GET /metrics``: Prometheus's text format, counting what the bot did, with no user id or
text in any label."""

from __future__ import annotations

import re

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tgbot.bot.context import BotApplication
from tgbot.config import METRICS_PATH
from tgbot.localapi import ChatSession
from tgbot.serving.health import health_url


async def scrape(application: BotApplication) -> tuple[str, dict[tuple[str, str], float]]:
    """The body, and every sample as (name, labels) -> value."""
    webhook = application.bot_data.services.settings.webhook
    assert webhook is not None
    url = health_url(webhook).replace("/healthz", METRICS_PATH)
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        body = await response.text()
    samples = {
        (sample.name, ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }
    return body, samples


async def test_metrics_count_updates_latency_and_database_time(
    webhook_app: BotApplication, chat: ChatSession
) -> None:
    _, before = await scrape(webhook_app)
    ok_key = ("tgbot_updates_total", "kind=message,outcome=ok")
    tap_key = ("tgbot_updates_total", "kind=callback_query,outcome=ok")
    latency_key = ("tgbot_handler_seconds_count", "kind=message")
    await chat.send("/start")
    await chat.tap("Muscle twitch")
    body, after = await scrape(webhook_app)
    assert after[ok_key] - before.get(ok_key, 0) == 1
    assert after[tap_key] - before.get(tap_key, 0) == 1
    assert after[latency_key] - before.get(latency_key, 0) == 1
    assert after[("tgbot_database_seconds_count", "kind=read")] > 0
    assert after[("tgbot_database_seconds_count", "kind=write")] > 0
    for name in (
        "tgbot_reminders_due_total",
        "tgbot_reminders_sent_total",
        "tgbot_telegram_429_total",
    ):
        assert (name, "") in after, name
    assert "# HELP tgbot_reminders_retried_total" in body
    assert "# HELP tgbot_reminders_failed_total" in body
    # Nothing personal: neither the user's nor the chat's id, nor what was said, anywhere.
    for private in (str(chat.user.id), str(chat.chat.id), "start", "twitch", "Alex"):
        assert not re.search(rf"\{{[^}}]*{re.escape(private)}", body, re.IGNORECASE), private
