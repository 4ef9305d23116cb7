"""Every text of a language beside its English text, safety-critical first (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tgbot.core.content.variant_phrases import PHRASES_FOLDER, VARIANT_PHRASES
from tgbot.core.content.yaml_reader import YamlTextError, dump_yaml, load_yaml_text
from tgbot.core.signoff.model import (
    CATEGORY_ORDER,
    ENGLISH,
    SIGNOFF_FILE,
    Category,
    ReviewText,
)

_NOT_TEXT = frozenset(
    {
        "id", "kind", "level", "exclusive", "clears", "any_of", "ask_when", "tip", "topic",
        "section", "up_to_days", "unless_tips", "only_when", "url", "sources",
        "emergency_numbers", "language", "crisis_countries",
    }
)  # fmt: skip
# An id where a rule names a question or option; a text where a typed-message ask or a frequent
# question is asked (those are read and signed like any text).
_REFERENCES = frozenset({"question", "option"})
_ID = re.compile(r"[a-z0-9_]+")
_OWN_FILES = frozenset({"language.yaml", "sources.yaml", SIGNOFF_FILE})


def review_texts(root: Path, language: str) -> list[ReviewText]:
    """Every text of a translation beside its English one, safety-critical first (in
    Category order), then in the order of the files."""
    texts: list[ReviewText] = []
    folder = root / "locales" / language
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        if relative in _OWN_FILES:
            continue
        if relative == VARIANT_PHRASES and "-" in language:
            # A variant's own answers to typed messages, read against English's like its base's.
            english_phrases = _load(root / PHRASES_FOLDER / f"{ENGLISH}.yaml")
            texts += _file_texts(relative, _load(path), english_phrases, "phrases")
            continue
        texts += _file_texts(relative, _load(path), _load(root / relative), relative)
    if "-" in language:
        # A regional variant: its own texts, read against English like any translation, and
        # (for a translation's variant) the numbers of its countries as it names them; how
        # typed messages are read is its base language's. English's numbers need no sign-off.
        own = _load(folder / "language.yaml") or {}
        if not language.startswith(f"{ENGLISH}-"):
            regions = {"crisis_countries": own.get("regions") or []}
            texts += _number_texts(root, regions, language)
        return _in_order(texts)
    phrases = _load(root / "phrases" / f"{language}.yaml")
    texts += _file_texts(
        f"phrases/{language}.yaml", phrases, _load(root / "phrases" / f"{ENGLISH}.yaml"), "phrases"
    )
    texts += _safety_texts(root, language)
    texts += _number_texts(root, phrases, language)
    return _in_order(texts)


def _in_order(texts: list[ReviewText]) -> list[ReviewText]:
    order = {category: index for index, category in enumerate(CATEGORY_ORDER)}
    return sorted(texts, key=lambda t: order[t.category])  # stable: file order within


def _load(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return load_yaml_text(path.read_text(encoding="utf-8"))
    except YamlTextError:
        return None  # the content's own loader reports the file, with its place


@dataclass(frozen=True)
class _Walk:
    file: str
    """The file's id part: "flows/twitch.yaml", "phrases/es.yaml"."""
    kind: str
    """What the file is: its path under the locale, or "phrases"."""
    category: Category = Category.OTHER
    sources: tuple[str, ...] = field(default=())


def _file_texts(file: str, translated: Any, english: Any, kind: str) -> list[ReviewText]:
    return list(_walk(_Walk(file, kind), "", translated, english))


def _walk(w: _Walk, path: str, node: Any, english: Any) -> Iterator[ReviewText]:
    if isinstance(english, dict):
        why = english.get("why")
        cited = english.get("sources") or (why.get("sources") if isinstance(why, dict) else None)
        if isinstance(cited, list):
            w = replace(w, sources=tuple(str(s) for s in cited))
    w = replace(w, category=_category(w, path, english))
    if isinstance(node, str):
        yield ReviewText(f"{w.file}#{path}", _as_text(english), node, w.category, w.sources)
    elif isinstance(node, dict):
        for key, value in node.items():
            if str(key) in _NOT_TEXT or (
                str(key) in _REFERENCES and isinstance(value, str) and _ID.fullmatch(value)
            ):
                continue
            sub = english.get(key) if isinstance(english, dict) else None
            yield from _walk(w, f"{path}.{key}" if path else str(key), value, sub)
    elif isinstance(node, list):
        if all(not isinstance(item, (dict, list)) for item in node):
            # A list of short texts or of matching words: read and signed whole.
            joined = "\n".join(str(item) for item in node)
            yield ReviewText(f"{w.file}#{path}", _as_text(english), joined, w.category, w.sources)
            return
        by_id = (
            {item.get("id"): item for item in english if isinstance(item, dict)}
            if isinstance(english, list)
            else {}
        )
        for index, item in enumerate(node):
            if isinstance(item, dict) and "id" in item:
                yield from _walk(w, f"{path}[{item['id']}]", item, by_id.get(item["id"]))
            else:
                sub = english[index] if isinstance(english, list) and index < len(english) else None
                yield from _walk(w, f"{path}[{index}]", item, sub)


def _as_text(english: Any) -> str:
    if english is None:
        return ""
    if isinstance(english, list):
        return "\n".join(str(item) for item in english)
    return str(english)


_EMERGENCY_LEVELS = ("emergency",)
_URGENT_LEVELS = ("emergency", "urgent")


