"""Every language's concept lists compiled once into one index, read in one pass per message.

Each entry is indexed by its first element: a word by each of its forms, a word start or end
by itself. Reading a message looks each word's readings up (and their starts and ends, for
the lengths that some entry uses), then checks the rest of each candidate entry from there.
The cost grows with the message, not with the lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tgbot.core.safety.lexicon import GAP_WORDS, IDIOMS, Element, Entry, Kind, Lexicon
from tgbot.core.safety.text import Word


@dataclass(frozen=True, slots=True)
class Found:
    """A concept's words found in a message, in one language."""

    language: str
    concept: str
    start: int
    end: int
    """Index of the last word (inclusive)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    language: str
    concept: str
    rest: tuple[Element, ...]


class Matcher:
    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self._words: dict[str, list[_Candidate]] = {}
        self._starts: dict[str, list[_Candidate]] = {}
        self._ends: dict[str, list[_Candidate]] = {}
        self._numbers: list[_Candidate] = []
        for lexicon in lexicons:
            for concept, entries in lexicon.concepts.items():
                for entry in entries:
                    self._add(lexicon.language, concept, entry)
            for idiom in lexicon.idioms:
                self._add(lexicon.language, IDIOMS, idiom.entry)
        self._start_lengths = sorted({len(key) for key in self._starts})
        self._end_lengths = sorted({len(key) for key in self._ends})

    def _add(self, language: str, concept: str, entry: Entry) -> None:
        first, rest = entry.elements[0], entry.elements[1:]
        candidate = _Candidate(language, concept, rest)
        if first.kind is Kind.WORD:
            for form in first.forms:
                self._words.setdefault(form, []).append(candidate)
        elif first.kind is Kind.PREFIX:
            self._starts.setdefault(first.text, []).append(candidate)
        elif first.kind is Kind.NUMBER:
            self._numbers.append(candidate)
        else:
            self._ends.setdefault(first.text, []).append(candidate)

    def find(self, words: Sequence[Word]) -> list[Found]:
        """Every concept entry found, in every language, in word order."""
        found: list[Found] = []
        seen: set[tuple[str, str, int, int]] = set()
        for at, word in enumerate(words):
            for candidate in self._candidates(word.keys):
                end = _rest_matches(candidate.rest, words, at + 1, at)
                if end < 0:
                    continue
                key = (candidate.language, candidate.concept, at, end)
                if key not in seen:
                    seen.add(key)
                    found.append(Found(candidate.language, candidate.concept, at, end))
        return found

    def _candidates(self, keys: frozenset[str]) -> list[_Candidate]:
        out: list[_Candidate] = []
        for key in keys:
            out.extend(self._words.get(key, ()))
            if key.isdigit():
                out.extend(self._numbers)
            size = len(key)
            for length in self._start_lengths:
                if length > size:
                    break
                out.extend(self._starts.get(key[:length], ()))
            for length in self._end_lengths:
                if length > size:
                    break
                out.extend(self._ends.get(key[size - length :], ()))
        if len(keys) > 1:
            out = list({id(c): c for c in out}.values())
        return out


def _rest_matches(rest: tuple[Element, ...], words: Sequence[Word], at: int, last: int) -> int:
    """The index of the entry's last word when ``rest`` matches from ``at``; -1 if not."""
    if not rest:
        return last
    head, tail = rest[0], rest[1:]
    if head.kind is Kind.GAP:
        for skip in range(GAP_WORDS + 1):
            end = _rest_matches(tail, words, at + skip, last)
            if end >= 0:
                return end
        return -1
    if at >= len(words) or not head.matches(words[at].keys):
        return -1
    return _rest_matches(tail, words, at + 1, at)
