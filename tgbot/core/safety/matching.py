"""Finding phrase groups in a message: exact words after normalising, never a fuzzy score.

Misspellings are listed in the content as phrases of their own, so a match never depends on a
similarity threshold that could let an emergency through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tgbot.core.content.wording import fold
from tgbot.core.safety.models import Kind, Pattern, PhraseGroup, PhraseSet

GAP = "..."
GAP_WORDS = 4
MAX_WORDS = 200
"""Longer messages are scanned in their first 200 words: they say what matters early."""
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> tuple[str, ...]:
    """Lower-case words of any script: accents dropped (é -> e, ё -> е), apostrophes removed
    ("can't" -> "cant"), every other mark a word break."""
    return tuple(word for word in _NOT_WORD.split(fold(text)) if word)


def pattern_words(phrase: str) -> tuple[str, ...]:
    """A phrase of the content as pattern words: normalised, keeping * and ... ."""
    words: list[str] = []
    for raw in phrase.split():
        if raw == GAP:
            words.append(GAP)
            continue
        star = raw.endswith("*")
        parts = normalise(raw.rstrip("*"))
        words.extend(parts)
        if star and parts:
            words[-1] += "*"
    return tuple(words)


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _matches_at(pattern: tuple[str, ...], words: tuple[str, ...], at: int) -> bool:
    if not pattern:
        return True
    head, rest = pattern[0], pattern[1:]
    if head == GAP:
        return any(_matches_at(rest, words, at + skip) for skip in range(GAP_WORDS + 1))
    return at < len(words) and _word_matches(head, words[at]) and _matches_at(rest, words, at + 1)


def pattern_found(pattern: Pattern, words: tuple[str, ...]) -> bool:
    return any(_matches_at(pattern.words, words, start) for start in range(len(words)))


@dataclass(frozen=True)
class Match:
    kind: Kind
    groups: tuple[PhraseGroup, ...]
    """Every group of that kind found, in file order."""
    phrase_set: PhraseSet


def scan(text: str, phrase_sets: Iterable[PhraseSet]) -> list[Match]:
    """Each kind found in the text, emergency first, then crisis, then out of scope; every
    language's phrases are tried (over-matching is cheaper than missing)."""
    words = normalise(text)[:MAX_WORDS]
    found: list[Match] = []
    for kind in Kind:
        for phrase_set in phrase_sets:
            groups = tuple(
                group
                for group in phrase_set.groups
                if group.kind is kind and any(pattern_found(p, words) for p in group.patterns)
            )
            if groups:
                found.append(Match(kind, groups, phrase_set))
                break
    return found
