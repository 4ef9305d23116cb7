"""Settings from the environment and an optional ``.env`` file, validated once at start-up."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TELEGRAM_API_DEFAULT = "https://api.telegram.org"
PACKAGE_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_ROOT.parent
DEFAULT_CONTENT_DIR = REPO_ROOT / "content"
DEFAULT_DATABASE_PATH = Path("data/bot.sqlite3")


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the setting."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting


@dataclass(frozen=True)
class Settings:
    token: str
    api_base_url: str = TELEGRAM_API_DEFAULT
    database_path: Path = DEFAULT_DATABASE_PATH
    default_timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    admin_user_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"
    content_dir: Path = DEFAULT_CONTENT_DIR

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
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Build settings; the process environment wins over the ``.env`` file."""
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update(read_env_file(env_file))
    merged.update(os.environ if environ is None else environ)

    def get(name: str) -> str:
        return merged.get(name, "").strip()

    token = get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "is not set; get a token from @BotFather")
    if any(ch.isspace() for ch in token) or "/" in token:
        raise ConfigError("TELEGRAM_BOT_TOKEN", "must not contain spaces or slashes")

    return Settings(
        token=token,
        api_base_url=_parse_api_base_url(get("TELEGRAM_API_BASE_URL")),
        database_path=Path(get("DATABASE_PATH") or DEFAULT_DATABASE_PATH),
        default_timezone=_parse_timezone(get("DEFAULT_TIMEZONE") or "UTC"),
        admin_user_ids=_parse_admin_ids(get("ADMIN_USER_IDS")),
        log_level=_parse_log_level(get("LOG_LEVEL") or "INFO"),
        content_dir=Path(get("CONTENT_DIR") or DEFAULT_CONTENT_DIR),
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


def _parse_timezone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            "DEFAULT_TIMEZONE", f"unknown timezone {value!r}; use an IANA name like Europe/London"
        ) from None


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
