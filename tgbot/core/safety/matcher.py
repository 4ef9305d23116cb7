"""Every language's concept lists compiled once into one index, read in one pass per message.

Each entry is indexed by its first element: a word by each of its forms, a word start or end
by itself. Reading a message looks each word's readings up (and their starts and ends, for
the lengths that some entry uses), then checks the rest of each candidate entry from there.
The cost grows with the message, not with the lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tgbot.core.safety.lexicon import GAP_WORDS, IDIOMS, Element, Kind, Lexicon
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
    """What must follow the words already matched by the index."""
    gapless: bool
    """No ``...`` in ``rest``: checked word by word, without backtracking."""


@dataclass(slots=True)
class _Bucket:
    """The entries whose first element takes one key: one-word entries; longer ones by each
    form of their second word (so "not responding" is tried only before "responding"); and
    those whose second element is not a plain word."""

    singles: list[_Candidate] = field(default_factory=list)
    by_second: dict[str, list[_Candidate]] = field(default_factory=dict)
    others: list[_Candidate] = field(default_factory=list)

    def add(self, candidate: _Candidate) -> None:
        if not candidate.rest:
            self.singles.append(candidate)
            return
        second = candidate.rest[0]
        if second.kind is not Kind.WORD:
            self.others.append(candidate)
            return
        after = _candidate(candidate.language, candidate.concept, candidate.rest[1:])
        for form in second.forms:
            self.by_second.setdefault(form, []).append(after)


def _candidate(language: str, concept: str, rest: tuple[Element, ...]) -> _Candidate:
    return _Candidate(language, concept, rest, all(e.kind is not Kind.GAP for e in rest))


class Matcher:
    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        # One bucket per distinct first element (many entries share "not" or "my"), reached
        # from each of its forms: the index grows with the forms, not forms times entries.
        buckets: dict[Element, _Bucket] = {}
        for lexicon in lexicons:
            entries = [(c, e) for c, es in lexicon.concepts.items() for e in es]
            entries += [(IDIOMS, idiom.entry) for idiom in lexicon.idioms]
            for concept, entry in entries:
                first, rest = entry.elements[0], entry.elements[1:]
                buckets.setdefault(first, _Bucket()).add(
                    _candidate(lexicon.language, concept, rest)
                )
        self._words: dict[str, list[_Bucket]] = {}
        self._starts: dict[str, list[_Bucket]] = {}
        self._ends: dict[str, list[_Bucket]] = {}
        self._numbers: list[_Bucket] = []
        for first, bucket in buckets.items():
            if first.kind is Kind.WORD:
                for form in first.forms:
                    self._words.setdefault(form, []).append(bucket)
            elif first.kind is Kind.PREFIX:
                self._starts.setdefault(first.text, []).append(bucket)
            elif first.kind is Kind.NUMBER:
                self._numbers.append(bucket)
            else:
                self._ends.setdefault(first.text, []).append(bucket)
        self._start_lengths = sorted({len(key) for key in self._starts})
        self._end_lengths = sorted({len(key) for key in self._ends})

    def find(self, words: Sequence[Word]) -> list[Found]:
        """Every concept entry found, in every language, in word order."""
        found: list[Found] = []
        seen: set[tuple[str, str, int, int]] = set()
        size = len(words)
        for at, word in enumerate(words):
            following = words[at + 1].keys if at + 1 < size else frozenset()
            for bucket in self._buckets(word.keys):
                tries = [(c, at) for c in bucket.singles]
                tries += ((c, at) for c in bucket.others)
                for second in following:
                    tries += ((c, at + 1) for c in bucket.by_second.get(second, ()))
                for candidate, last in tries:
                    end = _end(candidate, words, last)
                    if end < 0:
                        continue
                    spot = (candidate.language, candidate.concept, at, end)
                    if spot not in seen:
                        seen.add(spot)
                        found.append(Found(candidate.language, candidate.concept, at, end))
        return found

    def _buckets(self, keys: frozenset[str]) -> list[_Bucket]:
        out: list[_Bucket] = []
        for key in keys:
            out += self._words.get(key, ())
            if key.isdigit():
                out += self._numbers
            size = len(key)
            for length in self._start_lengths:
                if length > size:
                    break
                out += self._starts.get(key[:length], ())
            for length in self._end_lengths:
                if length > size:
                    break
                out += self._ends.get(key[size - length :], ())
        if len(keys) > 1 and len(out) > 1:
            out = list({id(b): b for b in out}.values())
        return out


def _end(candidate: _Candidate, words: Sequence[Word], last: int) -> int:
    """The index of the entry's last word, the words up to ``last`` matched; -1 if not."""
    rest = candidate.rest
    if not rest:
        return last
    if not candidate.gapless:
        return _rest_matches(rest, words, last + 1, last)
    end = last + len(rest)
    if end >= len(words):
        return -1
    for offset, element in enumerate(rest, start=last + 1):
        if not element.matches(words[offset].keys):
            return -1
    return end


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
