"""Immutable data of the typed red flags (built once by the loader, shared by all updates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a phrase group means, in the order a message is answered: the first kind found wins."""

    EMERGENCY = "emergency"
    CRISIS = "crisis"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Pattern:
    """One phrase as words to find in order. A word ending in * matches any word starting so;
    the word ... stands for up to GAP_WORDS other words."""

    text: str
    """As written in the content file, for messages to the author."""
    words: tuple[str, ...]


@dataclass(frozen=True)
class PhraseGroup:
    id: str
    kind: Kind
    patterns: tuple[Pattern, ...]
    source_ids: tuple[str, ...]
    text: str
    """Emergency: why this needs help now. Out of scope: the whole reply ({numbers} filled in).
    Crisis: the reply, with {line} and {numbers}."""


@dataclass(frozen=True)
class PhraseSet:
    """One language's phrase groups and the texts around them."""

    language: str
    groups: tuple[PhraseGroup, ...]
    crisis_line: str
    """How to name a crisis line: a template with {name} and {number}."""
    no_crisis_line: str
    """Said instead where no crisis line is known: a template with {numbers}."""


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class SafetyData:
    phrase_sets: Mapping[str, PhraseSet]
    """Language code -> its phrases; "en" is always there."""
    crisis_lines: Mapping[str, CrisisLine]
    """Lower-case region code (gb, us) -> the line to call there."""
