"""The loaded content and the read-only queries handlers make on it, answered from pages
rendered once when the store is built (never per update)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from tgbot.core.content import render
from tgbot.core.content.matching import QuestionMatcher, TopicMatcher, details_said
from tgbot.core.content.models import FrequentQuestion, Source, Topic, TopicQuestions
from tgbot.core.content.wording import Wording

K = TypeVar("K")


@dataclass(frozen=True)
class _Pages:
    sections: Mapping[tuple[str, str], str]
    tips: Mapping[tuple[str, str], str]
    sources: Mapping[str, str]
    answers: Mapping[str, str]


@dataclass(frozen=True)
class ContentStore:
    topics: Mapping[str, Topic]
    sources: Mapping[str, Source]
    messages: Mapping[str, str]
    warnings: tuple[str, ...] = ()
    questions: Mapping[str, TopicQuestions] = field(default_factory=dict)
    """By topic id; a topic without a questions file has none."""
    wording: Wording = field(default_factory=lambda: Wording("en"))
    """How this language's typed messages are read (its language.yaml)."""
    date_locale: str = "en_GB"
    """How this language writes dates (its language.yaml)."""
    _pages: _Pages = field(init=False, repr=False, compare=False)
    _matcher: TopicMatcher = field(init=False, repr=False, compare=False)
    _question_matcher: QuestionMatcher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen views, so a handler cannot change what every other update sees.
        for name in ("topics", "sources", "messages", "questions"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        labels = render.SourceLabels.from_messages(self.messages, self.date_locale)
        object.__setattr__(
            self, "_pages", _render_all(self.topics, self.sources, self.questions, labels)
        )
        object.__setattr__(self, "_matcher", TopicMatcher.build(self.topics, self.wording))
        object.__setattr__(
            self, "_question_matcher", QuestionMatcher.build(frequent_questions(self), self.wording)
        )


def frequent_questions(store: ContentStore) -> tuple[FrequentQuestion, ...]:
    """Every frequent question, topic by topic, in file order."""
    return tuple(q for entry in store.questions.values() for q in entry.questions)


def _render_all(
    topics: Mapping[str, Topic],
    sources: Mapping[str, Source],
    questions: Mapping[str, TopicQuestions],
    labels: render.SourceLabels,
) -> _Pages:
    return _Pages(
        sections=MappingProxyType(
            {
                (t.id, s.id): render.section_page(t, s, sources, labels)
                for t in topics.values()
                for s in t.sections.values()
            }
        ),
        tips=MappingProxyType(
            {
                (t.id, tip.id): render.tip_block(tip, sources, labels)
                for t in topics.values()
                for tip in t.tips.values()
            }
        ),
        sources=MappingProxyType(
            {t.id: render.sources_page(t, sources, labels) for t in topics.values()}
        ),
        answers=MappingProxyType(
            {
                q.id: render.answer_page(q, sources, labels)
                for entry in questions.values()
                for q in entry.questions
            }
        ),
    )


def render_section(store: ContentStore, topic_id: str, section_id: str) -> str:
    """A section page with its "Sources: ..." line. KeyError for an unknown topic or section."""
    key = (topic_id, section_id)
    return _lookup(store._pages.sections, key, f"no section {section_id!r} in {topic_id!r}")


def render_tip(store: ContentStore, topic_id: str, tip_id: str) -> str:
    """A tip with its "Source: ..." line, for the triage outcome. KeyError if unknown."""
    return _lookup(store._pages.tips, (topic_id, tip_id), f"no tip {tip_id!r} in {topic_id!r}")


def render_sources(store: ContentStore, topic_id: str) -> str:
    """Every source the topic cites, as links with publisher, title and review date."""
    return _lookup(store._pages.sources, topic_id, f"no topic {topic_id!r}")


def match_topic(store: ContentStore, text: str) -> str | None:
    """The topic a free-text message is about, or None if unclear or unrelated."""
    return store._matcher.match(text)


def render_answer(store: ContentStore, question_id: str) -> str:
    """A frequent question's answer with its "Sources: ..." line. KeyError if unknown."""
    return _lookup(store._pages.answers, question_id, f"no question {question_id!r}")


def match_question(store: ContentStore, text: str, topic_id: str | None) -> FrequentQuestion | None:
    """The frequent question a message asks. `topic_id` is what match_topic found: only that
    topic's questions count, so a question about cramps never answers a message about
    twitches. With no topic (none named, or both), any topic's question may answer."""
    return store._question_matcher.match(text, None if topic_id is None else (topic_id,))


def question_matcher(store: ContentStore) -> QuestionMatcher:
    """The matcher of every frequent question, for routing that weighs them itself."""
    return store._question_matcher


def details_in(store: ContentStore, topic_id: str, text: str) -> dict[str, tuple[str, ...]]:
    """Answers to the topic's check that a message already gives ("eyelid", "for 3 days")."""
    rules = store.questions.get(topic_id)
    return {} if rules is None else details_said(rules, text, store.wording)


def _lookup(pages: Mapping[K, str], key: K, missing: str) -> str:
    try:
        return pages[key]
    except KeyError:
        raise KeyError(missing) from None
