"""Every language's concept lists compiled once into one index, read in one pass per message.

Reading a message first tells, for each word, which elements of the lists it is (a word in
any of its forms, a word start, a word end, a number): one lookup per reading of the word.
Entries are indexed by their first element and, within that, by their second, so only the
entries that can start at a word, followed by what comes next, are checked. What a word's
elements start is merged once per distinct word and remembered, so a word seen before costs
one dictionary lookup, and what may follow it is one intersection of two sets. The cost
grows with the message, not with the lists; building the index is one pass over the forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    """What must follow the words already matched by the index."""
    gapless: bool
    """No ``...`` in ``rest``: checked word by word, without backtracking."""


def _candidate(language: str, concept: str, rest: tuple[Element, ...]) -> _Candidate:
    gapless = not rest or all(e.kind is not Kind.GAP for e in rest)
    return _Candidate(language, concept, rest, gapless)


@dataclass(slots=True)
class _Bucket:
    """The entries that start with one element: one-element entries, longer ones by their
    second element, and those that go on after a gap by the element after it ("face ...
    droop": by "droop", found within a few words)."""

    singles: list[_Candidate] = field(default_factory=list)
    by_second: dict[Element, list[_Candidate]] = field(default_factory=dict)
    after_gap: dict[Element, list[_Candidate]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Here:
    """What a word with given readings can start: the index's buckets of its elements merged
    once, so a message pays one lookup per word."""

    elements: frozenset[Element]
    singles: tuple[tuple[str, str], ...]
    """(language, concept) of the one-word entries it is."""
    by_second: dict[Element, tuple[_Candidate, ...]]
    seconds: frozenset[Element]
    """The keys of ``by_second``: intersected with the next word's elements in C."""
    after_gap: dict[Element, tuple[_Candidate, ...]]
    after_gaps: frozenset[Element]


_NOTHING = _Here(frozenset(), (), {}, frozenset(), {}, frozenset())
_Starts = tuple[
    tuple[tuple[str, str], ...],
    dict[Element, tuple[_Candidate, ...]],
    frozenset[Element],
    dict[Element, tuple[_Candidate, ...]],
    frozenset[Element],
]
"""What a set of elements starts: the fields of :class:`_Here` after ``elements``."""
_KNOWN_CAP = 100_000
"""Words whose elements are remembered; past it the memory starts afresh."""


class Matcher:
    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self._buckets: dict[Element, _Bucket] = {}
        self._rank = {lexicon.language: rank for rank, lexicon in enumerate(lexicons)}
        own: dict[Element, Element] = {}
        """A lexicon's element -> the index's copy without its forms: the index alone says
        which elements a word is, so the forms (120,000 strings in 11,000 sets) are kept
        once, as the keys of ``_forms``, not a second time in every element."""
        for lexicon in lexicons:
            entries: list[tuple[str, Entry]] = [
                (concept, entry) for concept, all_ in lexicon.concepts.items() for entry in all_
            ]
            entries += [(IDIOMS, idiom.entry) for idiom in lexicon.idioms]
            for concept, entry in entries:
                elements = tuple(_own(element, own) for element in entry.elements)
                self._add(lexicon.language, concept, elements)
        forms: dict[str, list[Element]] = {}
        self._starts: dict[str, list[Element]] = {}
        self._ends: dict[str, list[Element]] = {}
        self._numbers: list[Element] = []
        for original, element in own.items():
            if element.kind is Kind.WORD:
                for form in original.forms:  # 180,000 forms: no new list per form
                    known = forms.get(form)
                    if known is None:
                        forms[form] = [element]
                    else:
                        known.append(element)
            elif element.kind is Kind.PREFIX:
                self._starts.setdefault(element.text, []).append(element)
            elif element.kind is Kind.SUFFIX:
                self._ends.setdefault(element.text, []).append(element)
            elif element.kind is Kind.NUMBER:
                self._numbers.append(element)
        # Most forms are of one word, and the forms of a word share one tuple.
        shared: dict[tuple[Element, ...], tuple[Element, ...]] = {}
        self._forms = {
            form: shared.setdefault(tuple(found), tuple(found)) for form, found in forms.items()
        }
        self._start_lengths = sorted({len(key) for key in self._starts})
        self._end_lengths = sorted({len(key) for key in self._ends})
        self._known: dict[frozenset[str], _Here] = {}
        self._merged: dict[frozenset[Element], _Starts] = {}

    def __getstate__(self) -> dict[str, object]:
        """Saved without the memory of words read (tgbot/core/library_cache.py)."""
        return {**self.__dict__, "_known": {}, "_merged": {}}

    def _add(self, language: str, concept: str, elements: tuple[Element, ...]) -> None:
        first = elements[0]
        bucket = self._buckets.get(first)
        if bucket is None:
            bucket = self._buckets[first] = _Bucket()
        if len(elements) == 1:
            bucket.singles.append(_candidate(language, concept, ()))
        elif elements[1].kind is Kind.GAP:
            # A gap is never last, and "... ..." is one longer gap: take the first word after.
            rest = elements[2:]
            while rest[0].kind is Kind.GAP:
                rest = rest[1:]
            after = _candidate(language, concept, rest[1:])
            bucket.after_gap.setdefault(rest[0], []).append(after)
        else:
            second = elements[1]
            after = _candidate(language, concept, elements[2:])
            bucket.by_second.setdefault(second, []).append(after)

    def forget(self) -> None:
        self._known.clear()
        self._merged.clear()

    def elements(self, keys: frozenset[str]) -> frozenset[Element]:
        """The elements of the lists a word with these readings is."""
        return self._here(keys).elements

    def _here(self, keys: frozenset[str]) -> _Here:
        """Remembered: the same words come back in every message."""
        known = self._known.get(keys)
        if known is None:
            if len(self._known) >= _KNOWN_CAP:
                self._known.clear()
                self._merged.clear()
            known = self._known[keys] = self._merge(frozenset(self._look_up(keys)))
        return known

    def _merge(self, elements: frozenset[Element]) -> _Here:
        if not elements:
            return _NOTHING
        # Words of the same elements that start entries ("pain", "pains", "painful") share
        # one merge: a message of words never seen before pays it once per kind of word.
        starting = frozenset(e for e in elements if e in self._buckets)
        merged = self._merged.get(starting)
        if merged is None:
            merged = self._merged[starting] = self._merge_buckets(starting)
        return _Here(elements, *merged)

    def _merge_buckets(self, starting: frozenset[Element]) -> _Starts:
        singles: dict[tuple[str, str], None] = {}
        by_second: dict[Element, list[_Candidate]] = {}
        after_gap: dict[Element, list[_Candidate]] = {}
        for element in starting:
            bucket = self._buckets[element]
            singles.update(dict.fromkeys((c.language, c.concept) for c in bucket.singles))
            for merged, part in ((by_second, bucket.by_second), (after_gap, bucket.after_gap)):
                for key, candidates in part.items():
                    merged.setdefault(key, []).extend(candidates)
        return (
            tuple(singles),
            {key: tuple(candidates) for key, candidates in by_second.items()},
            frozenset(by_second),
            {key: tuple(candidates) for key, candidates in after_gap.items()},
            frozenset(after_gap),
        )

    def _look_up(self, keys: frozenset[str]) -> set[Element]:
        out: set[Element] = set()
        for key in keys:
            out.update(self._forms.get(key, ()))
            if key.isdigit():
                out.update(self._numbers)
            size = len(key)
            for length in self._start_lengths:
                if length > size:
                    break
                out.update(self._starts.get(key[:length], ()))
            for length in self._end_lengths:
                if length > size:
                    break
                out.update(self._ends.get(key[size - length :], ()))
        return out

    def find(self, words: Sequence[Word]) -> list[Found]:
        """Every concept entry found, in every language: by first word, then last word,
        then language (in the order of the lexicons), then concept."""
        found: list[Found] = []
        seen: set[tuple[str, str, int, int]] = set()
        known = self._known  # a lookup per word; the method only for a word not seen yet
        here = [known.get(word.keys) or self._here(word.keys) for word in words]
        size = len(words)

        def take(candidates: tuple[_Candidate, ...], start: int, last: int) -> None:
            for candidate in candidates:
                end = _end(candidate, here, last)
                if end < 0:
                    continue
                spot = (candidate.language, candidate.concept, start, end)
                if spot not in seen:
                    seen.add(spot)
                    found.append(Found(candidate.language, candidate.concept, start, end))

        for at, starts in enumerate(here):
            if starts is _NOTHING:
                continue
            for language, concept in starts.singles:
                found.append(Found(language, concept, at, at))
            if starts.seconds and at + 1 < size:
                for element in starts.seconds & here[at + 1].elements:
                    take(starts.by_second[element], at, at + 1)
            if starts.after_gaps:
                for then in range(at + 1, min(size, at + 2 + GAP_WORDS)):
                    for element in starts.after_gaps & here[then].elements:
                        take(starts.after_gap[element], at, then)
        # In one order whatever the order of the sets above (elements hash by identity):
        # the same message gets the same reading in every run.
        rank = self._rank
        found.sort(key=lambda f: (f.start, f.end, rank[f.language], f.concept))
        return found


def _own(element: Element, own: dict[Element, Element]) -> Element:
    made = own.get(element)
    if made is None:
        # Its forms stay out: ``matches`` is never asked of the index's elements.
        made = own[element] = Element(element.kind, element.text)
    return made


def _end(candidate: _Candidate, here: Sequence[_Here], last: int) -> int:
    """The index of the entry's last word, the words up to ``last`` matched; -1 if not."""
    rest = candidate.rest
    if not rest:
        return last
    if not candidate.gapless:
        return _rest_matches(rest, here, last + 1, last)
    end = last + len(rest)
    if end >= len(here):
        return -1
    for offset, element in enumerate(rest, start=last + 1):
        if element not in here[offset].elements:
            return -1
    return end


def _rest_matches(rest: tuple[Element, ...], here: Sequence[_Here], at: int, last: int) -> int:
    """The index of the entry's last word when ``rest`` matches from ``at``; -1 if not."""
    if not rest:
        return last
    head, tail = rest[0], rest[1:]
    if head.kind is Kind.GAP:
        for skip in range(GAP_WORDS + 1):
            end = _rest_matches(tail, here, at + skip, last)
            if end >= 0:
                return end
        return -1
    if at >= len(here) or head not in here[at].elements:
        return -1
    return _rest_matches(tail, here, at + 1, at)
