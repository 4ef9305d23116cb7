"""Routing free text ("my eyelid keeps twiching") to a topic by fuzzy-matching its synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tgbot.core.content.models import Topic

# Long messages say what they are about early on; capping keeps the cost per message flat.
MAX_WORDS = 40
# Real words one typo away from a synonym ("witch" ~ "twitch", "spam" ~ "spasm"): never a typo.
LOOKALIKE_WORDS = frozenset({"witch", "witches", "spam", "camp", "cram", "clamp", "twitter"})
_WORD = re.compile(r"[a-z]+")


def words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words; apostrophes dropped so "what's" stays one word."""
    folded = unicodedata.normalize("NFKD", text.casefold()).replace("'", "").replace("’", "")
    return tuple(_WORD.findall(folded.encode("ascii", "ignore").decode()))


def normalize_phrase(text: str) -> str:
    return " ".join(words(text))


def _min_score(window: str) -> float:
    # Short words leave no room for typos: one wrong letter in four is another word.
    if len(window) <= 4:
        return 100.0
    return 90.0 if len(window) <= 6 else 85.0


@dataclass(frozen=True)
class TopicMatcher:
    phrases: tuple[str, ...]
    topic_ids: tuple[str, ...]  # topic_ids[i] owns phrases[i]
    longest: int  # words in the longest phrase

    @classmethod
    def build(cls, topics: Mapping[str, Topic]) -> TopicMatcher:
        pairs = [
            (normalize_phrase(synonym), topic.id)
            for topic in topics.values()
            for synonym in topic.synonyms
        ]
        longest = max((len(phrase.split()) for phrase, _ in pairs), default=0)
        return cls(tuple(p for p, _ in pairs), tuple(t for _, t in pairs), longest)

    def match(self, text: str) -> str | None:
        """The topic whose synonyms cover the most words of `text`; None when none match or
        two topics tie (the bot then asks which one)."""
        tokens = words(text)[:MAX_WORDS]
        covered: dict[str, set[int]] = {}
        for size in range(1, self.longest + 1):
            for start in range(len(tokens) - size + 1):
                if size == 1 and tokens[start] in LOOKALIKE_WORDS:
                    continue
                window = " ".join(tokens[start : start + size])
                best = process.extractOne(
                    window, self.phrases, scorer=fuzz.ratio, score_cutoff=_min_score(window)
                )
                if best is not None:
                    topic_id = self.topic_ids[best[2]]
                    covered.setdefault(topic_id, set()).update(range(start, start + size))
        ranked = sorted(covered.items(), key=lambda item: len(item[1]), reverse=True)
        if not ranked or (len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1])):
            return None
        return ranked[0][0]


SMALL_TALK = ("greeting", "thanks", "goodbye", "help")


def small_talk(messages: Mapping[str, str], text: str) -> str | None:
    """ "hi", "thanks", "bye": the whole message, folded, is one of the listed ways to say it
    (never a part of a longer message, which may describe a symptom)."""
    said = normalize_phrase(text)
    for kind in SMALL_TALK:
        if said in {normalize_phrase(p) for p in messages[f"{kind}_phrases"].split("|")}:
            return kind
    return None
