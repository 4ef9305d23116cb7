"""Texts to sign, signatures, and the coverage they make (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

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
        state = (
            "clinically reviewed"
            if self.clinically_reviewed
            else "no safety-critical text of its own"
            if c.total == 0
            else "NOT clinically reviewed"
        )
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
