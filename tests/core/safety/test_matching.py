"""Phrase matching: exact words after normalising, * for word starts, ... for a short gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.safety import SafetyData, load_safety, normalise, scan
from tgbot.core.safety.matching import pattern_found, pattern_words
from tgbot.core.safety.models import Kind, Pattern


@pytest.fixture(scope="module")
def safety() -> SafetyData:
    return load_safety(Path(DEFAULT_CONTENT_DIR))


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


def test_every_phrase_finds_itself(safety: SafetyData) -> None:
    """A phrase written plainly (a * word as its stem, no gap) always matches its own group."""
    for phrase_set in safety.phrase_sets.values():
        for group in phrase_set.groups:
            for pattern in group.patterns:
                text = " ".join(w.rstrip("*") for w in pattern.words if w != "...")
                kinds = {m.kind: m for m in scan(text, [phrase_set])}
                assert group.kind in kinds or (
                    # An emergency answer comes first; an out-of-scope one is then not given.
                    group.kind is Kind.OUT_OF_SCOPE and kinds
                ), pattern.text
                if group.kind in kinds:
                    assert group in kinds[group.kind].groups, pattern.text


@settings(deadline=None)
@given(
    before=st.text(alphabet="abcdefghij ,.!?", max_size=30),
    after=st.text(alphabet="abcdefghij ,.!?", max_size=30),
    shout=st.booleans(),
)
def test_an_emergency_phrase_inside_any_message_is_found(
    safety: SafetyData, before: str, after: str, shout: bool
) -> None:
    data = safety
    core = "I can't breathe" if not shout else "I CAN'T BREATHE!!!"
    matches = scan(f"{before} {core} {after}", data.phrase_sets.values())
    assert matches
    assert matches[0].kind is Kind.EMERGENCY
