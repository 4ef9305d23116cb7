"""Strict YAML: repeated keys are errors (PyYAML alone keeps the last one silently)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tgbot.core.content.problems import Problems, Where
from tgbot.core.content.yaml_reader import read_yaml


def _read(path: Path, name: str) -> tuple[object | None, Problems]:
    problems = Problems()
    return read_yaml(path, Where(problems, name)), problems


def test_duplicate_keys_are_reported_with_field_and_lines(fixtures_dir: Path) -> None:
    document, problems = _read(fixtures_dir / "duplicate_keys.yaml", "duplicate_keys.yaml")
    assert document is None
    assert problems.errors == [
        "duplicate_keys.yaml: tips.caffeine: duplicate key (lines 3 and 6)",
        "duplicate_keys.yaml: sources[0].id: duplicate key (lines 10 and 11)",
    ]


def test_no_content_file_repeats_a_key(content_root: Path) -> None:
    files = [
        content_root / "sources.yaml",
        content_root / "messages.yaml",
        *sorted((content_root / "topics").glob("*.yaml")),
    ]
    assert len(files) >= 4
    for path in files:
        document, problems = _read(path, path.name)
        assert problems.errors == [], path
        assert isinstance(document, dict), path


def test_dates_stay_the_text_the_author_wrote(tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("reviewed: 2026-11-24\ncount: 3\n", encoding="utf-8")
    document, _ = _read(path, "dated.yaml")
    assert document == {"reviewed": "2026-11-24", "count": 3}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "empty.yaml: file is empty"),
        (
            "a: [1\n",
            "empty.yaml: invalid YAML: line 2, column 1: did not find expected ',' or ']'",
        ),
    ],
)
def test_unusable_files_are_reported(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    document, problems = _read(path, "empty.yaml")
    assert document is None
    assert problems.errors == [error]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    document, problems = _read(tmp_path / "nowhere.yaml", "nowhere.yaml")
    assert document is None
    assert problems.errors == ["nowhere.yaml: file not found"]
