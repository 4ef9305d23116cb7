"""`python bot.py content check` rejects broken flows and phrase lists, naming file and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.knowledge import EXIT_INVALID, EXIT_OK, check_knowledge

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_real_content_passes(content: Path) -> None:
    code, report = check_knowledge(content)
    assert code == EXIT_OK, report
    assert "phrases en: " in report


def test_ask_when_naming_an_unknown_option_is_rejected(content: Path) -> None:
    _replace(
        content / "flows" / "spasm.yaml",
        "ask_when: {question: location, any_of: [hand_arm]}",
        "ask_when: {question: location, any_of: [hand_arm, elbow]}",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "flows/spasm.yaml" in report
    assert "'elbow' is not an option of 'location'" in report


def test_a_concept_list_with_an_empty_entry_is_rejected(content: Path) -> None:
    _replace(content / "safety" / "en.yaml", "jaw_locked: [lockjaw,", 'jaw_locked: ["",')
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "safety/en.yaml" in report
    assert "concepts.jaw_locked[0]" in report
    assert "non-empty text" in report


def test_an_entry_of_punctuation_only_is_rejected(content: Path) -> None:
    _replace(content / "safety" / "en.yaml", "jaw_locked: [lockjaw,", 'jaw_locked: ["!!!",')
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "no words left" in report


def test_a_word_list_missing_a_concept_is_rejected(content: Path) -> None:
    _replace(content / "safety" / "en.yaml", "  jaw_locked: [", "  jaw_lockd: [")
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "'jaw_lockd' is not a concept of content/safety/rules.yaml" in report


def test_a_rule_without_a_source_is_rejected(content: Path) -> None:
    _replace(
        content / "safety" / "rules.yaml",
        "needs: [jaw_locked], sources: [nhs_tetanus]}",
        "needs: [jaw_locked]}",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "safety/rules.yaml" in report
    assert "sources: missing field" in report


def test_a_rule_source_must_be_in_sources_yaml(content: Path) -> None:
    _replace(
        content / "safety" / "rules.yaml",
        "needs: [jaw_locked], sources: [nhs_tetanus]}",
        "needs: [jaw_locked], sources: [nhs_tetanos]}",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "unknown source id 'nhs_tetanos'" in report


def test_a_rule_naming_an_unknown_concept_is_rejected(content: Path) -> None:
    _replace(
        content / "safety" / "rules.yaml",
        "needs: [jaw_locked], sources",
        "needs: [jaw_lock], sources",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "'jaw_lock' is not a concept of this file" in report


def test_nothing_may_silence_a_crisis_rule(content: Path) -> None:
    _replace(
        content / "safety" / "rules.yaml",
        "needs: [suicide_named], sources",
        "needs: [suicide_named], unless: [asking_about], sources",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "nothing may silence a crisis rule" in report


def test_every_language_needs_the_question_of_every_ask(content: Path) -> None:
    _replace(content / "phrases" / "en.yaml", "  labour:\n    question:", "  labor:\n    question:")
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "phrases/en.yaml" in report
    assert "asks.labour" in report


def test_word_forms_made_for_other_lists_fail_the_check(content: Path) -> None:
    _replace(
        content / "safety" / "en.yaml",
        "  jaw_locked: [lockjaw,",
        "  jaw_locked: [trismus, lockjaw,",
    )
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    assert "safety/forms/en.txt" in report
    assert "python bot.py safety forms" in report


def test_content_check_command_exits_2_on_a_broken_rule(content: Path) -> None:
    _replace(
        content / "safety" / "rules.yaml",
        "needs: [jaw_locked], sources: [nhs_tetanus]}",
        "needs: [jaw_locked]}",
    )
    result = subprocess.run(
        [sys.executable, "bot.py", "content", "check", "--content", str(content)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "sources: missing field" in result.stdout + result.stderr
