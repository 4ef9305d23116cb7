""" "Was this helpful?": the fixed choices a user has, and the counts an operator sees.

Nothing a user types is ever kept: a vote is 👍 or 👎 and a 👎 may add one reason from
:data:`REASONS`. The item is what was rated: ``kind`` (``outcome``, ``faq``) and its ``item``
id (``twitch.doctor``: flow and level; a frequent question's id), with the content version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Vote(StrEnum):
    UP = "up"
    DOWN = "down"


class Reason(StrEnum):
    UNCLEAR = "unclear"
    OFF_TOPIC = "off_topic"
    """Did not answer my question."""
    WRONG_LEVEL = "wrong_level"
    OTHER = "other"


REASONS = tuple(Reason)


class ItemKind(StrEnum):
    OUTCOME = "outcome"
    FAQ = "faq"


def outcome_item(flow_id: str, level: str) -> str:
    return f"{flow_id}.{level}"


@dataclass(frozen=True)
class FeedbackCount:
    kind: str
    item: str
    version: str
    up: int = 0
    down: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
