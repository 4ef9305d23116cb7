"""A clinician's sign-off of a translation, text by text (issue 28, part 6).

Every text of a language is paired with its English text under a stable id ("flows/twitch.yaml
#questions[emergency_signs].text"), with its sources and whether it is safety-critical. A
clinician approves a text, or flags it with a comment; content/locales/<code>/signoff.yaml keeps
who did (name and registration), when, and the sha256 of the English and the translated text
as they were read. A text changed since, in either language, is stale and counts as unsigned.
A language whose safety-critical texts are all signed and current is clinically reviewed: the
bot stops calling it a draft and leaves out the English copy under its emergency messages.

Pure: reads content/, computes; writing signoff.yaml is `record` (the review page's only write).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

ENGLISH = "en"
SIGNOFF_FILE = "signoff.yaml"


class Category(Enum):
    """Safety-critical texts first, in the order a clinician should read them."""

    EMERGENCY_QUESTIONS = "Emergency questions and options"
    EMERGENCY_OUTCOMES = "Emergency and urgent outcomes"
    CRISIS = "Crisis answers"
    TYPED = "Typed-message concept lists and rules"
    NUMBERS = "Numbers"
    OTHER = "Other texts"

    @property
    def safety_critical(self) -> bool:
        return self is not Category.OTHER


CATEGORY_ORDER = tuple(Category)


class Status(Enum):
    UNSIGNED = "unsigned"
    SIGNED = "signed"
    STALE = "stale"
    FLAGGED = "flagged"


@dataclass(frozen=True)
class ReviewText:
    id: str
    english: str
    translated: str
    category: Category
    source_ids: tuple[str, ...] = ()

    @property
    def safety_critical(self) -> bool:
        return self.category.safety_critical


@dataclass(frozen=True)
class Signature:
    """One text's sign-off as signoff.yaml keeps it."""

    approved: bool
    reviewer: str
    registration: str
    date: str
    english_sha256: str
    translation_sha256: str
    comment: str = ""


@dataclass(frozen=True)
class Counts:
    signed: int = 0
    stale: int = 0
    flagged: int = 0
    total: int = 0


@dataclass(frozen=True)
class Coverage:
    language: str
    all: Counts
    critical: Counts

    @property
    def clinically_reviewed(self) -> bool:
        """Every safety-critical text signed, and none changed since."""
        return self.critical.total > 0 and self.critical.signed == self.critical.total

    @property
    def critical_unsigned(self) -> int:
        return self.critical.total - self.critical.signed

    def line(self) -> str:
        a, c = self.all, self.critical
        state = "clinically reviewed" if self.clinically_reviewed else "NOT clinically reviewed"
        return (
            f"sign-off {self.language}: safety-critical {c.signed} signed / {c.stale} stale /"
            f" {c.flagged} flagged / {c.total} total; all texts {a.signed} signed / {a.stale}"
            f" stale / {a.flagged} flagged / {a.total} total; {state}"
        )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status_of(text: ReviewText, signature: Signature | None) -> Status:
    if signature is None:
        return Status.UNSIGNED
    if signature.english_sha256 != sha256(text.english) or signature.translation_sha256 != sha256(
        text.translated
    ):
        return Status.STALE
    return Status.SIGNED if signature.approved else Status.FLAGGED


def coverage(
    language: str, texts: Sequence[ReviewText], signatures: Mapping[str, Signature]
) -> Coverage:
    def count(chosen: Sequence[ReviewText]) -> Counts:
        statuses = [status_of(t, signatures.get(t.id)) for t in chosen]
        return Counts(
            signed=statuses.count(Status.SIGNED),
            stale=statuses.count(Status.STALE),
            flagged=statuses.count(Status.FLAGGED),
            total=len(statuses),
        )

    critical = [t for t in texts if t.safety_critical]
    return Coverage(language, count(texts), count(critical))


# ------------------------------------------------------------------ signoff.yaml


def signoff_path(root: Path, language: str) -> Path:
    return root / "locales" / language / SIGNOFF_FILE


def read_signatures(root: Path, language: str) -> dict[str, Signature]:
    path = signoff_path(root, language)
    if not path.is_file():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict) or document.get("language") != language:
        raise SignoffError(f"locales/{language}/{SIGNOFF_FILE}: language: must be {language!r}")
    texts = document.get("texts") or {}
    if not isinstance(texts, dict):
        raise SignoffError(f"locales/{language}/{SIGNOFF_FILE}: texts: expected a mapping")
    signatures = {}
    for text_id, entry in texts.items():
        try:
            signatures[str(text_id)] = Signature(
                approved=_status_word(entry["status"]),
                reviewer=str(entry["reviewer"]),
                registration=str(entry["registration"]),
                date=str(entry["date"]),
                english_sha256=str(entry["english_sha256"]),
                translation_sha256=str(entry["translation_sha256"]),
                comment=str(entry.get("comment") or ""),
            )
        except (KeyError, TypeError) as error:
            raise SignoffError(
                f"locales/{language}/{SIGNOFF_FILE}: {text_id}: missing or wrong {error}"
            ) from None
    return signatures


class SignoffError(ValueError):
    """signoff.yaml cannot be read: names the file and the place."""


