"""Reading typed text against the question asked now: which answers it names."""

from __future__ import annotations

import pytest

from tgbot.core.content import ContentStore
from tgbot.core.knowledge import Library
from tgbot.core.triage import Flow
from tgbot.core.triage.length import most_questions
from tgbot.core.triage.typed import question_heading, typed_options


@pytest.fixture(scope="module")
def content(library: Library) -> ContentStore:
    """The English of the run's library (tests/conftest.py): loaded once per test process."""
    return library.english.content


@pytest.mark.parametrize(
    ("question_id", "text", "options"),
    [
        # Every word of a label in the text: the surest reading.
        ("location", "Eyelid", ("eyelid",)),
        ("duration", "less than a week", ("days",)),
        # The phrasings content lists, a time said included.
        ("location", "under my eye", ("eyelid",)),
        ("location", "my cheek", ("face",)),
        ("duration", "about 3 weeks now", ("over_two_weeks",)),
        ("duration", "for months", ("months_on_off",)),
        ("triggers", "too much coffee", ("caffeine",)),
        # Every word of the text in a label, typos forgiven.
        ("location", "eyelidd", ("eyelid",)),
        ("location", "thumb", ("thumb_hand",)),
        ("symptoms", "none", ("none",)),
        ("already_checked", "yes", ("yes_unchanged",)),
        ("already_checked", "no", ("not_checked",)),
        ("duration", "weeks", ("days", "one_two_weeks", "over_two_weeks")),
        # Nothing named.
        ("location", "hello", ()),
        ("location", "what does this mean?", ()),
        ("duration", "", ()),
        ("location", "👍", ()),
    ],
)
def test_typed_options(
    content: ContentStore, twitch: Flow, question_id: str, text: str, options: tuple[str, ...]
) -> None:
    question = twitch.question(question_id)
    assert question is not None
    assert typed_options(question, text, content.questions["twitch"], content.wording) == options


def test_a_loose_reading_never_offers_an_emergency_sign(content: ContentStore, spasm: Flow) -> None:
    signs = spasm.question("emergency_signs")
    assert signs is not None
    assert typed_options(signs, "leg", content.questions["spasm"], content.wording) == ()
    assert typed_options(signs, "none", content.questions["spasm"], content.wording) == ("none",)


def test_without_phrasings_the_labels_still_count(content: ContentStore, twitch: Flow) -> None:
    question = twitch.question("location")
    assert question is not None
    assert typed_options(question, "my calf", None, content.wording) == ("calf",)
    assert typed_options(question, "under my eye", None, content.wording) == ()


def test_the_heading_is_the_questions_first_line(twitch: Flow) -> None:
    question = twitch.question("already_checked")
    assert question is not None
    assert question_heading(question) == "Has a doctor already checked this twitch?"


def test_most_questions_is_the_longest_path(twitch: Flow, spasm: Flow) -> None:
    assert most_questions(twitch) == twitch.most_questions == 6
    assert most_questions(spasm) == spasm.most_questions == 9
    assert twitch.most_questions < len(twitch.questions), "two questions exclude each other"
