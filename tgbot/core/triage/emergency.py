"""Which emergency numbers to show, from the Telegram user's language tag (e.g. "en-GB").

Telegram gives only a language tag, not a country, so the country is a guess: a region subtag
wins, then a language spoken mostly where one number works, else the list of the common ones.
The tables live in content/triage.yaml.
"""

from __future__ import annotations

from tgbot.core.triage.models import TriageTexts


def emergency_numbers(texts: TriageTexts, language_code: str | None) -> tuple[str, ...]:
    """Numbers to call, the user's likely country first; the default list when unsure."""
    table = texts.numbers
    if not language_code or not language_code.strip():
        return table.default
    language = language_code.strip().lower().replace("_", "-").split("-")[0]
    region = region_of(language_code)
    if region is not None and region in table.regions:
        return table.regions[region]
    return table.languages.get(language, table.default)


def region_of(language_code: str | None) -> str | None:
    """The lower-case region subtag of a language tag ("gb" of "en-GB"), if it has one."""
    if not language_code:
        return None
    _, *rest = language_code.strip().lower().replace("_", "-").split("-")
    # The region is the first subtag of two letters or three digits (en-GB, es-419);
    # four letters would be a script (zh-Hant), which says nothing about the country.
    return next((s for s in rest if _is_region(s)), None)


def numbers_text(texts: TriageTexts, language_code: str | None) -> str:
    """The numbers to call as one phrase, the user's own first: "999 or 112"."""
    return join_numbers(texts, emergency_numbers(texts, language_code))


def _is_region(subtag: str) -> bool:
    return (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())


def join_numbers(texts: TriageTexts, numbers: tuple[str, ...]) -> str:
    """ "999", "999 or 112", "112, 999 or 911" """
    if len(numbers) == 1:
        return numbers[0]
    return f"{', '.join(numbers[:-1])} {texts.or_word} {numbers[-1]}"
