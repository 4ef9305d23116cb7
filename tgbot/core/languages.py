"""The bot's languages as people see them: their own names (CLDR through Babel), and which
of them a typed message is written in (lingua, offline: its models ship in the wheel)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from lingua import IsoCode639_1, LanguageDetectorBuilder
from lingua import LanguageDetector as LinguaDetector

from tgbot.core.content.wording import letter_words

# How far ahead the best language must be before we say "you write in X" (lingua's relative
# distance, 0..1): a short or mixed message then gets no offer rather than a wrong one.
MIN_RELATIVE_DISTANCE = 0.25
# Fewer letters than this say too little about their language.
MIN_LETTERS = 12
# Nor do fewer words than this ("Ist es Parkinson?", "is it parkinsons"): a short message in
# the user's own language that the bot did not understand is no reason to offer another one.
MIN_WORDS = 4


def language_name(code: str) -> str:
    """A language's name in itself, as it starts a sentence: "Español", "Русский"; a regional
    variant's with its region, in its own words: "Português (Portugal)", "Deutsch (Österreich)"."""
    code = code.replace("-", "_")  # Babel's separator: pt-PT is pt_PT
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def names_list(codes: Sequence[str], in_language: str) -> str:
    """ "English, Español and Deutsch", joined the way `in_language` joins a list."""
    names = [language_name(code) for code in codes]
    try:
        return format_list(names, locale=in_language)
    except (ValueError, UnknownLocaleError):
        return ", ".join(names)


class LanguageDetector:
    """Which of the bot's languages a message is clearly written in, if any."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = tuple(codes)

    def detect(self, text: str, *, meaningful: str | None = None) -> str | None:
        """`meaningful`: the text without the words that belong to no language (the names
        of conditions, such as "Parkinson" or "ALS"); it must be long enough on its own."""
        counted = text if meaningful is None else meaningful
        if len(self.codes) < 2 or sum(ch.isalpha() for ch in counted) < MIN_LETTERS:
            return None
        if len(letter_words(counted)) < MIN_WORDS:
            return None
        found = _detector(self.codes).detect_language_of(text)
        return None if found is None else found.iso_code_639_1.name.lower()


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LinguaDetector:
    """Built on first use (its models load then), once per set of languages. Low-accuracy
    mode reads trigrams only: 0.5 s and ~20 MB to load instead of ~10 s and hundreds of MB,
    and as sure for the sentences people type to us (a whole sentence, one language)."""
    iso = [IsoCode639_1.from_str(code) for code in codes]
    return (
        LanguageDetectorBuilder.from_iso_codes_639_1(*iso)
        .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
        .with_low_accuracy_mode()
        .build()
    )
