"""Where each language's texts live: English straight under content/, a translation in
content/locales/<code>/ with the same file names, and a regional variant (pt-PT, en-US) in
content/locales/<code>-<REGION>/ with only the texts that differ from its base language, laid
over it (docs/translating.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tgbot.core.content.overlay import overlay
from tgbot.core.content.yaml_reader import read_plain

ENGLISH = "en"
LOCALES_FOLDER = "locales"
LANGUAGE_FILE = "language.yaml"
# The English files whose texts a language translates (folders: every *.yaml in them).
TRANSLATED_FILES = ("messages.yaml", "triage.yaml", "results.yaml")
TRANSLATED_FOLDERS = ("flows", "topics", "questions")


@dataclass(frozen=True)
class Locale:
    """One language of the content in `root`: English, or a translation laid over it."""

    root: Path
    language: str

    @property
    def is_english(self) -> bool:
        return self.language == ENGLISH

    @property
    def base(self) -> str:
        """The language a variant is of ("pt" of "pt-PT"); a language is its own base."""
        return base_language(self.language)

    @property
    def is_variant(self) -> bool:
        return self.base != self.language

    @property
    def base_locale(self) -> Locale:
        return Locale(self.root, self.base)

    @property
    def folder(self) -> Path:
        return self.root if self.is_english else self.root / LOCALES_FOLDER / self.language

    def translation_of(self, english_file: Path) -> Path:
        return self.folder / english_file.relative_to(self.root)

    def translate(self, english_file: Path, english: object) -> object:
        """The document of `english_file` in this language. A translation that departs from
        the English shape is reported by `translation_problems`; here it is laid over as is."""
        if self.is_english:
            return english
        if self.is_variant:
            # The base language first (English itself for en-US), then what the variant changes.
            based = self.base_locale.translate(english_file, english)
            own = read_plain(self.translation_of(english_file))
            return based if own is None else overlay(based, own, partial=True).document
        translation = read_plain(self.translation_of(english_file))
        return english if translation is None else overlay(english, translation).document


def base_language(code: str) -> str:
    """ "pt" of "pt-PT" or "es-419"; a code without a region is its own base."""
    return code.split("-")[0]


def content_languages(root: Path) -> tuple[str, ...]:
    """English first, then every folder of content/locales that has a language.yaml: each
    language followed by its variants (de, de-AT, de-CH, es, es-419...)."""
    folder = root / LOCALES_FOLDER
    found = sorted(p.parent.name for p in folder.glob(f"*/{LANGUAGE_FILE}"))
    variants_of_english = [code for code in found if base_language(code) == ENGLISH]
    others = [code for code in found if base_language(code) != ENGLISH]
    return (ENGLISH, *(c for c in variants_of_english if c != ENGLISH), *others)


def translated_english_files(root: Path) -> Iterator[Path]:
    for name in TRANSLATED_FILES:
        if (root / name).is_file():
            yield root / name
    for folder in TRANSLATED_FOLDERS:
        yield from sorted((root / folder).glob("*.yaml"))
