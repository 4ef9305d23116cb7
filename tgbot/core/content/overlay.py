"""A translation laid over its English file: texts replaced, everything clinical kept.

A translation file (content/locales/<code>/...) has the shape of its English file with only
the texts in it (docs/translating.md). `overlay` returns the English document with those texts
put in, and every way the translation departs from the English shape: a text missing, a key
the English lacks, a clinical field (a level, an id) written where only text may be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Fields that decide what the bot does, not what it says: they live in the English file only.
CLINICAL_KEYS = frozenset(
    {
        "id", "kind", "level", "exclusive", "clears", "any_of", "ask_when", "level_when", "tip",
        "topic",
        "section", "up_to_days", "unless_tips", "only_when", "url", "emergency_numbers",
        "language", "reviewed", "publisher", "location",
    }
)  # fmt: skip
# In a `details`/`durations` rule these name an answer of the check, not a text.
_RULE_KEYS = frozenset({"question", "option"})
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass
class OverlayResult:
    document: object
    problems: list[str] = field(default_factory=list)


def overlay(english: object, translation: object, partial: bool = False) -> OverlayResult:
    """The English document with the translation's texts; `problems` says where they differ
    in shape ("questions[duration].options[weeks].label: missing"). `partial`: a regional
    variant over its base language, giving only the texts that differ; a text it leaves out
    is inherited, but a key the base lacks is still a problem."""
    result = OverlayResult(english)
    result.document = _merge(english, translation, "", _Problems(result.problems, partial))
    return result


class _Problems:
    """Where the problems go, and whether a text left out is one (not in a variant)."""

    def __init__(self, found: list[str], partial: bool) -> None:
        self.found = found
        self.partial = partial

    def append(self, problem: str) -> None:
        self.found.append(problem)

    def missing(self, where: str) -> None:
        if not self.partial:
            self.found.append(f"{where}: missing")


def _merge(english: object, translation: object, path: str, problems: _Problems) -> object:
    if isinstance(english, dict):
        if not isinstance(translation, dict):
            problems.append(f"{path or 'file'}: expected a mapping like the English file")
            return english
        return _merge_mapping(english, translation, path, problems)
    if isinstance(english, list):
        if not isinstance(translation, list):
            problems.append(f"{path}: expected a list like the English file")
            return english
        if english and all(isinstance(item, dict) and "id" in item for item in english):
            return _merge_by_id(english, translation, path, problems)
        if english and all(isinstance(item, dict) for item in english):
            return _merge_by_position(english, translation, path, problems)
        return _own_list(english, translation, path, problems)
    if isinstance(english, str):
        if not isinstance(translation, str) or not translation.strip():
            problems.append(f"{path}: expected a text")
            return english
        _check_placeholders(english, translation, path, problems)
        return translation
    # Numbers and flags are never texts: the English value stands.
    problems.append(f"{path}: not a text; keep it in the English file only")
    return english


def _merge_mapping(
    english: dict[object, object], translation: dict[object, object], path: str, problems: _Problems
) -> dict[object, object]:
    merged = dict(english)
    is_rule = "option" in english
    for key, value in translation.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in english:
            problems.append(f"{where}: not in the English file")
        elif key in CLINICAL_KEYS or (is_rule and key in _RULE_KEYS):
            if key != "id":
                problems.append(f"{where}: a clinical field; set it in the English file only")
        elif key == "sources" and isinstance(english[key], list):
            merged[key] = _more_sources(english[key], value, where, problems)
        else:
            merged[key] = _merge(english[key], value, where, problems)
    for key, value in english.items():
        if key in translation or not _has_text(key, value, is_rule):
            continue
        problems.missing(f"{path + '.' if path else ''}{key}")
    return merged


def _merge_by_id(
    english: list[object], translation: list[object], path: str, problems: _Problems
) -> list[object]:
    given: dict[object, dict[object, object]] = {}
    for index, item in enumerate(translation):
        if not isinstance(item, dict) or "id" not in item:
            problems.append(f"{path}[{index}]: expected an item with an id")
        elif item["id"] in given:
            problems.append(f"{path}[{item['id']}]: given twice")
        else:
            given[item["id"]] = item
    known = {item["id"] for item in english if isinstance(item, dict)}
    for item_id in given:
        if item_id not in known:
            problems.append(f"{path}[{item_id}]: no such id in the English file")
    merged: list[object] = []
    for item in english:
        assert isinstance(item, dict)
        where = f"{path}[{item['id']}]"
        if item["id"] in given:
            merged.append(_merge_mapping(item, given[item["id"]], where, problems))
        else:
            if _has_text("", item, False):
                problems.missing(where)
            merged.append(item)
    return merged


def _merge_by_position(
    english: list[object], translation: list[object], path: str, problems: _Problems
) -> list[object]:
    if len(translation) != len(english):
        problems.append(
            f"{path}: {len(translation)} items; the English file has {len(english)}, in this order"
        )
        return english
    return [
        _merge(item, other, f"{path}[{index}]", problems)
        for index, (item, other) in enumerate(zip(english, translation, strict=True))
    ]


def _own_list(
    english: list[object], translation: list[object], path: str, problems: _Problems
) -> list[object]:
    """Lines and matching words: the language's own list, as long as it needs."""
    if not translation or not all(isinstance(item, str) and item.strip() for item in translation):
        problems.append(f"{path}: expected a list of texts")
        return english
    return list(translation)


def _more_sources(english: object, translation: object, where: str, problems: _Problems) -> object:
    """A translation may cite a page in its language too, never fewer than the English."""
    if not isinstance(translation, list) or not isinstance(english, list):
        problems.append(f"{where}: expected a list of source ids")
        return english
    dropped = [source for source in english if source not in translation]
    if dropped:
        problems.append(f"{where}: keeps every English source; missing {', '.join(dropped)}")
        return english
    return list(translation)


def _has_text(key: object, value: object, is_rule: bool) -> bool:
    """Whether a translation must give this English value (it holds a text somewhere)."""
    if key in CLINICAL_KEYS or (is_rule and key in _RULE_KEYS):
        return False
    if key == "sources" and isinstance(value, list):  # source ids, not a text
        return False
    if isinstance(value, str):
        return True
    if isinstance(value, dict):
        rule = "option" in value
        return any(_has_text(k, v, rule) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_text("", item, False) for item in value)
    return False


def _check_placeholders(english: str, translation: str, path: str, problems: _Problems) -> None:
    wanted, given = set(_PLACEHOLDER.findall(english)), set(_PLACEHOLDER.findall(translation))
    if wanted != given:
        missing = ", ".join("{" + name + "}" for name in sorted(wanted - given))
        extra = ", ".join("{" + name + "}" for name in sorted(given - wanted))
        parts = [f"missing {missing}" if missing else "", f"unknown {extra}" if extra else ""]
        differ = "; ".join(part for part in parts if part)
        problems.append(f"{path}: placeholders differ from English: {differ}")


def text_paths(document: object, path: str = "") -> Iterator[str]:
    """Every place of a document that holds a text (for counting what a language covers)."""
    if isinstance(document, str):
        yield path
    elif isinstance(document, dict):
        rule = "option" in document
        for key, value in document.items():
            if _has_text(key, value, rule):
                yield from text_paths(value, f"{path}.{key}" if path else str(key))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            label = item["id"] if isinstance(item, dict) and "id" in item else index
            yield from text_paths(item, f"{path}[{label}]")
