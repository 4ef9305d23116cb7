"""Immutable data of the typed red flags (built once by the loader, shared by all updates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tgbot.core.safety.net import SafetyNet


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
class PhraseIndex:
    """A phrase set's patterns by their first word, built once with the set
    (tgbot/core/safety/matching.py): a message is read once, each word looked up, and only
    the patterns that can start there are tried."""

    exact: Mapping[str, tuple[tuple[int, Pattern], ...]]
    """A first word -> (the group's index in the set, the pattern) starting with it."""
    starts: Mapping[str, tuple[tuple[int, Pattern], ...]]
    """The same for first words ending in *, by the start they stand for."""
    start_lengths: tuple[int, ...]
    """The lengths of those starts, shortest first."""


@dataclass(frozen=True)
class PhraseGroup:
    id: str
    kind: Kind
    patterns: tuple[Pattern, ...]
    """Out of scope only: what finds it (the safety net's rules find the others)."""
    source_ids: tuple[str, ...]
    text: str
    """Emergency: why this needs help now. Out of scope: the whole reply ({numbers} filled in).
    Crisis: the reply, with {lines} and {numbers}."""
    about_someone: str | None = None
    """Crisis only: the reply when the message is about another person."""


@dataclass(frozen=True)
class AskTexts:
    question: str
    """HTML with {numbers}."""
    yes: str
    no: str


@dataclass(frozen=True)
class PhraseSet:
    """One language's phrase groups and the texts around them."""

    language: str
    groups: tuple[PhraseGroup, ...]
    crisis_line: str
    """How to name a crisis line: a template with {name} and {number}."""
    crisis_line_abroad: str
    """A line among several, with its country: {country}, {name}, {number}."""
    talk_to_line: str
    """The crisis answer's {lines} for one line: a template with {line}."""
    talk_to_lines: str
    """The crisis answer's {lines} for several, before the list."""
    no_national_line: str
    """The crisis answer's {lines} where a country has none: {country}, {numbers}."""
    crisis_countries: tuple[str, ...]
    """The countries whose lines are named when Telegram gives only the language."""
    line_names: Mapping[str, str]
    """A crisis line's name in this language, by region code."""
    safety_line: str
    """Under every answer to a typed message: a template with {numbers}."""
    asks: Mapping[str, AskTexts]
    index: PhraseIndex = field(init=False, compare=False, repr=False)
    """The out-of-scope phrases of ``groups`` by their first word: made with the set, so a
    copy with other groups (``dataclasses.replace``) has its own."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", index_phrases(self.groups))


def index_phrases(groups: Sequence[PhraseGroup]) -> PhraseIndex:
    exact: dict[str, list[tuple[int, Pattern]]] = {}
    starts: dict[str, list[tuple[int, Pattern]]] = {}
    for index, group in enumerate(groups):
        for pattern in group.patterns:
            first = pattern.words[0]
            if first.endswith("*"):
                starts.setdefault(first[:-1], []).append((index, pattern))
            else:
                exact.setdefault(first, []).append((index, pattern))
    return PhraseIndex(
        {word: tuple(found) for word, found in exact.items()},
        {start: tuple(found) for start, found in starts.items()},
        tuple(sorted({len(start) for start in starts})),
    )


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class LocalService:
    """Where a country's people get seen or advised today when their own doctor cannot:
    Germany 116 117, Austria 1450, the UK's NHS 111 (content/numbers/<region>.yaml)."""

    name: str | None
    """What people call it ("SNS 24"), or, where it is a description, its English one."""
    numbers: tuple[str, ...]
    """Empty for a service with no one number for the whole country (Switzerland's cantonal
    on-call doctors): its name then says whom to call."""
    source_ids: tuple[str, ...]
    soon: bool = True
    """Also named for a visit in the coming days ("not sure where to go?"); false for a
    line meant only for when one's own doctor is closed (Belgium's 1733, France's 15)."""
    names: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Its name by language code ("fr", "pt-PT"), where it is said differently."""

    def name_in(self, language: str) -> str | None:
        """Its name as `language` says it: the variant's own (pt-PT), else its base
        language's (pt), else the file's."""
        base = language.split("-")[0]
        return self.names.get(language) or self.names.get(base) or self.name


@dataclass(frozen=True)
class SafetyData:
    phrase_sets: Mapping[str, PhraseSet]
    """Language code -> its phrases; "en" is always there."""
    crisis_lines: Mapping[str, CrisisLine]
    """Lower-case region code (gb, us) -> the line to call there."""
    net: SafetyNet
    """What a typed message means: emergency, crisis or a question (content/safety/)."""
    stale_forms: tuple[str, ...] = ()
    """Languages whose forms file was made for other word lists (``bot.py safety forms``)."""
    second_crisis_lines: Mapping[str, CrisisLine] = field(default_factory=dict)
    """Region code -> a second established line of that country (Argentina: CAS)."""
    variant_sets: Mapping[str, PhraseSet] = field(default_factory=dict)
    """A regional variant (es-419) -> its answers to typed messages where it words them
    otherwise than its base language; it finds them as its base does (phrase_sets)."""
