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
