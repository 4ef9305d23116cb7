"""The content model: immutable once loaded, shared by every update the bot handles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    reviewed: str  # ISO date (YYYY-MM-DD) on which we last checked the page


@dataclass(frozen=True)
class Section:
    id: str
    title: str  # short: it is also the button label
    html: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Tip:
    id: str  # a trigger or context option id of a triage flow
    html: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    overview_html: str
    sections: Mapping[str, Section]  # in display order
    tips: Mapping[str, Tip]
    synonyms: tuple[str, ...]

    def cited_source_ids(self) -> tuple[str, ...]:
        """Every source the topic cites, in order of first citation, each once."""
        cited: list[Section | Tip] = [*self.sections.values(), *self.tips.values()]
        return tuple(dict.fromkeys(source for part in cited for source in part.source_ids))


@dataclass(frozen=True)
class FrequentQuestion:
    """A question people often type, answered in one short message (content/questions/)."""

    id: str
    topic: str
    title: str  # the question, as the answer's headline
    asked: tuple[str, ...]  # ways people ask it; matching ignores word order and typos
    html: str
    source_ids: tuple[str, ...]
    section: str  # the topic section with the full story


@dataclass(frozen=True)
class DetailRule:
    """Words in a typed message that suggest one answer of the topic's check ("eyelid")."""

    question: str
    option: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class DurationRule:
    """How long a typed message says it has lasted ("for 3 days") -> an answer of the check.
    The first rule whose `up_to_days` covers the time said wins; None covers any time."""

    question: str
    option: str
    up_to_days: int | None


@dataclass(frozen=True)
class TopicQuestions:
    topic: str
    questions: tuple[FrequentQuestion, ...]
    details: tuple[DetailRule, ...] = ()
    durations: tuple[DurationRule, ...] = ()
