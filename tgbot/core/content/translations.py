"""Checking a language against English: every text there, nothing extra, nothing clinical
changed (docs/translating.md). One line per problem, naming the translation's file."""

from __future__ import annotations

from pathlib import Path

from tgbot.core.content.language_file import LanguageInfo, parse_language
from tgbot.core.content.locales import (
    LANGUAGE_FILE,
    Locale,
    translated_english_files,
)
from tgbot.core.content.overlay import overlay
from tgbot.core.content.problems import Problems, Where, display_path
from tgbot.core.content.variant_phrases import VARIANT_PHRASES, base_phrases_path, overlay_phrases
from tgbot.core.content.variants import variant_language_document
from tgbot.core.content.yaml_reader import read_plain, read_yaml
from tgbot.core.signoff import SIGNOFF_FILE

OWN_FILES = (LANGUAGE_FILE, "sources.yaml", SIGNOFF_FILE)
"""Files of a language folder that translate no English file (signoff.yaml: the clinician's
sign-off, tgbot/core/signoff/)."""
PHRASES_FOLDER = "phrases"


def translation_problems(root: Path, language: str) -> list[str]:
    locale = Locale(root, language)
    problems = Problems()
    read_language(locale, problems)
    expected = set()
    for english_file in translated_english_files(root):
        translated = locale.translation_of(english_file)
        expected.add(translated)
        where = Where(problems, display_path(translated))
        if not translated.is_file():
            if not locale.is_variant:  # a variant gives only the files whose texts differ
                where.error(f"missing: translate {display_path(english_file)}")
            continue
        english = read_yaml(english_file, Where(problems, display_path(english_file)))
        document = read_yaml(translated, where)
        if english is None or document is None:
            continue
        # A variant is laid over its base language: a key the base lacks is refused.
        base = locale.base_locale.translate(english_file, english) if locale.is_variant else english
        for problem in overlay(base, document, partial=locale.is_variant).problems:
            problems.errors.append(f"{where.file}: {problem}")
    if locale.is_variant:  # it may answer typed messages in words of its own (es-419: usted)
        expected.add(locale.folder / VARIANT_PHRASES)
        problems.errors.extend(_variant_phrase_problems(root, locale))
    for path in sorted(locale.folder.rglob("*.yaml")):
        if path not in expected and path.relative_to(locale.folder).as_posix() not in OWN_FILES:
            Where(problems, display_path(path)).error("no English file of this name to translate")
    if not locale.is_variant:  # a variant reads typed messages as its base language does
        problems.errors.extend(_phrase_problems(root, language))
    return problems.errors


def _variant_phrase_problems(root: Path, locale: Locale) -> list[str]:
    """A variant's phrases.yaml laid over its base language's: only texts the base has."""
    path = locale.folder / VARIANT_PHRASES
    if not path.is_file():
        return []
    where = Where(Problems(), display_path(path))
    own = read_yaml(path, where)
    if own is None:
        return where.problems.errors
    base = read_plain(base_phrases_path(root, locale.language))
    return [f"{where.file}: {p}" for p in overlay_phrases(base, own).problems]


def read_language(locale: Locale, problems: Problems) -> LanguageInfo | None:
    path = locale.folder / LANGUAGE_FILE
    where = Where(problems, display_path(path))
    document = read_yaml(path, where)
    if document is None:
        return None
    if locale.is_variant:
        document = variant_language_document(locale, document, where)
        if document is None:
            return None
    return parse_language(document, where, locale.language)


def _phrase_problems(root: Path, language: str) -> list[str]:
    """The typed red flags of a language: the same groups as English, each of the same kind."""
    path = root / PHRASES_FOLDER / f"{language}.yaml"
    shown = display_path(path)
    if not path.is_file():
        return [f"{shown}: missing: every language needs its typed red-flag phrases"]
    english, own = _groups(root / PHRASES_FOLDER / "en.yaml"), _groups(path)
    problems = [
        f"{shown}: groups[{group}]: missing (English has it)"
        for group in english
        if group not in own
    ]
    problems += [
        f"{shown}: groups[{group}]: not a group of the English file"
        for group in own
        if group not in english
    ]
    problems += [
        f"{shown}: groups[{group}].kind: {own[group]!r}; English has {kind!r}"
        for group, kind in english.items()
        if group in own and own[group] != kind
    ]
    return problems


def _groups(path: Path) -> dict[str, str]:
    document = read_plain(path)
    groups = document.get("groups") if isinstance(document, dict) else None
    if not isinstance(groups, list):
        return {}
    return {str(g["id"]): str(g.get("kind")) for g in groups if isinstance(g, dict) and "id" in g}
