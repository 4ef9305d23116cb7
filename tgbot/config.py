"""Settings from the environment and an optional ``.env`` file, validated once at start-up."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tgbot.core.timezones import is_location_zone
from tgbot.storage.crypto import parse_key

TELEGRAM_API_DEFAULT = "https://api.telegram.org"
PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
DEFAULT_CONTENT_DIR = REPO_ROOT / "content"
DEFAULT_DATABASE_PATH = Path("data/bot.sqlite3")
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_WEBHOOK_PATH = "/telegram"
DEFAULT_OPS_LISTEN = "127.0.0.1"
DEFAULT_OPS_PORT = 8444
DEFAULT_HEALTH_PROBE_EVERY = 5.0
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
DEFAULT_SHUTDOWN_TIMEOUT = 20.0
HTTP_BACKENDS = ("aiohttp", "httpx")
"""aiohttp: tgbot's own request class (tgbot/bot/request.py); httpx: PTB's stock one."""

# Reminder retries back off up to this many seconds (reminder_policy.MAX_DELAY); tests and
# the soak scale it down.
DEFAULT_REMINDER_RETRY_MAX = 600.0
DEFAULT_REMINDER_LEASE = 90.0
MAX_SEND_BURST = 30
"""Telegram's documented limit: about 30 messages a second in all."""
# Telegram's alphabet for secret_token; at least 16 characters so it cannot be guessed.
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,256}")


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the setting."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook mode: Telegram POSTs updates to ``url``; we listen on ``listen:port`` + ``path``."""

    url: str
    secret_token: str = field(repr=False)
    listen: str = DEFAULT_WEBHOOK_LISTEN
    port: int = DEFAULT_WEBHOOK_PORT
    path: str = DEFAULT_WEBHOOK_PATH
    ops_listen: str = DEFAULT_OPS_LISTEN
    """/healthz and /metrics listen apart from the webhook (OPS_LISTEN): on this machine only
    by default, whatever address the webhook listens on."""
    ops_port: int = DEFAULT_OPS_PORT
    ops_token: str = field(default="", repr=False)
    """OPS_TOKEN: when set, /healthz and /metrics answer only ``Authorization: Bearer`` it."""
    health_probe_every: float = DEFAULT_HEALTH_PROBE_EVERY
    """/healthz writes its probe row at most this often (HEALTH_PROBE_EVERY, seconds)."""


@dataclass(frozen=True)
class Settings:
    token: str
    api_base_url: str = TELEGRAM_API_DEFAULT
    database_path: Path = DEFAULT_DATABASE_PATH
    database_url: str | None = field(default=None, repr=False)
    """DATABASE_URL: a PostgreSQL server (postgresql://...) instead of the SQLite file; never
    shown, as it may carry a password."""
    data_key: bytes | None = field(default=None, repr=False)
    """DATA_KEY: the key-encryption key that wraps each user's data key (crypto-shredding);
    None: SQLite keeps one in a file beside the database (``<DATABASE_PATH>.key``)."""
    database_pool_size: int | None = None
    """DATABASE_POOL_SIZE: connections each process keeps open to PostgreSQL for its work,
    besides a few for the chat locks; None: the engine's default (10)."""
    worker_count: int = 1
    """WORKER_COUNT: how many bot processes share the database and the bot's send budget."""
    send_burst: int = 1
    """SEND_BURST: how many sends may leave together, shared by the workers (1: evenly spaced;
    up to Telegram's documented 30 in a second; tgbot/bot/ratelimit.py)."""
    worker_id: str | None = None
    """WORKER_ID: this process's stable name among the workers (default: host and pid); a
    worker restarted under the same name takes its unfinished reminders back at once."""
    reminder_lease: float = DEFAULT_REMINDER_LEASE
    """Seconds a worker holds a reminder without renewing (REMINDER_LEASE)."""
    default_timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    admin_user_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    content_dir: Path = DEFAULT_CONTENT_DIR
    library_cache: Path | None = None
    """CACHE_DIR: where the loaded content is kept between starts (tgbot/core/library_cache.py);
    from the environment a ``cache`` folder beside the SQLite file by default, None (``off``):
    every start loads and checks content/ afresh."""
    webhook: WebhookSettings | None = None
    """Set in webhook mode; None means long polling."""
    shutdown_timeout: float = DEFAULT_SHUTDOWN_TIMEOUT
    """Seconds a stop waits for updates in flight before giving up on them."""
    http_backend: str = "aiohttp"
    """How the bot talks to the Bot API: ``aiohttp`` (tgbot/bot/request.py) or ``httpx``."""
    proxy_url: str | None = None
    """A proxy for every call to the Bot API; None uses HTTPS_PROXY from the environment."""
    reminder_retry_max: float = DEFAULT_REMINDER_RETRY_MAX
    """Longest wait, in seconds, between two tries of a reminder Telegram did not take."""

    @property
    def bot_api_url(self) -> str:
        """The URL PTB prefixes to every method: ``{server}/bot{token}/{method}``."""
        return f"{self.api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        return f"{self.api_base_url}/file/bot"


