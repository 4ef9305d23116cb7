"""An American reads American English everywhere, not only in the outcomes: no GP, MND, A&E,
NHS 111 or 999 in any text en-US shows (its own or inherited), sources' names aside."""

from __future__ import annotations

import re

from tgbot.core.knowledge import Library

BRITISH = [r"\bGP\b", r"\bGPs\b", r"\bMND\b", r"A&E", r"\bNHS\b", r"\b111\b", r"\b999\b"]


def shown_texts(library: Library, language: str) -> str:
    knowledge = library.get(language)
    content = knowledge.content
    parts = [
        repr(dict(content.messages)),
        repr(content.questions),
        repr({topic_id: topic.sections for topic_id, topic in content.topics.items()}),
        repr({topic_id: topic.tips for topic_id, topic in content.topics.items()}),
        repr(knowledge.triage.flows),
    ]
    return "\n".join(parts)


def test_american_english_says_no_british_service_or_term(library: Library) -> None:
    texts = shown_texts(library, "en-US")
    found = {word: re.findall(rf".{{0,60}}{word}.{{0,30}}", texts) for word in BRITISH}
    assert {word: hits for word, hits in found.items() if hits} == {}
    # The same scan finds them in British English, so it reads the texts it should.
    british = shown_texts(library, "en")
    assert re.search(r"\bGP\b", british)
    assert re.search(r"\bMND\b", british)
