"""content/asking/: what a typed question asks, read with the safety net's matcher; the
rules checked against the content they name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import Knowledge, check_knowledge, load_knowledge


@pytest.fixture(scope="module")
def english(knowledge: Knowledge) -> Knowledge:
    """The run's English (tests/conftest.py): loaded once per test process."""
    return knowledge


def test_a_cause_ruled_out_is_left_out_and_the_rest_is_kept(english: Knowledge) -> None:
    assert english.asking is not None
    heard = english.asking.hear(
        "I drink plenty of water but my calves cramp. Why?", english.content.wording
    )
    assert "water" not in heard.text.split()
    assert "calves" in heard.text.split()
    assert heard.sentences[0] == "why", "the sentence that asks comes first"
    assert "causes" in heard.concepts


@pytest.mark.parametrize(
    ("text", "long_standing"),
    [
        ("twitching for years", True),
        ("my eyelid has twitched for 3 months", True),
        ("my eyelid has twitched for 3 days", False),
        ("a cramp right now", False),
    ],
)
def test_time_words_tell_long_standing_from_now(
    english: Knowledge, text: str, long_standing: bool
) -> None:
    assert english.asking is not None
    assert english.asking.hear(text, english.content.wording).long_standing is long_standing


def test_names_of_conditions_are_left_out_for_language_detection(english: Knowledge) -> None:
    assert english.asking is not None
    assert english.asking.without_conditions("Ist es Parkinson?") == "ist es"


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    return root


def test_a_language_without_its_words_is_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "asking" / "de.yaml").unlink()
    code, report = check_knowledge(root)
    assert code == 2
    assert "asking/de.yaml: missing file" in report


def test_rules_that_name_an_unknown_question_are_refused(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    rules = root / "asking" / "rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("worry_question: worried", "worry_question: x"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(root)
    assert "worry_question: no frequent question 'x'" in str(caught.value)


def test_a_concept_the_routing_reads_cannot_be_left_out(tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    rules = root / "asking" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace("  ruled_out: a cause the writer rules out", "  ruled_ou: a cause"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(root)
    assert "concepts.ruled_out: missing concept" in str(caught.value)
