"""Reading a typed message for emergencies and thoughts of suicide: what the bot must answer.

Each language is read on its own (its words, its idioms, its negations), and what any
language finds counts: over-matching is cheaper than missing. Pure and synchronous; one pass
over the message whatever its length (tgbot/core/safety/matcher.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from tgbot.core.safety.lexicon import IDIOMS, Lexicon
from tgbot.core.safety.matcher import Found, Matcher
from tgbot.core.safety.rules import (
    CONTRAST,
    MYSELF,
    NEGATION,
    NOW_TURN,
    SELF_DESCRIBED,
    SOMEONE,
    Answer,
    Rule,
    RuleBook,
)
from tgbot.core.safety.text import Word, forget_readings, read_words

NEGATION_REACH = 6
SELF_REACH = 4
"""Words from the writer's "I'm a" to the person word it names ("I'm a 16 year old girl")."""
_STRUCTURE = frozenset({NEGATION, CONTRAST, SOMEONE, MYSELF, NOW_TURN, SELF_DESCRIBED, IDIOMS})
"""Concepts about who and how, not about what happens: they never make a negation void."""
"""Words after a negation that it denies, within its clause."""


@dataclass(frozen=True)
class Reading:
    emergency: tuple[str, ...] = ()
    """Emergency groups found, in the order of the rules."""
    crisis: str | None = None
    """The crisis group found."""
    crisis_about_someone: bool = False
    """The crisis is about another person ("my son texted me he wants to die")."""
    ask: str | None = None
    """The ask to put when no emergency was found."""
    rules: tuple[str, ...] = field(default=(), compare=False)
    """The ids of every rule that fired (for the evaluation's report)."""

    @property
    def alarmed(self) -> bool:
        return bool(self.emergency or self.crisis or self.ask)


@dataclass(frozen=True)
class _Fired:
    rule: Rule
    found: tuple[Found, ...]


class SafetyNet:
    def __init__(self, rules: RuleBook, lexicons: Sequence[Lexicon]) -> None:
        self.rules = rules
        self.languages = tuple(lexicon.language for lexicon in lexicons)
        self.matcher = Matcher(lexicons)
        self._order = {rule.id: index for index, rule in enumerate(rules.rules)}
        # The rules by the concepts of their first item: a message is tried only against
        # the rules it could fire (a few of 69 for a short one).
        self._by_first: dict[str, list[int]] = {}
        for index, rule in enumerate(rules.rules):
            for concept in rule.needs[0]:
                self._by_first.setdefault(concept, []).append(index)

    def forget_words(self) -> None:
        """Empty the memory of words read (for measuring a first read)."""
        self.matcher.forget()
        forget_readings()

    def read(self, text: str) -> Reading:
        words = read_words(text)
        by_language: dict[str, list[Found]] = {language: [] for language in self.languages}
        everything = self.matcher.find(words)
        for found in everything:
            by_language[found.language].append(found)
        # Negations and idioms count across languages, as the words they silence do: Spanish
        # "no tengo la cara caída" is a negation for the Portuguese reading of "cara caída" too.
        quiet = _silenced(words, everything)
        loud = {
            language: [f for f in found if id(f) not in quiet]
            for language, found in by_language.items()
            if found
        }
        said = _Said(words, loud)
        fired: list[_Fired] = []
        for language, counted in loud.items():
            fired.extend(self._fired(words, by_language[language], counted, said))
        return self._reading(words, fired, by_language)

    def _fired(
        self,
        words: Sequence[Word],
        found: list[Found],
        loud: list[Found],
        said: _Said,
    ) -> list[_Fired]:
        every, counted = _by_concept(found), _by_concept(loud)
        in_every, in_counted = set(every), set(counted)
        out = []
        rules, by_first = self.rules.rules, self._by_first
        for index in sorted({index for concept in every for index in by_first.get(concept, ())}):
            rule = rules[index]
            crisis = rule.answer is Answer.CRISIS
            present = in_every if crisis else in_counted
            if any(item.isdisjoint(present) for item in rule.needs):
                continue  # a concept of the rule is not in the message at all
            if rule.unless_in_clause:
                # Only the words of clauses without a silencer count, and any of them may fire.
                hit = _window(rule, _outside_silenced_clauses(rule, counted, said))
                if hit is not None:
                    out.append(_Fired(rule, hit))
                continue
            hit = _window(rule, every if crisis else counted)
            if hit is None:
                continue
            sentences = {words[f.start].sentence for f in hit}
            if any(
                (concept, sentence) in said.sentences
                for concept in rule.unless
                for sentence in sentences
            ):
                continue
            out.append(_Fired(rule, hit))
        return out

    def _reading(
        self, words: Sequence[Word], fired: list[_Fired], by_language: dict[str, list[Found]]
    ) -> Reading:
        order = self._order
        fired.sort(key=lambda f: order[f.rule.id])
        emergency = tuple(
            dict.fromkeys(f.rule.group for f in fired if f.rule.answer is Answer.EMERGENCY)
        )
        crises = [f for f in fired if f.rule.answer is Answer.CRISIS]
        asks = [f.rule.group for f in fired if f.rule.answer is Answer.ASK]
        crisis = crises[0] if crises else None
        return Reading(
            emergency=emergency,
            crisis=crisis.rule.group if crisis else None,
            crisis_about_someone=crisis is not None and _about_someone(words, crisis, by_language),
            ask=asks[0] if asks and not emergency else None,
            rules=tuple(dict.fromkeys(f.rule.id for f in fired)),
        )


