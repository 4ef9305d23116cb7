"""Properties of the engine over random answers to the real flows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.triage import (
    Level,
    Outcome,
    Question,
    TriageData,
    evaluate,
    level_so_far,
    next_step,
    previous_question,
    progress,
)
from tgbot.core.triage.conditions import holds

from .helpers import answer_strategy, complete_answers

FLOWS = ["twitch", "spasm"]
EXAMPLES = settings(max_examples=150, deadline=None)


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_any_emergency_sign_gives_emergency_and_stops(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    signs = [o.id for o in flow.questions[0].options if not o.exclusive]
    chosen = data.draw(st.lists(st.sampled_from(signs), min_size=1, unique=True), label="signs")
    # Whatever else was answered (say, before going back to the first question) is ignored.
    rest = complete_answers(data, flow, {"emergency_signs": ("none",)})
    answers = {**rest, "emergency_signs": tuple(chosen)}
    outcome = evaluate(flow, answers)
    assert outcome.level is Level.EMERGENCY
    assert outcome.asked == ("emergency_signs",)
    assert {r.option_id for r in outcome.reasons} == set(chosen)
    step = next_step(flow, {"emergency_signs": tuple(chosen)})
    assert isinstance(step, Outcome)
    assert step.level is Level.EMERGENCY


def _clears_nothing_or_only_yes_unchanged(question_id: str, chosen: tuple[str, ...]) -> bool:
    return (question_id, chosen) == ("already_checked", ("yes_unchanged",))


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_complete_answers_give_an_outcome(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers = complete_answers(data, flow)
    outcome = evaluate(flow, answers)
    assert isinstance(outcome.level, Level)
    assert outcome.asked[0] == "emergency_signs"
    assert outcome.asked == tuple(q.id for q in flow.questions if q.id in outcome.asked)
    assert progress(flow, answers) == (len(outcome.asked), flow.most_questions)
    assert len(outcome.asked) <= flow.most_questions
    # The level is the highest level of any chosen answer not cleared by a later one,
    # self-care when none has one.
    chosen = [
        (question_id, option)
        for question_id in outcome.asked
        for option in flow.questions[[q.id for q in flow.questions].index(question_id)].options
        if option.id in answers[question_id]
    ]
    cleared = {q for _, option in chosen for q in option.clears}
    chosen_levels = [
        o.level
        for q, o in chosen
        if o.level is not None
        and q not in cleared
        and (o.level_when is None or holds(o.level_when, answers))
    ]
    assert outcome.level.rank == max((lv.rank for lv in chosen_levels), default=0)
    assert all(
        outcome.reasons[i].level.rank >= outcome.reasons[i + 1].level.rank
        for i in range(len(outcome.reasons) - 1)
    )
    assert all(r.source_ids for r in outcome.reasons)
    assert outcome.source_ids


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_adding_an_answer_never_lowers_the_level_except_already_checked(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    """Answer by answer along any path, the level only rises; the one exception is
    already_checked = yes_unchanged, which drops what location and duration said."""
    flow = triage_data.flows[flow_id]
    answers: dict[str, tuple[str, ...]] = {}
    level = level_so_far(flow, answers)
    step = next_step(flow, answers)
    while isinstance(step, Question):
        answers[step.id] = data.draw(answer_strategy(step), label=step.id)
        new_level = level_so_far(flow, answers)
        if _clears_nothing_or_only_yes_unchanged(step.id, answers[step.id]):
            assert new_level is Level.SELF_CARE
        else:
            assert new_level.rank >= level.rank, step.id
        level = new_level
        step = next_step(flow, answers)
    assert step.level is level


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_the_check_stops_as_soon_as_the_level_is_fixed(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers = complete_answers(data, flow)
    outcome = evaluate(flow, answers)
    last = flow.question(outcome.asked[-1])
    assert last is not None
    before_last = {q: answers[q] for q in outcome.asked[:-1]}
    if outcome.level is Level.EMERGENCY:
        assert outcome.asked == ("emergency_signs",)
    if outcome.level is Level.URGENT:
        # It stopped at the very answer that made it urgent, unless a later question could
        # still have made it an emergency.
        assert level_so_far(flow, before_last).rank < Level.URGENT.rank
        assert not flow.can_reach(Level.EMERGENCY, after=last)
    # Any question still to come that applies was asked: the flow stopped only for a fixed level.
    if outcome.level.rank < Level.URGENT.rank:
        assert next_step(flow, answers) == outcome
        later = flow.questions[flow.questions.index(last) + 1 :]
        assert all(q.ask_when is not None for q in later)


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_adding_a_symptom_never_lowers_the_level(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers = complete_answers(data, flow, {"emergency_signs": ("none",)})
    before = evaluate(flow, answers)
    multi = [q for q in flow.questions[1:] if q.kind == "multi" and q.id in before.asked]
    if not multi:
        return  # ended at the location (belly): nothing to add to
    question = data.draw(st.sampled_from(multi), label="question")
    extra = data.draw(
        st.sampled_from([o.id for o in question.options if not o.exclusive]), label="extra"
    )
    # Adding replaces "none", or joins the options already ticked.
    kept = tuple(o for o in answers[question.id] if o != "none")
    changed = {**answers, question.id: tuple(dict.fromkeys((*kept, extra)))}
    after = evaluate(flow, complete_answers(data, flow, changed))
    assert after.level.rank >= before.level.rank or "yes_unchanged" in before.answers.get(
        "already_checked", ()
    )


@pytest.mark.parametrize("flow_id", FLOWS)
@EXAMPLES
@given(data=st.data())
def test_each_answer_moves_progress_one_step(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers: dict[str, tuple[str, ...]] = {}
    step = next_step(flow, answers)
    while isinstance(step, Question):
        number, total = progress(flow, answers)
        assert number == len(answers) + 1
        # The same "up to" from the first question to the last: it never moves.
        assert number <= total == flow.most_questions <= len(flow.questions)
        answers[step.id] = data.draw(answer_strategy(step), label=step.id)
        assert previous_question(flow, answers) == step.id
        step = next_step(flow, answers)
    assert step.asked == tuple(answers)
