"""Routing plain text to a topic: synonyms, typos, and staying quiet about unrelated text."""

from __future__ import annotations

import time

import pytest

from tgbot.core.content import ContentStore, match_topic
from tgbot.core.content.matching import words


@pytest.mark.parametrize(
    "text",
    [
        "my eyelid keeps twitching",
        "eyelid twiching",
        "Twitching eye for 3 days",
        "my eye lid is jumping",
        "twiching thumb",
        "fasciculations in both calves",
        "do I have ALS?",
        "eyelid spasm",
        "My muscles jump all day",
        "MY CALF TWITCHES",
    ],
)
def test_twitch_texts(store: ContentStore, text: str) -> None:
    assert match_topic(store, text) == "twitch"


@pytest.mark.parametrize(
    "text",
    [
        "calf cramp at night",
        "spasm in my back",
        "musle cramp",
        "leg cramps wake me up",
        "charlie horse in my leg",
        "my back seized up",
        "Muscle spasms in neck",
        "crampy calves after running",
        "I get a cramp when I swim",
    ],
)
def test_spasm_texts(store: ContentStore, text: str) -> None:
    assert match_topic(store, text) == "spasm"


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "what's the weather",
        "",
        "!!!",
        "I went to camp",
        "she is a witch",
        "spam email",
        "switch off the light",
        "I have a headache",
        "my muscles hurt",
        # Both topics equally: the bot asks instead of guessing.
        "my calf twitches and cramps",
    ],
)
def test_unrelated_or_unclear_texts(store: ContentStore, text: str) -> None:
    assert match_topic(store, text) is None


def test_words_fold_case_accents_and_apostrophes() -> None:
    assert words("What's MY Éyelid doing?!") == ("whats", "my", "eyelid", "doing")


def test_matching_is_fast_even_for_long_messages(store: ContentStore) -> None:
    long_text = "my eyelid keeps twitching and I am worried about it " * 50
    start = time.perf_counter()
    for _ in range(100):
        assert match_topic(store, long_text) == "twitch"
    assert time.perf_counter() - start < 2.0
