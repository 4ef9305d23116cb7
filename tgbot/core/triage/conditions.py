"""`ask_when` conditions: when a question applies, as a small tree over earlier answers.

YAML forms (see content/flows/*.yaml):
    {question: location, any_of: [calf_foot, thigh]}   the answer includes one of these
    {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerIn:
    question_id: str
    option_ids: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    condition: Condition


Condition = AnswerIn | AllOf | AnyOf | Not


def holds(condition: Condition, answers: Mapping[str, tuple[str, ...]]) -> bool:
    """Evaluate on the answers given so far; a question without an answer matches nothing."""
    match condition:
        case AnswerIn(question_id, option_ids):
            chosen = answers.get(question_id, ())
            return any(option_id in chosen for option_id in option_ids)
        case AllOf(conditions):
            return all(holds(c, answers) for c in conditions)
        case AnyOf(conditions):
            return any(holds(c, answers) for c in conditions)
        case Not(inner):
            return not holds(inner, answers)
