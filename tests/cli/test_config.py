import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.cli.test_run_command import BOT, REPO, clean_env
from tgbot import config
from tgbot.config import TELEGRAM_API_DEFAULT, ConfigError, WebhookSettings, load_settings


def test_defaults_need_only_a_token() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:abc"}, env_file=None)
    assert settings.api_base_url == TELEGRAM_API_DEFAULT
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.database_path == Path("data/bot.sqlite3")
    assert settings.default_timezone == ZoneInfo("UTC")
    assert settings.admin_user_ids == frozenset()
    assert settings.log_level == "INFO"
    assert settings.http_backend == "aiohttp"
    assert settings.proxy_url is None
    assert settings.send_burst == 1  # evenly spaced sends unless the operator says otherwise


def test_http_backend_and_proxy_are_read() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "HTTP_BACKEND": "HTTPX",
            "TELEGRAM_PROXY_URL": "socks5://127.0.0.1:1080",
        },
        env_file=None,
    )
    assert (settings.http_backend, settings.proxy_url) == ("httpx", "socks5://127.0.0.1:1080")


def test_every_setting_is_read(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot/",
            "DATABASE_PATH": str(tmp_path / "x.db"),
            "DEFAULT_TIMEZONE": "Europe/Berlin",
            "ADMIN_USER_IDS": "1, 2;3",
            "LOG_LEVEL": "debug",
            "DATABASE_POOL_SIZE": "4",
            "SEND_BURST": "30",
        },
        env_file=None,
    )
    assert settings.database_pool_size == 4
    assert settings.send_burst == 30
    assert settings.api_base_url == "http://127.0.0.1:8081"
    assert settings.database_path == tmp_path / "x.db"
    assert settings.default_timezone == ZoneInfo("Europe/Berlin")
    assert settings.admin_user_ids == frozenset({1, 2, 3})
    assert settings.log_level == "DEBUG"


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nTELEGRAM_BOT_TOKEN='1:from-file'\nexport LOG_LEVEL=WARNING\n\n")
    assert load_settings({}, env_file=env_file).token == "1:from-file"
    settings = load_settings({"LOG_LEVEL": "ERROR"}, env_file=env_file)
    assert settings.log_level == "ERROR"


@pytest.mark.parametrize(
    ("environ", "setting"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DEFAULT_TIMEZONE": "localtime"}, "DEFAULT_TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DEFAULT_TIMEZONE": "Factory"}, "DEFAULT_TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DEFAULT_TIMEZONE": "posixrules"}, "DEFAULT_TIMEZONE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "REMINDER_RETRY_MAX": "0"}, "REMINDER_RETRY_MAX"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "ADMIN_USER_IDS": "12,abc"}, "ADMIN_USER_IDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "DATABASE_POOL_SIZE": "ten"}, "DATABASE_POOL_SIZE"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SEND_BURST": "31"}, "SEND_BURST"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "SEND_BURST": "0"}, "SEND_BURST"),
        (
            {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_API_BASE_URL": "ftp://x"},
            "TELEGRAM_API_BASE_URL",
        ),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "HTTP_BACKEND": "curl"}, "HTTP_BACKEND"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_PROXY_URL": "proxy:3128"}, "TELEGRAM_PROXY_URL"),
        (
            {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_PROXY_URL": "socks5://127.0.0.1:1080"},
            "TELEGRAM_PROXY_URL",
        ),
    ],
)
def test_bad_settings_name_the_setting(environ: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ, env_file=None)
    assert caught.value.setting == setting
    assert str(caught.value).startswith(f"{setting}: ")


# ---------------------------------------------------------------- webhook mode

SECRET = "s3cret-token_0123456789"
WEBHOOK = {
    "TELEGRAM_BOT_TOKEN": "1:abc",
    "WEBHOOK_URL": "https://bot.example.org/tg/hook",
    "WEBHOOK_SECRET_TOKEN": SECRET,
}


def test_polling_is_the_default() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:abc"}, env_file=None)
    assert settings.webhook is None
    assert settings.shutdown_timeout == 20.0


def test_webhook_url_turns_webhook_mode_on_with_defaults() -> None:
    webhook = load_settings(WEBHOOK, env_file=None).webhook
    assert webhook == WebhookSettings(
        url="https://bot.example.org/tg/hook",
        secret_token=SECRET,
        listen="127.0.0.1",
        port=8443,
        path="/tg/hook",
    )


def test_every_webhook_setting_is_read() -> None:
    settings = load_settings(
        {
            **WEBHOOK,
            "WEBHOOK_LISTEN": "0.0.0.0",
            "WEBHOOK_PORT": "9000",
            "WEBHOOK_PATH": "/internal/telegram",
            "SHUTDOWN_TIMEOUT": "7.5",
        },
        env_file=None,
    )
    assert settings.webhook is not None
    assert (settings.webhook.listen, settings.webhook.port) == ("0.0.0.0", 9000)
    assert settings.webhook.path == "/internal/telegram"
    assert settings.shutdown_timeout == 7.5