def _category(w: _Walk, path: str, english: Any) -> Category:
    if w.category is not Category.OTHER:
        return w.category
    head = path.split(".")[0]
    if w.kind.startswith("flows/"):
        if isinstance(english, dict) and path.startswith("questions[") and path.count(".") == 0:
            options = english.get("options") or []
            if any(o.get("level") in _EMERGENCY_LEVELS for o in options if isinstance(o, dict)):
                return Category.EMERGENCY_QUESTIONS
        if isinstance(english, dict) and english.get("level") in _EMERGENCY_LEVELS:
            return Category.EMERGENCY_QUESTIONS
        if path in ("outcomes.emergency", "outcomes.urgent"):
            return Category.EMERGENCY_OUTCOMES
    elif w.kind == "triage.yaml":
        if path in ("levels.emergency", "levels.urgent") or head == "emergency":
            return Category.EMERGENCY_OUTCOMES
    elif w.kind == "messages.yaml":
        if "emergency" in head:
            return Category.EMERGENCY_OUTCOMES
    elif w.kind == "phrases":
        if isinstance(english, dict) and path.startswith("groups["):
            kind = english.get("kind")
            if kind == "crisis":
                return Category.CRISIS
            if kind == "emergency":
                return Category.EMERGENCY_OUTCOMES
        elif head == "asks":
            return Category.EMERGENCY_QUESTIONS
        elif head == "safety_line":
            return Category.EMERGENCY_OUTCOMES
        elif head in (
            "crisis_line",
            "crisis_line_abroad",
            "talk_to_line",
            "talk_to_lines",
            "no_national_line",
            "line_names",
        ):
            return Category.CRISIS
    return Category.OTHER


def _safety_texts(root: Path, language: str) -> list[ReviewText]:
    """The safety net's words of the language (each concept's list, chat spellings, idioms)
    beside the English ones, then each rule (the same in every language)."""
    own = _load(root / "safety" / f"{language}.yaml") or {}
    english = _load(root / "safety" / f"{ENGLISH}.yaml") or {}
    file = f"safety/{language}.yaml"
    sources = tuple(str(s) for s in own.get("sources") or english.get("sources") or ())
    texts = []
    concepts = own.get("concepts") or {}
    for concept, words in concepts.items():
        english_words = (english.get("concepts") or {}).get(concept)
        texts.append(
            ReviewText(
                f"{file}#concepts.{concept}",
                _as_text(english_words),
                _as_text(words),
                Category.TYPED,
                sources,
            )
        )
    for key in ("spellings", "idioms"):
        if key in own:
            texts.append(
                ReviewText(
                    f"{file}#{key}",
                    _dump(english.get(key)),
                    _dump(own[key]),
                    Category.TYPED,
                    sources,
                )
            )
    rules = _load(root / "safety" / "rules.yaml") or {}
    for rule in rules.get("rules") or []:
        shown = _dump({k: v for k, v in rule.items() if k not in ("id", "sources")})
        texts.append(
            ReviewText(
                f"safety/rules.yaml#rules[{rule['id']}]",
                shown,
                shown,
                Category.TYPED,
                tuple(str(s) for s in rule.get("sources") or ()),
            )
        )
    return texts


def _number_texts(root: Path, phrases: Any, language: str) -> list[ReviewText]:
    """The numbers of the countries the language answers for, with the crisis line's and the
    local service's names as the English text and the translation give them."""
    phrases = phrases or {}
    names = phrases.get("line_names") or {}
    texts = []
    for region in phrases.get("crisis_countries") or []:
        data = _load(root / "numbers" / f"{region}.yaml")
        if not isinstance(data, dict):
            continue
        line = data.get("crisis_line")
        sources = [
            *(data.get("sources") or []),
            *((line or {}).get("sources") or []),
            *((data.get("second_crisis_line") or {}).get("sources") or []),
            *((data.get("local_service") or {}).get("sources") or []),
        ]

        def shown(
            name: str | None, code: str, data: dict[str, Any] = data, line: Any = line
        ) -> str:
            text = f"Emergency: {', '.join(str(n) for n in data['emergency'])}"
            if isinstance(line, dict):
                text += f"\nCrisis line: {name or line['name']}, {line['number']}"
            else:
                text += "\nCrisis line: none (the answer says so)"
            second, service = data.get("second_crisis_line"), data.get("local_service")
            if isinstance(second, dict):
                text += f"\nSecond crisis line: {second['name']}, {second['number']}"
            if isinstance(service, dict):
                named = _service_name(service.get("name"), code)
                numbers = ", ".join(map(str, service.get("numbers") or []))
                text += f"\nLocal service: {': '.join(p for p in (named, numbers) if p)}"
            return text

        texts.append(
            ReviewText(
                f"numbers/{region}.yaml",
                shown(None, ENGLISH),
                shown(names.get(region), language),
                Category.NUMBERS,
                tuple(str(s) for s in dict.fromkeys(sources)),
            )
        )
    return texts


def _service_name(name: Any, language: str) -> str:
    """A local service's name as `language` says it (content/numbers: one name, or a name by
    language code, the variant's own first)."""
    if not isinstance(name, dict):
        return str(name or "")
    for code in (language, language.split("-")[0], ENGLISH):
        if name.get(code):
            return str(name[code])
    return ""


def _dump(node: Any) -> str:
    if node is None:
        return ""
    return dump_yaml(node).strip()