class _Said:
    """The concepts counted in the message, by sentence and by clause: what silences a rule
    ("10 years ago", "a sign of") counts in any language, since a Spanish message can name a
    condition the way English does ("convulsión"). The clauses are worked out only when a rule
    with ``unless_in: clause`` is tried."""

    def __init__(self, words: Sequence[Word], loud: dict[str, list[Found]]) -> None:
        self._words = words
        self._counted = [f for found in loud.values() for f in found]
        self.sentences = {(f.concept, words[f.start].sentence) for f in self._counted}

    @cached_property
    def part(self) -> list[int]:
        return parts(self._words, self._counted)

    @cached_property
    def clauses(self) -> set[tuple[str, int]]:
        """By the part of the message (:func:`parts`), not the clause alone."""
        return {(f.concept, self.part[f.start]) for f in self._counted}


def parts(words: Sequence[Word], found: Sequence[Found]) -> list[int]:
    """For each word, the part of the message it is in: a new part begins at each clause
    break and at each word that turns to now ("my dad had a stroke years ago and *now* he
    cannot move his arm")."""
    turns = {f.start for f in found if f.concept == NOW_TURN}
    numbers: list[int] = []
    number = 0
    for at, word in enumerate(words):
        if at and (word.clause != words[at - 1].clause or at in turns):
            number += 1
        numbers.append(number)
    return numbers


def _outside_silenced_clauses(
    rule: Rule, found: dict[str, list[Found]], said: _Said
) -> dict[str, list[Found]]:
    """The found words of clauses in which no concept of the rule's ``unless`` was said."""
    quiet = {part for concept, part in said.clauses if concept in rule.unless}
    kept = {c: [f for f in fs if said.part[f.start] not in quiet] for c, fs in found.items()}
    return {concept: fs for concept, fs in kept.items() if fs}


