"""Regional variants (pt-PT, en-US, es-419...): a language.yaml of their own that names the
countries they are for, everything else of it inherited from the base language; and which
content language a Telegram language tag ("pt-pt", "es-mx", "de") chooses."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tgbot.core.content.locales import (
    ENGLISH,
    LANGUAGE_FILE,
    LOCALES_FOLDER,
    Locale,
    base_language,
)
from tgbot.core.content.problems import Where
from tgbot.core.content.yaml_reader import read_plain

VARIANT_REQUIRED = ("language", "translated_by", "regions")
VARIANT_OPTIONAL = ("date_locale", "clinical_review")
NOT_REVIEWED = {"reviewed": False, "by": [], "date": None}


def variant_language_document(locale: Locale, document: object, where: Where) -> object | None:
    """The variant's language.yaml completed from its base language's: who made it, which
    countries it is for and how it writes dates are its own; how typed messages are read
    (small words, numbers said in words...) is the base language's."""
    if not isinstance(document, dict):
        where.error("expected a mapping")
        return None
    for key in VARIANT_REQUIRED:
        if key not in document:
            where.child(key).error("missing")
    for key in document:
        if key not in VARIANT_REQUIRED and key not in VARIANT_OPTIONAL:
            where.child(str(key)).error(
                "not a field of a variant's language.yaml (the rest is its base language's)"
            )
    base = read_plain(_base_language_file(locale))
    if not isinstance(base, dict) or any(key not in document for key in VARIANT_REQUIRED):
        return None
    merged = dict(base)
    merged.update(document)
    merged.setdefault("clinical_review", NOT_REVIEWED)
    if "date_locale" not in document:
        merged["date_locale"] = locale.language.replace("-", "_")
    return merged


def _base_language_file(locale: Locale) -> Path:
    if locale.base == ENGLISH:
        return locale.root / LANGUAGE_FILE
    return locale.root / LOCALES_FOLDER / locale.base / LANGUAGE_FILE


def resolve_language(tag: str | None, regions: Mapping[str, tuple[str, ...]]) -> str | None:
    """The content language a language tag chooses, from `regions` (every content language
    -> the countries it is for; empty for a base language): the code itself ("pt-PT",
    "es-419", any case), else the variant of its language for its country ("es-mx" ->
    "es-419"), else its language ("pt-br" -> "pt"); None when the bot lacks the language."""
    if not tag or not tag.strip():
        return None
    wanted = tag.strip().replace("_", "-").lower()
    by_lower = {code.lower(): code for code in regions}
    if wanted in by_lower:
        return by_lower[wanted]
    language, *rest = wanted.split("-")
    region = next((s for s in rest if len(s) == 2 and s.isalpha()), None)
    if region is not None:
        for code, covered in regions.items():
            if base_language(code) == language and region in covered:
                return code
    return by_lower.get(language)