def _status_word(word: object) -> bool:
    if word not in ("approved", "flagged"):
        raise TypeError("status (approved or flagged)")
    return word == "approved"


HEADER = """\
# Clinical sign-off of this translation, text by text: written by `python bot.py content review`
# (the review page), reviewed in git like any content change. Never edit by hand, never sign for
# someone else. Per text id: approved or flagged (with a comment), who (name and registration),
# when, and the sha256 of the English and the translated text as they were read. A text changed
# since, in either language, is stale and counts as unsigned. docs/translating.md, "Sign-off".
"""


def record(
    root: Path,
    text: ReviewText,
    *,
    approved: bool,
    reviewer: str,
    registration: str,
    comment: str = "",
    today: date,
    language: str,
) -> Signature:
    """Writes one text's approval or flag into signoff.yaml (replacing an earlier one)."""
    if not reviewer.strip() or not registration.strip():
        raise SignoffError("a sign-off needs the reviewer's name and registration")
    if not approved and not comment.strip():
        raise SignoffError("a flag needs a comment: what is wrong")
    signatures = read_signatures(root, language)
    signature = Signature(
        approved=approved,
        reviewer=reviewer.strip(),
        registration=registration.strip(),
        date=today.isoformat(),
        english_sha256=sha256(text.english),
        translation_sha256=sha256(text.translated),
        comment="" if approved else comment.strip(),
    )
    signatures[text.id] = signature
    entries: dict[str, dict[str, str]] = {}
    for text_id in sorted(signatures):
        s = signatures[text_id]
        entry = {
            "status": "approved" if s.approved else "flagged",
            "reviewer": s.reviewer,
            "registration": s.registration,
            "date": s.date,
            "english_sha256": s.english_sha256,
            "translation_sha256": s.translation_sha256,
        }
        if s.comment:
            entry["comment"] = s.comment
        entries[text_id] = entry
    body = yaml.safe_dump(
        {"language": language, "texts": entries}, allow_unicode=True, sort_keys=False, width=100
    )
    path = signoff_path(root, language)
    path.write_text(HEADER + body, encoding="utf-8")
    return signature


# ------------------------------------------------------------------ the texts of a language

# Fields a translation never writes (docs/translating.md, rule 5) and the translation's own.
_NOT_TEXT = frozenset(
    {
        "id", "kind", "level", "exclusive", "clears", "any_of", "ask_when", "tip", "topic",
        "section", "up_to_days", "unless_tips", "only_when", "url", "sources", "question",
        "option", "emergency_numbers", "language", "crisis_countries",
    }
)  # fmt: skip
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
        texts += _file_texts(relative, _load(path), _load(root / relative), relative)
    phrases = _load(root / "phrases" / f"{language}.yaml")
    texts += _file_texts(
        f"phrases/{language}.yaml", phrases, _load(root / "phrases" / f"{ENGLISH}.yaml"), "phrases"
    )
    texts += _safety_texts(root, language)
    texts += _number_texts(root, phrases)
    order = {category: index for index, category in enumerate(CATEGORY_ORDER)}
    return sorted(texts, key=lambda t: order[t.category])  # stable: file order within


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> Any:
    if not path.is_file():
        return None
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


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
            if str(key) in _NOT_TEXT:
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
        elif head in ("asks", "safety_line"):
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


def _number_texts(root: Path, phrases: Any) -> list[ReviewText]:
    """The numbers of the countries the language answers for, with the crisis line's name as
    the English text and the translation give it."""
    phrases = phrases or {}
    names = phrases.get("line_names") or {}
    texts = []
    for region in phrases.get("crisis_countries") or []:
        data = _load(root / "numbers" / f"{region}.yaml")
        if not isinstance(data, dict):
            continue
        line = data.get("crisis_line")
        sources = [*(data.get("sources") or []), *((line or {}).get("sources") or [])]

        def shown(name: str | None, data: dict[str, Any] = data, line: Any = line) -> str:
            text = f"Emergency: {', '.join(str(n) for n in data['emergency'])}"
            if isinstance(line, dict):
                text += f"\nCrisis line: {name or line['name']}, {line['number']}"
            else:
                text += "\nCrisis line: none (the answer says so)"
            return text

        texts.append(
            ReviewText(
                f"numbers/{region}.yaml",
                shown(None),
                shown(names.get(region)),
                Category.NUMBERS,
                tuple(str(s) for s in dict.fromkeys(sources)),
            )
        )
    return texts


def _dump(node: Any) -> str:
    if node is None:
        return ""
    return yaml.safe_dump(node, allow_unicode=True, sort_keys=False, width=100).strip()


def language_coverage(root: Path, language: str) -> Coverage:
    return coverage(language, review_texts(root, language), read_signatures(root, language))


def signed_status(root: Path, language: str) -> tuple[Coverage, tuple[str, ...]]:
    """The language's coverage, and who signed it ("name (registration)", each once)."""
    signatures = read_signatures(root, language)
    cover = coverage(language, review_texts(root, language), signatures)
    signers = (f"{s.reviewer} ({s.registration})" for s in signatures.values())
    return cover, tuple(dict.fromkeys(signers))
