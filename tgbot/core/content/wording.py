"""How typed messages are read in one language: the words that carry no meaning, the real
words that look like a typo of a topic word, word stems, and how a time is said.

Every list comes from the language's content (content/language.yaml for English,
content/locales/<code>/language.yaml for the others); stems come from the Snowball stemmers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

TIME_UNITS = ("day", "week", "month", "year")
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHES = "'’‘`´"
# Ligatures that Unicode does not decompose: "œil" is read as "oeil", "cœur" as "coeur".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lower case without accents (día -> dia, ё -> е), apostrophes dropped ("can't" ->
    "cant"); letters of every script stay what they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for mark in _APOSTROPHES:
        kept = kept.replace(mark, "")
    return unicodedata.normalize("NFC", kept)


def letter_words(text: str) -> tuple[str, ...]:
    """The words of a text, folded: letters only (numbers and marks break words)."""
    return tuple(_LETTERS.findall(fold(text)))


@lru_cache(maxsize=16)
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    name = _SNOWBALL_NAMES.get(language)
    return None if name is None else snowballstemmer.stemmer(name)


def stem(language: str, word: str) -> str:
    """The word's Snowball stem in that language (the word itself where Snowball has none)."""
    return _stem(language, word)


@lru_cache(maxsize=65536)
def _stem(language: str, word: str) -> str:
    """Memoised: the same words come back in every message and every content load."""
    stemmer = _stemmer(language)
    return word if stemmer is None else str(stemmer.stemWord(word))


# Snowball's names for the languages it stems (ISO 639-1 code -> algorithm).
_SNOWBALL_NAMES = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sv": "swedish", "tr": "turkish",
}  # fmt: skip


@dataclass(frozen=True)
class Wording:
    language: str
    small_words: frozenset[str] = frozenset()
    lookalike_words: frozenset[str] = frozenset()
    number_words: Mapping[str, int] = field(default_factory=dict)
    time_units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _duration: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_duration", _duration_pattern(self))

    def stem(self, word: str) -> str:
        """The word's stem, so "cramps", "cramping" and "cramp" compare alike."""
        return _stem(self.language, word)

    def days_said(self, text: str) -> int | None:
        """The longest time a message names, in days: "for 3 days" -> 3, "a few weeks" -> 21."""
        if self._duration is None:
            return None
        spans = []
        for number, unit in self._duration.findall(" ".join(fold(text).split())):
            amount = int(number) if number.isdigit() else self.number_words[number]
            spans.append(amount * UNIT_DAYS[self._unit_of(unit)])
        return max(spans, default=None)

    def _unit_of(self, form: str) -> str:
        return next(unit for unit, forms in self.time_units.items() if form in forms)


def _duration_pattern(wording: Wording) -> re.Pattern[str] | None:
    forms = [form for unit in TIME_UNITS for form in wording.time_units.get(unit, ())]
    if not forms:
        return None
    numbers = sorted(wording.number_words, key=len, reverse=True)
    amount = "|".join([r"\d{1,3}", *map(re.escape, numbers)])
    unit = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)({amount})\s+({unit})(?!\w)")
