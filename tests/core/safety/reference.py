"""The safety net as it read messages before it was compiled into one index: the reference
that tests/core/safety/test_compiled.py holds the compiled net to.

Written for being obviously right, not fast: every entry of every language is tried at every
word, every phrase at every word, every negation against every found word. Only the test
package uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tgbot.core.safety.lexicon import GAP_WORDS, IDIOMS, Element, Entry, Kind, Lexicon
from tgbot.core.safety.matcher import Found
from tgbot.core.safety.matching import GAP, MAX_WORDS, Match, normalise
from tgbot.core.safety.models import Kind as PhraseKind
from tgbot.core.safety.models import Pattern, PhraseSet
from tgbot.core.safety.net import (
    NEGATION_REACH,
    Reading,
    SafetyNet,
    describes_the_writer,
    parts,
)
from tgbot.core.safety.rules import (
    CONTRAST,
    MYSELF,
    NEGATION,
    NOW_TURN,
    SELF_DESCRIBED,
    SOMEONE,
    Answer,
    Rule,
)
from tgbot.core.safety.text import Word

_STRUCTURE = frozenset({NEGATION, CONTRAST, SOMEONE, MYSELF, NOW_TURN, SELF_DESCRIBED, IDIOMS})

# ------------------------------------------------------------------ concepts


def find(lexicons: Sequence[Lexicon], words: Sequence[Word]) -> list[Found]:
    """Every entry of every list tried at every word. Where an entry reads from: its first
    gap lets every word within reach that is the next element go on; a later gap takes the
    nearest one (as the lists have always been read)."""
    at_key: dict[str, list[int]] = {}
    for at, word in enumerate(words):
        for key in word.keys:
            at_key.setdefault(key, []).append(at)
    found: set[tuple[str, str, int, int]] = set()
    # Where each first element matches, found once per message: the lists share one element
    # per word (a part like "cramp*" starts many entries).
    starts_of: dict[Element, list[int]] = {}
    for lexicon in lexicons:
        for concept, entry in _Entries.of(lexicon).that_could_be_in(at_key.keys()):
            first = entry.elements[0]
            starts = starts_of.get(first)
            if starts is None and first.kind is Kind.WORD:  # only where one of its forms is
                starts = sorted({at for form in first.forms & at_key.keys() for at in at_key[form]})
            elif starts is None:
                starts = [at for at, word in enumerate(words) if first.matches(word.keys)]
            starts_of[first] = starts
            for start in starts:
                for end in _ends(entry.elements, words, start):
                    found.add((lexicon.language, concept, start, end))
    rank = {lexicon.language: n for n, lexicon in enumerate(lexicons)}
    ordered = sorted(found, key=lambda f: (f[2], f[3], rank[f[0]], f[1]))
    return [Found(*spot) for spot in ordered]


@dataclass
class _Entries:
    """A list's entries, and which of them a message's words could be: an entry with a word
    (not a word part or a number) needs one of its forms among the message's readings."""

    entries: list[tuple[str, Entry]]
    with_form: dict[str, list[int]]
    without_words: list[int]

    @classmethod
    def of(cls, lexicon: Lexicon) -> _Entries:
        known = _KNOWN.get(id(lexicon))
        if known is not None and known[0] is lexicon:
            return known[1]
        entries = [(c, e) for c, all_ in lexicon.concepts.items() for e in all_]
        entries += [(IDIOMS, idiom.entry) for idiom in lexicon.idioms]
        made = cls(entries, {}, [])
        for n, (_, entry) in enumerate(entries):
            word = next((e for e in entry.elements if e.kind is Kind.WORD), None)
            if word is None:
                made.without_words.append(n)
            for form in word.forms if word is not None else ():
                made.with_form.setdefault(form, []).append(n)
        _KNOWN[id(lexicon)] = (lexicon, made)
        return made

    def that_could_be_in(self, keys: Iterable[str]) -> list[tuple[str, Entry]]:
        chosen = set(self.without_words)
        for key in keys:
            chosen.update(self.with_form.get(key, ()))
        return [self.entries[n] for n in sorted(chosen)]


_KNOWN: dict[int, tuple[Lexicon, _Entries]] = {}


def _ends(elements: tuple[Element, ...], words: Sequence[Word], start: int) -> list[int]:
    if not elements[0].matches(words[start].keys):
        return []
    if len(elements) == 1:
        return [start]
    if elements[1].kind is not Kind.GAP:
        end = _first_end(elements[1:], words, start + 1, start)
        return [end] if end >= 0 else []
    rest = elements[1:]
    while rest[0].kind is Kind.GAP:
        rest = rest[1:]
    ends = []
    for then in range(start + 1, min(len(words), start + 2 + GAP_WORDS)):
        if rest[0].matches(words[then].keys):
            end = _first_end(rest[1:], words, then + 1, then)
            if end >= 0:
                ends.append(end)
    return ends


def _first_end(rest: tuple[Element, ...], words: Sequence[Word], at: int, last: int) -> int:
    if not rest:
        return last
    head, tail = rest[0], rest[1:]
    if head.kind is Kind.GAP:
        for skip in range(GAP_WORDS + 1):
            end = _first_end(tail, words, at + skip, last)
            if end >= 0:
                return end
        return -1
    if at >= len(words) or not head.matches(words[at].keys):
        return -1
    return _first_end(tail, words, at + 1, at)


# ------------------------------------------------------------------ out-of-scope phrases


def scan(text: str, phrase_sets: Iterable[PhraseSet]) -> list[Match]:
    """Every pattern of every group tried at every word, once per kind."""
    words = normalise(text)[:MAX_WORDS]
    found: list[Match] = []
    for kind in PhraseKind:
        for phrase_set in phrase_sets:
            groups = tuple(
                group
                for group in phrase_set.groups
                if group.kind is kind and any(_pattern_found(p, words) for p in group.patterns)
            )
            if groups:
                found.append(Match(kind, groups, phrase_set))
                break
    return found


