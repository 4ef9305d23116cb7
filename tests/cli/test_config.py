from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tgbot.config import TELEGRAM_API_DEFAULT, ConfigError, load_settings


def test_defaults_need_only_a_token() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:abc"}, env_file=None)
    assert settings.api_base_url == TELEGRAM_API_DEFAULT
    assert settings.bot_api_url == "https://api.telegram.org/bot"
    assert settings.database_path == Path("data/bot.sqlite3")
    assert settings.default_timezone == ZoneInfo("UTC")
    assert settings.admin_user_ids == frozenset()
    assert settings.log_level == "INFO"


def test_every_setting_is_read(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": "1:abc",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot/",
            "DATABASE_PATH": str(tmp_path / "x.db"),
            "DEFAULT_TIMEZONE": "Europe/Berlin",
            "ADMIN_USER_IDS": "1, 2;3",
            "LOG_LEVEL": "debug",
        },
        env_file=None,
    )
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
        ({"TELEGRAM_BOT_TOKEN": "1:a", "ADMIN_USER_IDS": "12,abc"}, "ADMIN_USER_IDS"),
        ({"TELEGRAM_BOT_TOKEN": "1:a", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        (
            {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_API_BASE_URL": "ftp://x"},
            "TELEGRAM_API_BASE_URL",
        ),
    ],
)
def test_bad_settings_name_the_setting(environ: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ, env_file=None)
    assert caught.value.setting == setting
    assert str(caught.value).startswith(f"{setting}: ")
