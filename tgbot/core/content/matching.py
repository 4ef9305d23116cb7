"""Routing free text ("my eyelid keeps twiching") to a topic by fuzzy-matching its synonyms, to
a frequent question by its asked phrasings, and reading the details it gives ("for 3 days")."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from tgbot.core.content.models import FrequentQuestion, Topic, TopicQuestions
from tgbot.core.content.wording import Wording, letter_words

# Telegram's longest message (4,096 characters) is about 700 words: all of it is read.
MAX_WORDS = 800
Rank = tuple[int, float]
"""(words of the phrasing matched, how closely): higher is better."""


def words(text: str) -> tuple[str, ...]:
    """Folded words of any script; apostrophes dropped so "what's" stays one word."""
    return letter_words(text)


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
    lookalikes: frozenset[str]  # real words one typo away from a synonym: never a typo

    @classmethod
    def build(cls, topics: Mapping[str, Topic], wording: Wording) -> TopicMatcher:
        pairs = [
            (normalize_phrase(synonym), topic.id)
            for topic in topics.values()
            for synonym in topic.synonyms
        ]
        longest = max((len(phrase.split()) for phrase, _ in pairs), default=0)
        phrases, topic_ids = tuple(p for p, _ in pairs), tuple(t for _, t in pairs)
        return cls(phrases, topic_ids, longest, wording.lookalike_words)

    def match(self, text: str) -> str | None:
        """The topic whose synonyms cover the most words of `text`; None when none match or
        two topics tie (the bot then asks which one)."""
        tokens = words(text)[:MAX_WORDS]
        covered: dict[str, set[int]] = {}
        seen: dict[str, str | None] = {}  # a long message says the same words again
        for size in range(1, self.longest + 1):
            for start in range(len(tokens) - size + 1):
                if size == 1 and tokens[start] in self.lookalikes:
                    continue
                window = " ".join(tokens[start : start + size])
                if window not in seen:
                    seen[window] = self._topic_of(window)
                topic_id = seen[window]
                if topic_id is not None:
                    covered.setdefault(topic_id, set()).update(range(start, start + size))
        ranked = sorted(covered.items(), key=lambda item: len(item[1]), reverse=True)
        if not ranked or (len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1])):
            return None
        return ranked[0][0]

    def _topic_of(self, window: str) -> str | None:
        best = process.extractOne(
            window, self.phrases, scorer=fuzz.ratio, score_cutoff=_min_score(window)
        )
        return None if best is None else self.topic_ids[best[2]]


def content_words(text: str, wording: Wording) -> tuple[str, ...]:
    """A text's meaningful words, in order (the language's small words left out)."""
    return tuple(word for word in words(text)[:MAX_WORDS] if word not in wording.small_words)


def content_stems(text: str, wording: Wording) -> tuple[str, ...]:
    """The stems of a text's meaningful words, in order."""
    return tuple(wording.stem(word) for word in content_words(text, wording))


@dataclass(frozen=True)
class _Phrasing:
    question: int  # index into QuestionMatcher.questions
    words: tuple[tuple[str, str], ...]  # (word, its stem): a typo can hide the stem


