"""What ``GET /metrics`` shows, in Prometheus's format (the official prometheus_client).

One set per process (each worker is scraped on its own; Prometheus adds them up). Labels are
from small fixed sets: the kind of an update, an outcome, a reason, a kind of statement.
Never a user id, a chat id or any text: a label value is a new time series for ever, and
these would be personal data in the monitoring system.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Histogram, generate_latest

__all__ = ["CONTENT_TYPE_LATEST", "exposition"]

UPDATE_KINDS = ("message", "edited_message", "callback_query", "my_chat_member", "other")

UPDATES = Counter(
    "tgbot_updates_total",
    "Updates handled, by kind and outcome (ok, error, dropped in a flood, repeated, malformed)",
    ["kind", "outcome"],
)
HANDLER_SECONDS = Histogram(
    "tgbot_handler_seconds",
    "Time to handle one update, from its turn to the end of its handler",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REMINDERS_DUE = Counter(
    "tgbot_reminders_due_total", "Reminders this worker took on to send (swept in)"
)
REMINDERS_SENT = Counter("tgbot_reminders_sent_total", "Reminders sent")
REMINDERS_FAILED = Counter(
    "tgbot_reminders_failed_total",
    "Reminders given up on, by reason (refused, missed, blocked)",
    ["reason"],
)
REMINDERS_RETRIED = Counter(
    "tgbot_reminders_retried_total",
    "Reminder sends to be tried again, by reason (network, flood, or the error's class)",
    ["reason"],
)
TOO_MANY_REQUESTS = Counter(
    "tgbot_telegram_429_total", "Answers 429 (Too Many Requests) from the Bot API"
)
DATABASE_SECONDS = Histogram(
    "tgbot_database_seconds",
    "Time of one database statement or transaction, by kind (read, write, transaction)",
    ["kind"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0),
)


def observe_database(kind: str, seconds: float) -> None:
    """The stores' statement timer (tgbot/storage/store.py)."""
    DATABASE_SECONDS.labels(kind).observe(seconds)


def exposition() -> bytes:
    return generate_latest(REGISTRY)