def _silenced(words: Sequence[Word], found: list[Found]) -> set[int]:
    """The found words an emergency rule does not count (by ``id``): inside an idiom, or in
    the reach of a negation. A negation word that is also part of another concept's entry
    ("not responding", "no puede", "can't" = "can" + "not") is that concept, no negation."""
    silenced: set[int] = set()
    idioms = [f for f in found if f.concept == IDIOMS]
    if idioms:
        inside = _covered(idioms, len(words))
        silenced.update(id(f) for f in found if f.concept != IDIOMS and inside[f.start] >= f.end)
    negations = [f for f in found if f.concept == NEGATION]
    if not negations:
        return silenced
    others = [f for f in found if f.concept not in _STRUCTURE]
    within_other = _covered(others, len(words))
    contrast = {f.start for f in found if f.concept == CONTRAST}
    # Where each language reads a word: a negation of one language silences another
    # language's words only where its own language reads them too ("no tengo la cara caída"
    # is Spanish and Portuguese alike; Swiss German "sin Arm" is no Spanish "sin").
    read_at = {(f.language, f.start) for f in others}
    starting_at: dict[int, list[Found]] = {}
    for f in found:
        starting_at.setdefault(f.start, []).append(f)
    for negation in negations:
        if within_other[negation.start] >= negation.end:
            continue
        clause = words[negation.start].clause
        language = negation.language
        for at in range(negation.end + 1, min(len(words), negation.end + 1 + NEGATION_REACH)):
            if words[at].clause != clause or at in contrast:
                break
            silenced.update(
                id(f)
                for f in starting_at.get(at, ())
                if f.language == language or (language, at) in read_at
            )
    return silenced


def _covered(spans: list[Found], size: int) -> list[int]:
    """For each word, the furthest end of the spans that start at or before it (-1: none):
    a found word lies inside one of them when this reaches its end."""
    furthest = [-1] * size
    for span in spans:
        if span.end > furthest[span.start]:
            furthest[span.start] = span.end
    return list(accumulate(furthest, max))


def _by_concept(found: list[Found]) -> dict[str, list[Found]]:
    grouped: dict[str, list[Found]] = {}
    for f in found:
        grouped.setdefault(f.concept, []).append(f)
    return grouped


def _window(rule: Rule, found: dict[str, list[Found]]) -> tuple[Found, ...] | None:
    """Distinct found words, one per item of the rule, within ``rule.within`` words."""
    tagged: list[tuple[int, int, Found]] = []
    for index, item in enumerate(rule.needs):
        matched = [f for concept in item for f in found.get(concept, ())]
        if not matched:
            return None
        tagged += ((f.start, index, f) for f in matched)
    tagged.sort(key=lambda t: (t[0], t[1]))
    needed = len(rule.needs)
    counts = [0] * needed
    covered = 0
    left = 0
    for right, (start, index, _) in enumerate(tagged):
        if counts[index] == 0:
            covered += 1
        counts[index] += 1
        while tagged[left][0] < start - (rule.within - 1):
            old = tagged[left][1]
            counts[old] -= 1
            if counts[old] == 0:
                covered -= 1
            left += 1
        if covered == needed:
            picked = _distinct(tagged[left : right + 1], needed)
            if picked is not None:
                return picked
    return None


def _distinct(window: list[tuple[int, int, Found]], needed: int) -> tuple[Found, ...] | None:
    """One found word per item, no word used twice (a word of two concepts fills one)."""
    options: list[list[Found]] = [[] for _ in range(needed)]
    for _, index, f in window:
        options[index].append(f)
    chosen: list[Found] = []

    def fill(item: int) -> bool:
        if item == needed:
            return True
        for f in options[item]:
            if all(f is not other for other in chosen):
                chosen.append(f)
                if fill(item + 1):
                    return True
                chosen.pop()
        return False

    return tuple(chosen) if fill(0) else None


def _about_someone(
    words: Sequence[Word], crisis: _Fired, by_language: dict[str, list[Found]]
) -> bool:
    first = min(f.start for f in crisis.found)
    sentence = words[first].sentence
    found = by_language[crisis.found[0].language]
    return any(
        f.concept == SOMEONE
        and f.start < first
        and words[f.start].sentence == sentence
        and not describes_the_writer(f, found)
        for f in found
    )


def describes_the_writer(someone: Found, found: Sequence[Found]) -> bool:
    """The first ``someone`` word a few words after the writer's "I'm a" is the writer ("I'm a
    mum and my son wants to die": the mum is, the son is not)."""
    people = [f.start for f in found if f.concept == SOMEONE]
    return any(
        f.concept == SELF_DESCRIBED
        and f.start < someone.start <= f.end + SELF_REACH
        and not any(f.end < other < someone.start for other in people)
        for f in found
    )
