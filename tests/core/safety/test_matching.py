"""Out-of-scope phrase matching: exact words after normalising, * for word starts, ... for a
short gap (emergencies and crises are read by the safety net, test_net.py)."""

from __future__ import annotations

import pytest

from tgbot.core.knowledge import Library
from tgbot.core.safety import SafetyData, normalise, scan
from tgbot.core.safety.matching import pattern_found, pattern_words
from tgbot.core.safety.models import Kind, Pattern


@pytest.fixture(scope="module")
def safety(library: Library) -> SafetyData:
    """The English of the run's library (tests/conftest.py): loaded once per test process."""
    return library.english.safety


def test_normalise_drops_case_accents_apostrophes_and_punctuation() -> None:
    assert normalise("I CAN'T breathe!!") == ("i", "cant", "breathe")
    assert normalise("I can’t… breathe") == ("i", "cant", "breathe")
    assert normalise("Ça fait mal — chest-pain?") == ("ca", "fait", "mal", "chest", "pain")


def _found(phrase: str, text: str) -> bool:
    return pattern_found(Pattern(phrase, pattern_words(phrase)), normalise(text))


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("cant breath*", "I can't breathe", True),
        ("cant breath*", "i cant breathing", True),
        ("cant breath*", "I can breathe", False),
        ("face ... droop*", "my face is really drooping", True),
        ("face ... droop*", "my face has been, for the last hour or so, drooping", False),
        ("stroke", "strokes", False),
        ("chest pain*", "CHEST PAINS", True),
    ],
)
def test_patterns(phrase: str, text: str, found: bool) -> None:
    assert _found(phrase, text) is found


def test_every_out_of_scope_phrase_finds_its_group(safety: SafetyData) -> None:
    """A phrase written plainly (a * word as its stem, no gap) always matches its own group."""
    for phrase_set in safety.phrase_sets.values():
        for group in phrase_set.groups:
            for pattern in group.patterns:
                text = " ".join(w.rstrip("*") for w in pattern.words if w != "...")
                kinds = {m.kind: m for m in scan(text, [phrase_set])}
                assert group in kinds[Kind.OUT_OF_SCOPE].groups, pattern.text


def test_only_out_of_scope_groups_have_phrases(safety: SafetyData) -> None:
    for phrase_set in safety.phrase_sets.values():
        for group in phrase_set.groups:
            assert bool(group.patterns) is (group.kind is Kind.OUT_OF_SCOPE), group.id
