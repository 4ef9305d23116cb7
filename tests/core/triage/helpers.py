"""Paths and answer generators shared by the triage tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from tgbot.core.triage import Flow, Question, next_step

REPO_ROOT = Path(__file__).resolve().parents[3]
CONTENT_ROOT = REPO_ROOT / "content"


def answer_strategy(question: Question) -> st.SearchStrategy[tuple[str, ...]]:
    """Any valid answer: one option of a single-select; "none" alone or a set of others."""
    if question.kind == "single":
        return st.sampled_from([o.id for o in question.options]).map(lambda o: (o,))
    exclusive = next(o.id for o in question.options if o.exclusive)
    others = [o.id for o in question.options if not o.exclusive]
    subsets = st.lists(st.sampled_from(others), min_size=1, unique=True).map(tuple)
    return st.one_of(st.just((exclusive,)), subsets)


def complete_answers(
    data: st.DataObject, flow: Flow, start: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Answer every question the flow asks, from `start` on, with drawn answers."""
    answers = dict(start or {})
    step = next_step(flow, answers)
    while isinstance(step, Question):
        answers[step.id] = data.draw(answer_strategy(step), label=step.id)
        step = next_step(flow, answers)
    return answers
