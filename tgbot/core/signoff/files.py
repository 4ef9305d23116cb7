"""signoff.yaml read and written, and a language's coverage from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tgbot.core.content.yaml_reader import YamlTextError, dump_yaml, load_yaml_text
from tgbot.core.signoff.model import (
    SIGNOFF_FILE,
    Coverage,
    ReviewText,
    Signature,
    coverage,
    sha256,
)
from tgbot.core.signoff.texts import review_texts


def signoff_path(root: Path, language: str) -> Path:
    return root / "locales" / language / SIGNOFF_FILE


def read_signatures(root: Path, language: str) -> dict[str, Signature]:
    path = signoff_path(root, language)
    if not path.is_file():
        return {}
    try:
        document = load_yaml_text(path.read_text(encoding="utf-8")) or {}
    except YamlTextError as error:
        # A merge conflict or a hand edit: one content problem, not a traceback.
        raise SignoffError(f"locales/{language}/{SIGNOFF_FILE}: {error}") from None
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
    body = dump_yaml(
        {"language": language, "texts": entries}, allow_unicode=True, sort_keys=False, width=100
    )
    path = signoff_path(root, language)
    path.write_text(HEADER + body, encoding="utf-8")
    return signature


# ------------------------------------------------------------------ the texts of a language

# Fields a translation never writes (docs/translating.md, rule 5) and the translation's own.


def language_coverage(root: Path, language: str) -> Coverage:
    return coverage(language, review_texts(root, language), read_signatures(root, language))


def signed_status(root: Path, language: str) -> tuple[Coverage, tuple[str, ...]]:
    """The language's coverage, and who signed it ("name (registration)", each once)."""
    signatures = read_signatures(root, language)
    cover = coverage(language, review_texts(root, language), signatures)
    signers = (f"{s.reviewer} ({s.registration})" for s in signatures.values())
    return cover, tuple(dict.fromkeys(signers))