def test_a_url_without_a_path_listens_on_the_default_path() -> None:
    settings = load_settings({**WEBHOOK, "WEBHOOK_URL": "https://bot.example.org"}, env_file=None)
    assert settings.webhook is not None
    assert settings.webhook.path == "/telegram"


def test_plain_http_is_for_a_local_bot_api_server_only() -> None:
    environ = {
        **WEBHOOK,
        "WEBHOOK_URL": "http://127.0.0.1:8443/telegram",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081",
    }
    assert load_settings(environ, env_file=None).webhook is not None


def test_webhook_flag_needs_a_url() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"TELEGRAM_BOT_TOKEN": "1:abc"}, env_file=None, webhook=True)
    assert caught.value.setting == "WEBHOOK_URL"


def test_the_secret_is_never_shown() -> None:
    settings = load_settings(WEBHOOK, env_file=None)
    assert SECRET not in repr(settings)
    bad = "short-but-?-invalid!"
    with pytest.raises(ConfigError) as caught:
        load_settings({**WEBHOOK, "WEBHOOK_SECRET_TOKEN": bad}, env_file=None)
    assert bad not in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"WEBHOOK_SECRET_TOKEN": ""}, "WEBHOOK_SECRET_TOKEN"),
        ({"WEBHOOK_SECRET_TOKEN": "too-short"}, "WEBHOOK_SECRET_TOKEN"),
        ({"WEBHOOK_SECRET_TOKEN": "has spaces in it, 0123456789"}, "WEBHOOK_SECRET_TOKEN"),
        ({"WEBHOOK_SECRET_TOKEN": "x" * 257}, "WEBHOOK_SECRET_TOKEN"),
        ({"WEBHOOK_URL": "http://bot.example.org/hook"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "ftp://bot.example.org/hook"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "bot.example.org"}, "WEBHOOK_URL"),
        ({"WEBHOOK_PORT": "0"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "https"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_LISTEN": "a b"}, "WEBHOOK_LISTEN"),
        ({"WEBHOOK_PATH": "telegram"}, "WEBHOOK_PATH"),
        ({"WEBHOOK_PATH": "/healthz"}, "WEBHOOK_PATH"),
        ({"SHUTDOWN_TIMEOUT": "0"}, "SHUTDOWN_TIMEOUT"),
        ({"SHUTDOWN_TIMEOUT": "soon"}, "SHUTDOWN_TIMEOUT"),
        ({"SHUTDOWN_TIMEOUT": "nan"}, "SHUTDOWN_TIMEOUT"),
    ],
)
def test_bad_webhook_settings_name_the_setting(changes: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({**WEBHOOK, **changes}, env_file=None)
    assert caught.value.setting == setting
    assert str(caught.value).startswith(f"{setting}: ")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "error: WEBHOOK_URL: is required in webhook mode"),
        (
            {"WEBHOOK_URL": "https://bot.example.org/hook"},
            "error: WEBHOOK_SECRET_TOKEN: is not set; webhook mode needs",
        ),
    ],
)
def test_run_webhook_without_its_settings_is_one_line_and_exit_2(
    tmp_path: Path, environ: dict[str, str], expected: str
) -> None:
    result = subprocess.run(
        [sys.executable, BOT, "run", "--webhook"],
        cwd=tmp_path,
        env=clean_env(TELEGRAM_BOT_TOKEN="1:x", **environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(expected)


def test_every_setting_is_documented() -> None:
    """Each setting load_settings reads is in .env.example and the README's table."""
    source = Path(config.__file__).read_text()
    names = set(re.findall(r'get\("([A-Z_]+)"\)', source))
    assert {"TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET_TOKEN", "SHUTDOWN_TIMEOUT"} <= names
    env_example = (REPO / ".env.example").read_text()
    readme = (REPO / "README.md").read_text()
    for name in sorted(names):
        assert re.search(rf"^#? ?{name}=", env_example, re.MULTILINE), name
        assert f"| `{name}` |" in readme, name


def test_the_content_cache_sits_beside_the_database_unless_told() -> None:
    token = {"TELEGRAM_BOT_TOKEN": "1:abc"}
    default = load_settings({**token, "DATABASE_PATH": "/srv/bot/db.sqlite3"}, env_file=None)
    assert default.library_cache == Path("/srv/bot/cache")
    chosen = load_settings({**token, "CACHE_DIR": "/var/cache/bot"}, env_file=None)
    assert chosen.library_cache == Path("/var/cache/bot")
    assert load_settings({**token, "CACHE_DIR": "off"}, env_file=None).library_cache is None