def read_env_file(path: Path) -> dict[str, str]:
    """Parse ``KEY=VALUE`` lines; blank lines and ``#`` comments are skipped, quotes stripped."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}", "expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
    *,
    webhook: bool = False,
    require_token: bool = True,
) -> Settings:
    """Build settings; the process environment wins over the ``.env`` file.

    Webhook mode is on with ``webhook=True`` (``run --webhook``) or when WEBHOOK_URL is set.
    ``require_token=False`` for the database commands, which never reach Telegram."""
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update(read_env_file(env_file))
    merged.update(os.environ if environ is None else environ)

    def get(name: str) -> str:
        return merged.get(name, "").strip()

    token = get("TELEGRAM_BOT_TOKEN")
    if not token and not require_token:
        token = "0:no-token"  # database commands never reach Telegram
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "is not set; get a token from @BotFather")
    if any(ch.isspace() for ch in token) or "/" in token:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "must not contain spaces or slashes")

    api_base_url = _parse_api_base_url(get("TELEGRAM_API_BASE_URL"))
    return Settings(
        token=token,
        api_base_url=api_base_url,
        database_path=(database_path := Path(get("DATABASE_PATH") or DEFAULT_DATABASE_PATH)),
        database_url=(database_url := _parse_database_url(get("DATABASE_URL"))),
        data_key=_parse_data_key(get("DATA_KEY"), postgres=database_url is not None),
        database_pool_size=_parse_whole_number(
            "DATABASE_POOL_SIZE", get("DATABASE_POOL_SIZE"), 100
        ),
        worker_count=_parse_whole_number("WORKER_COUNT", get("WORKER_COUNT"), 64) or 1,
        send_burst=_parse_whole_number("SEND_BURST", get("SEND_BURST"), MAX_SEND_BURST) or 1,
        worker_id=get("WORKER_ID") or None,
        reminder_lease=_parse_seconds(
            "REMINDER_LEASE", get("REMINDER_LEASE"), DEFAULT_REMINDER_LEASE
        ),
        default_timezone=_parse_timezone(get("DEFAULT_TIMEZONE") or "UTC"),
        admin_user_ids=_parse_admin_ids(get("ADMIN_USER_IDS")),
        log_level=_parse_log_level(get("LOG_LEVEL") or "INFO"),
        content_dir=Path(get("CONTENT_DIR") or DEFAULT_CONTENT_DIR),
        library_cache=_parse_cache_dir(get("CACHE_DIR"), database_path),
        webhook=_parse_webhook(get, required=webhook, api_base_url=api_base_url),
        shutdown_timeout=_parse_seconds(
            "SHUTDOWN_TIMEOUT", get("SHUTDOWN_TIMEOUT"), DEFAULT_SHUTDOWN_TIMEOUT
        ),
        reminder_retry_max=_parse_seconds(
            "REMINDER_RETRY_MAX", get("REMINDER_RETRY_MAX"), DEFAULT_REMINDER_RETRY_MAX
        ),
        http_backend=(backend := _parse_http_backend(get("HTTP_BACKEND"))),
        proxy_url=_parse_proxy_url(get("TELEGRAM_PROXY_URL"), backend),
    )


def _parse_api_base_url(value: str) -> str:
    if not value:
        return TELEGRAM_API_DEFAULT
    if not value.startswith(("http://", "https://")):
        raise ConfigError(
            "TELEGRAM_API_BASE_URL", f"must start with http:// or https://: {value!r}"
        )
    url = value.rstrip("/")
    # Accept the PTB-style form ending in /bot too, so either spelling works.
    return url.removesuffix("/bot")


def _parse_cache_dir(value: str, database_path: Path) -> Path | None:
    if value.lower() == "off":
        return None
    return Path(value) if value else database_path.parent / "cache"


def _parse_database_url(value: str) -> str | None:
    if not value:
        return None
    if not value.startswith(("postgresql://", "postgres://")):
        # Never echo the value: it may carry a password.
        raise ConfigError(
            "DATABASE_URL",
            "must be a PostgreSQL URL, postgresql://user:password@host:5432/database"
            " (leave it unset for SQLite at DATABASE_PATH)",
        )
    return value


def _parse_data_key(value: str, *, postgres: bool) -> bytes | None:
    if not value:
        if postgres:
            raise ConfigError(
                "DATA_KEY",
                "is required with DATABASE_URL: the key that wraps every user's own key; keep"
                " it apart from the database and its backups (README, Privacy)",
            )
        return None
    try:
        return parse_key(value)
    except ValueError as error:  # never echoes the value
        raise ConfigError("DATA_KEY", str(error)) from None


def _parse_whole_number(name: str, value: str, highest: int) -> int | None:
    """A whole number from 1 to ``highest``; None when the variable is unset."""
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= highest:
        raise ConfigError(name, f"must be a whole number from 1 to {highest}: {value!r}")
    return int(value)


def _parse_timezone(value: str) -> ZoneInfo:
    if not is_location_zone(value):
        raise ConfigError(
            "DEFAULT_TIMEZONE",
            f"unknown timezone {value!r}; use an IANA name of a place, like Europe/London",
        )
    return ZoneInfo(value)


def _parse_admin_ids(value: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ConfigError(
                "ADMIN_USER_IDS", f"{part!r} is not a numeric Telegram user id"
            ) from None
    return frozenset(ids)


def _parse_log_level(value: str) -> str:
    level = value.upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(
            "LOG_LEVEL", f"unknown level {value!r}; use DEBUG, INFO, WARNING or ERROR"
        )
    return level


def _parse_webhook(
    get: Callable[[str], str], *, required: bool, api_base_url: str
) -> WebhookSettings | None:
    url = get("WEBHOOK_URL")
    if not url:
        if required:
            raise ConfigError(
                "WEBHOOK_URL", "is required in webhook mode: the public URL Telegram posts to"
            )
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("WEBHOOK_URL", f"must be an https:// URL: {url!r}")
    # Telegram itself posts only to HTTPS; plain http is for a local Bot API server.
    if parts.scheme != "https" and api_base_url == TELEGRAM_API_DEFAULT:
        raise ConfigError("WEBHOOK_URL", f"Telegram posts only to https:// URLs: {url!r}")
    secret = get("WEBHOOK_SECRET_TOKEN")
    if not _SECRET_TOKEN.fullmatch(secret):
        # Never echo the value: it is a secret.
        problem = "is not set" if not secret else "is invalid"
        raise ConfigError(
            "WEBHOOK_SECRET_TOKEN",
            f"{problem}; webhook mode needs 16-256 characters of A-Z, a-z, 0-9, _ and - "
            "(e.g. from: openssl rand -hex 32)",
        )
    return WebhookSettings(
        url=url,
        secret_token=secret,
        listen=_parse_listen(get("WEBHOOK_LISTEN")),
        port=_parse_port(get("WEBHOOK_PORT")),
        path=_parse_webhook_path(get("WEBHOOK_PATH"), parts.path),
        ops_listen=_parse_listen(get("OPS_LISTEN"), "OPS_LISTEN", DEFAULT_OPS_LISTEN),
        ops_port=_parse_port(get("OPS_PORT"), "OPS_PORT", DEFAULT_OPS_PORT),
        ops_token=get("OPS_TOKEN"),
        health_probe_every=_parse_seconds(
            "HEALTH_PROBE_EVERY", get("HEALTH_PROBE_EVERY"), DEFAULT_HEALTH_PROBE_EVERY
        ),
    )


def _parse_listen(
    value: str, name: str = "WEBHOOK_LISTEN", default: str = DEFAULT_WEBHOOK_LISTEN
) -> str:
    if any(ch.isspace() for ch in value) or "/" in value:
        raise ConfigError(name, f"must be an IP address or host name: {value!r}")
    return value or default


def _parse_port(value: str, name: str = "WEBHOOK_PORT", default: int = DEFAULT_WEBHOOK_PORT) -> int:
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ConfigError(name, f"must be a port number from 1 to 65535: {value!r}")
    return int(value)


def _parse_webhook_path(value: str, url_path: str) -> str:
    # Without WEBHOOK_PATH the path is the URL's, as when a proxy passes the path through.
    path = value or (url_path if url_path not in ("", "/") else DEFAULT_WEBHOOK_PATH)
    if not path.startswith("/") or any(ch.isspace() for ch in path):
        raise ConfigError("WEBHOOK_PATH", f"must start with / and have no spaces: {path!r}")
    if path.rstrip("/") == HEALTH_PATH:
        raise ConfigError("WEBHOOK_PATH", f"{HEALTH_PATH} is the health check; pick another path")
    if path.rstrip("/") == METRICS_PATH:
        raise ConfigError("WEBHOOK_PATH", f"{METRICS_PATH} is for Prometheus; pick another path")
    return path


def _parse_seconds(name: str, value: str, default: float) -> float:
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise ConfigError(name, f"must be a number of seconds above 0 (at most 3600): {value!r}")
    return seconds


def _parse_http_backend(value: str) -> str:
    backend = value.lower() or HTTP_BACKENDS[0]
    if backend not in HTTP_BACKENDS:
        raise ConfigError("HTTP_BACKEND", f"must be aiohttp or httpx: {value!r}")
    return backend


def _parse_proxy_url(value: str, backend: str) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
        # Never echo the value: a proxy URL may carry a password.
        raise ConfigError(
            "TELEGRAM_PROXY_URL", "must be a URL like http://host:3128 (socks5:// with httpx)"
        )
    if parts.scheme.startswith("socks") and backend != "httpx":
        raise ConfigError("TELEGRAM_PROXY_URL", "a SOCKS proxy needs HTTP_BACKEND=httpx")
    return value
