"""Finding phrase groups in a message: exact words after normalising, never a fuzzy score.

Misspellings are listed in the content as phrases of their own, so a match never depends on a
similarity threshold that could let an emergency through. Each phrase set's patterns are
indexed by their first word when it is made (models.index_phrases): a message is read once,
and at each word only the patterns that start with it are tried.
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


def groups_found(phrase_set: PhraseSet, words: tuple[str, ...]) -> set[int]:
    """The indexes of the set's groups that one of their patterns finds in the words."""
    index = phrase_set.index
    found: set[int] = set()
    for at, word in enumerate(words):
        candidates = [index.exact.get(word, ())]
        for length in index.start_lengths:
            if length > len(word):
                break
            candidates.append(index.starts.get(word[:length], ()))
        for group, pattern in (c for some in candidates for c in some):
            if group not in found and _matches_at(pattern.words, words, at):
                found.add(group)
    return found


def scan(text: str, phrase_sets: Iterable[PhraseSet]) -> list[Match]:
    """Each kind found in the text, emergency first, then crisis, then out of scope; every
    language's phrases are tried (over-matching is cheaper than missing)."""
    words = normalise(text)[:MAX_WORDS]
    sets = [(phrase_set, groups_found(phrase_set, words)) for phrase_set in phrase_sets]
    found: list[Match] = []
    for kind in Kind:
        for phrase_set, hits in sets:
            groups = tuple(
                group
                for index, group in enumerate(phrase_set.groups)
                if index in hits and group.kind is kind
            )
            if groups:
                found.append(Match(kind, groups, phrase_set))
                break
    return found
