"""Fixtures for the content tests: the real content and an editable copy of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tgbot.core.content import ContentStore
from tgbot.core.knowledge import Library

CONTENT_ROOT = Path(__file__).resolve().parents[3] / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

Edit = Callable[[str, str, str], None]


@pytest.fixture(scope="session")
def content_root() -> Path:
    return CONTENT_ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def store(library: Library) -> ContentStore:
    """The English of the run's library (tests/conftest.py): loaded once per test process."""
    return library.english.content


@pytest.fixture
def content_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of content/ at ./content inside a temporary working folder, so errors name
    files as "content/topics/twitch.yaml", just as `bot.py content check` does."""
    shutil.copytree(CONTENT_ROOT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return Path("content")


@pytest.fixture
def edit(content_copy: Path) -> Edit:
    """edit(file, old, new): replace text in the copy; fails if `old` is not there, so a test
    never passes because the content it breaks has moved."""

    def replace(relative_path: str, old: str, new: str) -> None:
        path = content_copy / relative_path
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {relative_path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace
