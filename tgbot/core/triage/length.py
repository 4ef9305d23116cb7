"""How long a check can be: the most questions any answers lead to.

The progress line says "Question 2 of up to 6" with this fixed number: a count of the
questions that apply so far would grow as answers open new questions ("2 of 7" becoming
"3 of 8"), and a person cannot tell how long is left from a number that moves.
"""

from __future__ import annotations

from itertools import combinations

from tgbot.core.triage.conditions import AllOf, AnswerIn, AnyOf, Condition, Not
from tgbot.core.triage.engine import next_step
from tgbot.core.triage.models import Answers, Flow, Question


def most_questions(flow: Flow) -> int:
    """The longest path through the flow over all possible answers."""
    named = _named_options(flow)
    return _longest(flow, {}, named)


def _longest(flow: Flow, answers: Answers, named: dict[str, set[str]]) -> int:
    step = next_step(flow, answers)
    if not isinstance(step, Question):
        return len(step.asked)
    return max(
        _longest(flow, {**answers, step.id: choice}, named)
        for choice in _choices(step, named.get(step.id, set()))
    )


def _choices(question: Question, named: set[str]) -> list[tuple[str, ...]]:
    """One answer of each kind that can change the path: every combination of the options
    later conditions name, and one other option. Of the others the lowest level is taken, as a
    higher one can only end the check sooner (conditions look at options, never levels)."""
    ids = [o.id for o in question.options]
    choices: list[tuple[str, ...]] = [(o,) for o in ids if o in named]
    if question.kind == "multi":
        combinable = [o.id for o in question.options if o.id in named and not o.exclusive]
        for size in range(2, len(combinable) + 1):
            choices += list(combinations(combinable, size))
    others = [o for o in question.options if o.id not in named]
    if others:
        lowest = min(others, key=lambda o: -1 if o.level is None else o.level.rank)
        choices.append((lowest.id,))
    return choices


def _named_options(flow: Flow) -> dict[str, set[str]]:
    """Question id -> the options any `ask_when` condition looks at."""
    named: dict[str, set[str]] = {}
    for question in flow.questions:
        if question.ask_when is not None:
            _collect(question.ask_when, named)
    return named


def _collect(condition: Condition, named: dict[str, set[str]]) -> None:
    match condition:
        case AnswerIn(question_id, option_ids):
            named.setdefault(question_id, set()).update(option_ids)
        case AllOf(conditions) | AnyOf(conditions):
            for inner in conditions:
                _collect(inner, named)
        case Not(inner):
            _collect(inner, named)