@dataclass(frozen=True)
class QuestionMatcher:
    """Finds the frequent question a message asks: every meaningful word of one of its asked
    phrasings must be in the message, in any order, typos allowed. The phrasing with the most
    words wins, so "magnesium in pregnancy" beats plain "magnesium"."""

    questions: tuple[FrequentQuestion, ...]
    phrasings: tuple[_Phrasing, ...]
    wording: Wording

    @classmethod
    def build(cls, questions: Sequence[FrequentQuestion], wording: Wording) -> QuestionMatcher:
        phrasings = tuple(
            _Phrasing(
                index,
                tuple(dict.fromkeys((w, wording.stem(w)) for w in content_words(asked, wording))),
            )
            for index, question in enumerate(questions)
            for asked in question.asked
        )
        return cls(tuple(questions), tuple(p for p in phrasings if p.words), wording)

    def match(self, text: str, topics: Collection[str] | None) -> FrequentQuestion | None:
        """The best question among those of `topics` (all topics if None); None if no
        phrasing matches, or the best of two topics tie."""
        ranked = self.ranked(text, lambda q: topics is None or q.topic in topics)
        if not ranked:
            return None
        winner, best = ranked[0]
        for question, rank in ranked[1:]:
            if rank == best and question.topic != winner.topic:
                return None
        return winner

    def ranked(
        self, text: str, allowed: Callable[[FrequentQuestion], bool]
    ) -> list[tuple[FrequentQuestion, Rank]]:
        """Every allowed question one of whose phrasings the text has, best first: the one
        with the most words matched, then the closest."""
        wording = self.wording
        said = [w for w in content_words(text, wording) if w not in wording.lookalike_words]
        tokens = tuple(dict.fromkeys([*said, *map(wording.stem, said)]))
        if not tokens:
            return []
        found: dict[str, float] = {}
        best: dict[int, Rank] = {}
        for phrasing in self.phrasings:
            if not allowed(self.questions[phrasing.question]):
                continue
            scores = [
                max(_word_score(word, tokens, found), _word_score(root, tokens, found))
                for word, root in phrasing.words
            ]
            if all(scores):
                rank = (len(scores), sum(scores))
                best[phrasing.question] = max(best.get(phrasing.question, rank), rank)
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [(self.questions[index], rank) for index, rank in ranked]


def _word_score(word: str, tokens: tuple[str, ...], found: dict[str, float]) -> float:
    """How well the message has `word` (100 exact, 0 missing); memoised per message."""
    if word not in found:
        if word in tokens:
            found[word] = 100.0
        else:
            best = process.extractOne(
                word, tokens, scorer=fuzz.ratio, score_cutoff=_min_score(word)
            )
            found[word] = 0.0 if best is None else float(best[1])
    return found[word]


def has_words(said: Sequence[str], wanted: Sequence[str]) -> bool:
    """Every wanted word is among the said ones, typos allowed as in matching topics."""
    return all(
        word in said
        or process.extractOne(word, said, scorer=fuzz.ratio, score_cutoff=_min_score(word))
        is not None
        for word in wanted
    )


def details_said(rules: TopicQuestions, text: str, wording: Wording) -> dict[str, tuple[str, ...]]:
    """Answers of the topic's check that a typed message already gives, by question id.
    A time said ("for 3 days") wins over words about time ("for months")."""
    said: dict[str, list[str]] = {}
    days = wording.days_said(text)
    if days is not None:
        fits = (r for r in rules.durations if r.up_to_days is None or days <= r.up_to_days)
        rule = next(fits, None)
        if rule is not None:
            said[rule.question] = [rule.option]
    tokens = tuple(wording.stem(word) for word in words(text)[:MAX_WORDS])
    for detail in rules.details:
        if detail.question in said and detail.question in {r.question for r in rules.durations}:
            continue
        if any(_has_phrase(tokens, phrase, wording) for phrase in detail.phrases):
            options = said.setdefault(detail.question, [])
            if detail.option not in options:
                options.append(detail.option)
    return {question: tuple(options) for question, options in said.items()}


def _has_phrase(tokens: tuple[str, ...], phrase: str, wording: Wording) -> bool:
    wanted = " ".join(wording.stem(word) for word in words(phrase))
    size = len(wanted.split())
    windows = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return any(fuzz.ratio(window, wanted) >= _min_score(wanted) for window in windows)


SMALL_TALK = ("greeting", "thanks", "goodbye", "help")


def small_talk(messages: Mapping[str, str], text: str) -> str | None:
    """ "hi", "thanks", "bye": the whole message, folded, is one of the listed ways to say it
    (never a part of a longer message, which may describe a symptom)."""
    said = normalize_phrase(text)
    for kind in SMALL_TALK:
        if said in {normalize_phrase(p) for p in messages[f"{kind}_phrases"].split("|")}:
            return kind
    return None
