"""Where each language's texts live: English straight under content/, a translation in
content/locales/<code>/ with the same file names (docs/translating.md)."""

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
    def folder(self) -> Path:
        return self.root if self.is_english else self.root / LOCALES_FOLDER / self.language

    def translation_of(self, english_file: Path) -> Path:
        return self.folder / english_file.relative_to(self.root)

    def translate(self, english_file: Path, english: object) -> object:
        """The document of `english_file` in this language. A translation that departs from
        the English shape is reported by `translation_problems`; here it is laid over as is."""
        if self.is_english:
            return english
        translation = read_plain(self.translation_of(english_file))
        return english if translation is None else overlay(english, translation).document


def content_languages(root: Path) -> tuple[str, ...]:
    """English first, then every folder of content/locales that has a language.yaml."""
    folder = root / LOCALES_FOLDER
    found = sorted(p.parent.name for p in folder.glob(f"*/{LANGUAGE_FILE}"))
    return (ENGLISH, *(code for code in found if code != ENGLISH))


def translated_english_files(root: Path) -> Iterator[Path]:
    for name in TRANSLATED_FILES:
        if (root / name).is_file():
            yield root / name
    for folder in TRANSLATED_FOLDERS:
        yield from sorted((root / folder).glob("*.yaml"))
