"""Where a typed message goes (after the safety net found nothing to alarm on): the frequent
questions it asks, else the section of its topic that fits what it asks, else the topic's
opening page; a worried message or one of emoji only gets the kind answer."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from tgbot.core.asking.reading import ANY_TOPIC, LONG_STANDING, WORRY, Asking, Heard
from tgbot.core.content.matching import Rank
from tgbot.core.content.models import FrequentQuestion
from tgbot.core.content.store import ContentStore, match_topic, question_matcher

Weighed = tuple[int, int, float]
"""(words matched, counting one for each way it fits; how it fits; how closely)."""
MAX_ANSWERS = 2
"""A long message may ask more than one thing; more answers than this would bury them."""


class RouteKind(Enum):
    ANSWERS = "answers"
    SECTION = "section"
    OVERVIEW = "overview"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    topic: str | None = None
    section: str | None = None
    questions: tuple[FrequentQuestion, ...] = ()


def route_message(content: ContentStore, asking: Asking, text: str) -> Route:
    worry = _question(content, asking.rules.worry_question)
    kind_answer = (
        Route(RouteKind.NOTHING) if worry is None else Route(RouteKind.ANSWERS, questions=(worry,))
    )
    if emoji_only(text):
        return kind_answer
    heard = asking.hear(text, content.wording)
    topic = match_topic(content, heard.text)
    questions = _questions(content, asking, heard, topic) or _by_concept(
        content, asking, heard, topic
    )
    if questions:
        return Route(RouteKind.ANSWERS, topic=questions[0].topic, questions=questions)
    if topic is None:
        return kind_answer if WORRY in heard.concepts else Route(RouteKind.NOTHING)
    section = _section(content, asking, heard, topic)
    if section is not None:
        return Route(RouteKind.SECTION, topic=topic, section=section)
    return Route(RouteKind.OVERVIEW, topic=topic)


def emoji_only(text: str) -> bool:
    """Pictures and no words: "😩😩😩", "🤒"."""
    kept = [ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "M"]
    symbols = [ch for ch in kept if unicodedata.category(ch) == "So"]
    return bool(symbols) and not any(ch.isalnum() for ch in kept)


def _questions(
    content: ContentStore, asking: Asking, heard: Heard, topic: str | None
) -> tuple[FrequentQuestion, ...]:
    """The best question of the whole message, then of each of its sentences (a long message
    may ask two things), each once."""
    rules = asking.rules

    def allowed(question: FrequentQuestion) -> bool:
        if heard.long_standing and question.id in rules.not_long_standing:
            return False
        needed = rules.only_when.get(question.id)
        if needed and heard.concepts.isdisjoint(needed):
            return False
        return topic is None or question.topic == topic or question.id in rules.any_topic

    matcher = question_matcher(content)
    fits = _fits(asking, heard)
    chosen: list[FrequentQuestion] = []
    whole = matcher.ranked(heard.text, allowed)
    # A sentence can only have questions the whole message has: only those are weighed again.
    in_whole = {question.id for question, _ in whole}

    def in_sentence(question: FrequentQuestion) -> bool:
        return question.id in in_whole

    sentences = dict.fromkeys(heard.sentences) if len(heard.sentences) > 1 and whole else {}
    for part in [heard.text, *sentences]:
        found = whole if part is heard.text else matcher.ranked(part, in_sentence)
        ranked = _by_meaning(found, fits)
        if not ranked:
            continue
        best, rank = ranked[0]
        if part is heard.text and topic is None and _tie(ranked, best, rank):
            continue
        if best not in chosen:
            chosen.append(best)
    # The kind answer to worry is for a message that asks nothing else.
    answers = [q for q in chosen if q.id != rules.worry_question] or chosen
    return tuple(answers[:MAX_ANSWERS])


def _by_concept(
    content: ContentStore, asking: Asking, heard: Heard, topic: str | None
) -> tuple[FrequentQuestion, ...]:
    """No phrasing found: the question a concept said stands for, for the topic named."""
    for concept, for_topic, question_id in asking.rules.by_concept:
        if concept in heard.concepts and for_topic in (topic, ANY_TOPIC):
            question = _question(content, question_id)
            if question is not None:
                return (question,)
    return ()


def _fits(asking: Asking, heard: Heard) -> Callable[[FrequentQuestion], int]:
    """How well a question is about what the message asks: its section is the one a concept
    said points to ("how do I stop...": what helps), and the rules name it for one."""
    rules = asking.rules
    said = {c for c in rules.concepts if c in heard.concepts}
    if heard.long_standing:
        said.add(LONG_STANDING)
    sections = {section for concept, section in rules.sections if concept in said}
    named = {q for concept in said for q in rules.prefer.get(concept, ())}
    return lambda question: int(question.section in sections) + int(question.id in named)


def _by_meaning(
    ranked: list[tuple[FrequentQuestion, Rank]], fits: Callable[[FrequentQuestion], int]
) -> list[tuple[FrequentQuestion, Weighed]]:
    """A question about what the message asks counts a word more for each way it fits, and
    wins a tie: "cramps every night, how can I prevent them?" is about prevention, not age."""
    weighed = [
        (question, (words + fit, fit, score))
        for question, (words, score) in ranked
        for fit in [fits(question)]
    ]
    return sorted(weighed, key=lambda item: item[1], reverse=True)


def _tie(
    ranked: list[tuple[FrequentQuestion, Weighed]],
    best: FrequentQuestion,
    rank: Weighed,
) -> bool:
    """Two topics' questions fit equally well and the message names neither topic."""
    return any(r == rank and q.topic != best.topic for q, r in ranked[1:])


def _section(content: ContentStore, asking: Asking, heard: Heard, topic: str) -> str | None:
    """The section of the topic that fits what the message asks, in the rules' order."""
    sections = content.topics[topic].sections
    for concept, section in asking.rules.sections:
        said = concept in heard.concepts or (concept == LONG_STANDING and heard.long_standing)
        if said and section in sections:
            return section
    return None


def _question(content: ContentStore, question_id: str) -> FrequentQuestion | None:
    """None when the content has no frequent questions (load checks the id otherwise)."""
    for entry in content.questions.values():
        for question in entry.questions:
            if question.id == question_id:
                return question
    return None
