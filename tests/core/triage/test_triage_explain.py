"""Every question explains itself, and every outcome names the answers that decided it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.content.problems import ContentError
from tgbot.core.triage import Level, TriageData, evaluate, load_triage
from tgbot.core.triage.conditions import holds
from tgbot.core.triage.engine import answer_words

from .helpers import complete_answers

FLOWS = ["twitch", "spasm"]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_question_has_a_sourced_explanation(triage_data: TriageData, flow_id: str) -> None:
    for question in triage_data.flows[flow_id].questions:
        assert question.why, question.id
        assert question.why_source_ids, question.id


def test_a_question_without_an_explanation_is_rejected(content_copy: Path) -> None:
    flow_file = content_copy / "flows" / "twitch.yaml"
    text = flow_file.read_text(encoding="utf-8")
    start = text.index("    why:", text.index("  - id: duration"))
    end = text.index("    kind:", start)
    flow_file.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_triage(content_copy)
    assert caught.value.path == "questions[2].why"
    assert caught.value.problem == "missing field"


def test_answer_words_drop_the_emoji() -> None:
    assert answer_words("⏳ More than 2 weeks") == "More than 2 weeks"
    assert answer_words("1️⃣ This is the first time") == "This is the first time"
    assert answer_words("Plain words") == "Plain words"


@pytest.mark.parametrize("flow_id", FLOWS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_outcome_lists_exactly_the_answers_that_set_the_level(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers = complete_answers(data, flow)
    outcome = evaluate(flow, answers)
    chosen = [
        (question, option)
        for question in flow.questions
        if question.id in outcome.asked
        for option in question.options
        if option.id in answers[question.id]
    ]
    cleared = {q for _, option in chosen for q in option.clears}
    setting = {
        (question.id, option.id)
        for question, option in chosen
        if option.level is outcome.level
        and question.id not in cleared
        and (option.level_when is None or holds(option.level_when, answers))
    }
    assert {(r.question_id, r.option_id) for r in outcome.decided_by} == setting
    if outcome.level is not Level.SELF_CARE:
        assert outcome.decided_by, "a level above self-care is always set by an answer"
    for reason in outcome.decided_by:
        question = flow.question(reason.question_id)
        assert question is not None
        option = question.option(reason.option_id)
        assert option is not None
        assert reason.answer in option.label
        assert reason.source_ids
