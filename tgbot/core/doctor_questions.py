"""The questions a user wants to ask their doctor (/questions), kept for the doctor's page.

A few short ones: the page has room for five lines of about two hundred characters under the
checks and the diary, and a doctor's appointment for little more. A question is kept on one
line, its spaces tidied, so it prints as typed and cannot break the page's layout.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

MAX_QUESTIONS = 5
MAX_CHARACTERS = 200


class Refusal(enum.Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    FULL = "full"


@dataclass(frozen=True)
class Added:
    questions: tuple[str, ...]
    """Every question kept, the new one last."""
    refusal: Refusal | None = None
    """Why nothing was added (``questions`` is then unchanged)."""
    length: int = 0
    """The length of the question as typed, tidied."""


def tidy(text: str) -> str:
    """One line, single spaces: what prints on the page."""
    return " ".join(text.split())


def add_question(kept: tuple[str, ...], typed: str) -> Added:
    question = tidy(typed)
    if not question:
        return Added(kept, Refusal.EMPTY)
    if len(kept) >= MAX_QUESTIONS:
        return Added(kept, Refusal.FULL, len(question))
    if len(question) > MAX_CHARACTERS:
        return Added(kept, Refusal.TOO_LONG, len(question))
    if question in kept:
        return Added(kept, None, len(question))  # sent twice: kept once
    return Added((*kept, question), None, len(question))