def _pattern_found(pattern: Pattern, words: tuple[str, ...]) -> bool:
    return any(_matches_at(pattern.words, words, start) for start in range(len(words)))


def _matches_at(pattern: tuple[str, ...], words: tuple[str, ...], at: int) -> bool:
    if not pattern:
        return True
    head, rest = pattern[0], pattern[1:]
    if head == GAP:
        return any(_matches_at(rest, words, at + skip) for skip in range(GAP_WORDS + 1))
    if at >= len(words):
        return False
    word = words[at]
    same = word.startswith(head[:-1]) if head.endswith("*") else word == head
    return same and _matches_at(rest, words, at + 1)


# ------------------------------------------------------------------ the reading


def read(
    net: SafetyNet, lexicons: Sequence[Lexicon], words: Sequence[Word], everything: list[Found]
) -> Reading:
    """What the net answers, each rule tried in each language on the words found."""
    by_language: dict[str, list[Found]] = {lexicon.language: [] for lexicon in lexicons}
    for f in everything:
        by_language[f.language].append(f)
    quiet = _silenced(words, everything)
    loud = {
        language: [f for f in found if id(f) not in quiet]
        for language, found in by_language.items()
        if found
    }
    said = {(f.concept, words[f.start].sentence) for found in loud.values() for f in found}
    part = parts(words, [f for found in loud.values() for f in found])
    said_in = {(f.concept, part[f.start]) for found in loud.values() for f in found}
    fired: list[tuple[Rule, tuple[Found, ...]]] = []
    for language, counted in loud.items():
        for rule in net.rules.rules:
            pool = by_language[language] if rule.answer is Answer.CRISIS else counted
            if rule.unless_in_clause:
                pool = [
                    f for f in pool if not any((c, part[f.start]) in said_in for c in rule.unless)
                ]
                hit = _window(rule, pool)
                if hit is not None:
                    fired.append((rule, hit))
                continue
            hit = _window(rule, pool)
            if hit is None:
                continue
            sentences = {words[f.start].sentence for f in hit}
            if not any((c, s) in said for c in rule.unless for s in sentences):
                fired.append((rule, hit))
    order = {rule.id: n for n, rule in enumerate(net.rules.rules)}
    fired.sort(key=lambda pair: order[pair[0].id])
    emergency = tuple(dict.fromkeys(r.group for r, _ in fired if r.answer is Answer.EMERGENCY))
    crises = [(r, hit) for r, hit in fired if r.answer is Answer.CRISIS]
    asks = [r.group for r, _ in fired if r.answer is Answer.ASK]
    about = False
    if crises:
        hit = crises[0][1]
        first = min(f.start for f in hit)
        found = by_language[hit[0].language]
        about = any(
            f.concept == SOMEONE
            and f.start < first
            and words[f.start].sentence == words[first].sentence
            and not describes_the_writer(f, found)
            for f in found
        )
    return Reading(
        emergency=emergency,
        crisis=crises[0][0].group if crises else None,
        crisis_about_someone=about,
        ask=asks[0] if asks and not emergency else None,
        rules=tuple(dict.fromkeys(r.id for r, _ in fired)),
    )


def _silenced(words: Sequence[Word], found: list[Found]) -> set[int]:
    silenced: set[int] = set()
    idioms = [f for f in found if f.concept == IDIOMS]
    for f in found:
        if f.concept != IDIOMS and any(i.start <= f.start and f.end <= i.end for i in idioms):
            silenced.add(id(f))
    others = [f for f in found if f.concept not in _STRUCTURE]
    contrast = {f.start for f in found if f.concept == CONTRAST}
    read_at = {(f.language, f.start) for f in others}
    for negation in (f for f in found if f.concept == NEGATION):
        if any(o.start <= negation.start and negation.end <= o.end for o in others):
            continue
        reach = set()
        for at in range(negation.end + 1, min(len(words), negation.end + 1 + NEGATION_REACH)):
            if words[at].clause != words[negation.start].clause or at in contrast:
                break
            reach.add(at)
        silenced.update(
            id(f)
            for f in found
            if f.start in reach
            and (f.language == negation.language or (negation.language, f.start) in read_at)
        )
    return silenced


@dataclass(frozen=True)
class _Tagged:
    at: int
    item: int
    found: Found


def _window(rule: Rule, found: list[Found]) -> tuple[Found, ...] | None:
    """The first window (by its last word) of ``rule.within`` words holding one distinct
    found word per item of the rule, each window tried in full."""
    tagged = sorted(
        (_Tagged(f.start, n, f) for n, item in enumerate(rule.needs) for f in found
         if f.concept in item),
        key=lambda t: (t.at, t.item),
    )  # fmt: skip
    for right, last in enumerate(tagged):
        window = [t for t in tagged[: right + 1] if t.at >= last.at - (rule.within - 1)]
        picked = _distinct(window, len(rule.needs))
        if picked is not None:
            return picked
    return None


def _distinct(window: list[_Tagged], needed: int) -> tuple[Found, ...] | None:
    options: list[list[Found]] = [[] for _ in range(needed)]
    for t in window:
        options[t.item].append(t.found)

    def fill(chosen: list[Found]) -> list[Found] | None:
        if len(chosen) == needed:
            return chosen
        for f in options[len(chosen)]:
            if all(f is not other for other in chosen):
                done = fill([*chosen, f])
                if done is not None:
                    return done
        return None

    picked = fill([])
    return tuple(picked) if picked is not None else None
