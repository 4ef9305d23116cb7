"""The generic triage engine: answers -> next question or outcome.

It knows question kinds, `ask_when` conditions, option levels, exclusive options and `clears`,
and three rules: the highest level wins (except that an answer with `clears` drops the reasons
of the questions it names); the flow ends as soon as the level is fixed, at once for an
emergency answer and for an urgent one when no later question can reach emergency; and
answers to questions not asked are ignored. What each answer means clinically is data in
content/flows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from tgbot.core.triage.conditions import holds
from tgbot.core.triage.errors import AnswerError, MissingAnswer
from tgbot.core.triage.models import Answers, Flow, Level, Option, Outcome, Question, Reason


@dataclass(frozen=True)
class _Walk:
    """How far the answers carry a person through the flow."""

    asked: tuple[Question, ...]
    """Questions asked and answered, in order."""
    answers: Mapping[str, tuple[str, ...]]
    """Normalised answers to exactly the asked questions."""
    current: Question | None
    """The next question to ask; None when the flow has ended."""


def _walk(flow: Flow, answers: Answers) -> _Walk:
    for question_id in answers:
        if flow.question(question_id) is None:
            raise AnswerError(f"'{question_id}' is not a question of flow '{flow.id}'", question_id)
    given: dict[str, tuple[str, ...]] = {}
    asked: list[Question] = []
    for question in flow.questions:
        # Conditions see only the answers of questions asked before, so a stale answer to a
        # question that no longer applies (the person went back and changed course) is ignored.
        if question.ask_when is not None and not holds(question.ask_when, given):
            continue
        if question.id not in answers:
            return _Walk(tuple(asked), MappingProxyType(given), question)
        chosen = _normalise(question, answers[question.id])
        given[question.id] = chosen
        asked.append(question)
        if _level_is_fixed(flow, question, _level(_reasons(asked, given))):
            break
    return _Walk(tuple(asked), MappingProxyType(given), None)


def _level_is_fixed(flow: Flow, last: Question, level: Level) -> bool:
    """Nothing still to come can change the advice: ask no more."""
    if level is Level.EMERGENCY:
        return True
    return level is Level.URGENT and not flow.can_reach(Level.EMERGENCY, after=last)


def _normalise(question: Question, option_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Check one answer; return its option ids without repeats, in the question's order."""
    if not option_ids:
        raise AnswerError(f"no option chosen for '{question.id}'", question.id)
    known = [o.id for o in question.options]
    for option_id in option_ids:
        if option_id not in known:
            raise AnswerError(
                f"'{option_id}' is not an option of '{question.id}' (options: {', '.join(known)})",
                question.id,
            )
    chosen = tuple(o.id for o in question.options if o.id in option_ids)
    if question.kind == "single" and len(chosen) > 1:
        raise AnswerError(f"'{question.id}' takes one option, got {len(chosen)}", question.id)
    exclusive = [o.id for o in question.options if o.exclusive and o.id in chosen]
    if exclusive and len(chosen) > 1:
        raise AnswerError(
            f"'{exclusive[0]}' cannot be combined with other options in '{question.id}'",
            question.id,
        )
    return chosen


@dataclass(frozen=True)
class Position:
    """Where answers leave a person, from one walk through the flow: what a tap needs (the
    step to show, "Question n of up to m", whether Back has somewhere to go)."""

    step: Question | Outcome
    number: int
    """The current question's number (at the end, the count of questions asked)."""
    total: int
    """The most questions the flow can ask."""
    previous: str | None
    """For Back: the last question asked and answered, if any."""


def position(flow: Flow, answers: Answers) -> Position:
    """The next step, the progress and Back's target of `answers`, walking the flow once."""
    walk = _walk(flow, answers)
    done = len(walk.asked)
    step = walk.current if walk.current is not None else _outcome(flow, walk)
    number = done if walk.current is None else done + 1
    previous = walk.asked[-1].id if walk.asked else None
    return Position(step, number, flow.most_questions, previous)


def normalise_answer(question: Question, option_ids: tuple[str, ...]) -> tuple[str, ...]:
    """An answer to `question` checked and in the question's order (AnswerError if invalid);
    the caller knows `question` is the one asked now."""
    return _normalise(question, option_ids)


def validate_answer(
    flow: Flow, answers_so_far: Answers, question_id: str, option_ids: tuple[str, ...]
) -> tuple[str, ...]:
    """Check an answer to the question the flow asks now; return it normalised.

    Raises AnswerError for an unknown question or option, an empty answer, several options to a
    single-select, "none" combined with others, or a question that is not the one asked now.
    """
    question = flow.question(question_id)
    if question is None:
        raise AnswerError(f"'{question_id}' is not a question of flow '{flow.id}'", question_id)
    current = _walk(flow, answers_so_far).current
    if current is None:
        raise AnswerError(f"'{question_id}' is not asked now: the flow has ended", question_id)
    if current.id != question_id:
        raise AnswerError(
            f"'{question_id}' is not asked now; the current question is '{current.id}'",
            question_id,
        )
    return _normalise(question, option_ids)


def next_step(flow: Flow, answers: Answers) -> Question | Outcome:
    """The next question that applies and has no answer yet, or the outcome."""
    walk = _walk(flow, answers)
    return walk.current if walk.current is not None else _outcome(flow, walk)


def evaluate(flow: Flow, answers: Answers) -> Outcome:
    """The outcome of complete answers; raises MissingAnswer naming the first unanswered one."""
    walk = _walk(flow, answers)
    if walk.current is not None:
        raise MissingAnswer(walk.current.id)
    outcome = _outcome(flow, walk)
    ignored = tuple(q.id for q in flow.questions if q.id in answers and q.id not in walk.answers)
    return replace(outcome, ignored=ignored)


def level_so_far(flow: Flow, answers: Answers) -> Level:
    """The level the answers given so far reach (the flow need not be finished)."""
    walk = _walk(flow, answers)
    return _level(_reasons(walk.asked, walk.answers))


def progress(flow: Flow, answers: Answers) -> tuple[int, int]:
    """(number of the current question, the most questions the flow can ask).

    The second number is fixed for the flow, so it never moves while a person answers: the
    questions that apply depend on answers not given yet. At the end the first number is the
    count of questions asked.
    """
    walk = _walk(flow, answers)
    done = len(walk.asked)
    return (done if walk.current is None else done + 1), flow.most_questions


def previous_question(flow: Flow, answers: Answers) -> str | None:
    """For Back: the last question asked and answered (its answer is to be dropped), if any."""
    asked = _walk(flow, answers).asked
    return asked[-1].id if asked else None


def toggle_option(question: Question, selected: tuple[str, ...], option_id: str) -> tuple[str, ...]:
    """A multi-select tick: picking "none" clears the others, picking another clears "none"."""
    option = question.option(option_id)
    if option is None:
        raise AnswerError(f"'{option_id}' is not an option of '{question.id}'", question.id)
    if option_id in selected:
        return tuple(o for o in selected if o != option_id)
    if option.exclusive:
        return (option_id,)
    exclusive = {o.id for o in question.options if o.exclusive}
    keep = {o for o in selected if o not in exclusive} | {option_id}
    return tuple(o.id for o in question.options if o.id in keep)


def _chosen(
    asked: Iterable[Question], answers: Mapping[str, tuple[str, ...]]
) -> list[tuple[Question, Option]]:
    return [
        (question, option)
        for question in asked
        for option in question.options
        if option.id in answers[question.id]
    ]


def _reasons(asked: Iterable[Question], answers: Mapping[str, tuple[str, ...]]) -> list[Reason]:
    """Reasons of the chosen answers, highest level first, without those an answer cleared."""
    chosen = _chosen(asked, answers)
    cleared = {question_id for _, option in chosen for question_id in option.clears}
    reasons = [
        Reason(
            option.reason,
            option.level,
            option.source_ids,
            question.id,
            option.id,
            answer_words(option.label),
        )
        for question, option in chosen
        if option.level is not None
        and option.reason is not None
        and question.id not in cleared
        and (option.level_when is None or holds(option.level_when, answers))
    ]
    reasons.sort(key=lambda r: -r.level.rank)  # stable: equal levels keep the asked order
    return reasons


def answer_words(label: str) -> str:
    """A button label without its leading emoji: the user's answer in words."""
    head, _, rest = label.partition(" ")
    is_emoji = not head.isascii() and not any(c.isalpha() for c in head)
    return rest if rest and is_emoji else label


def _level(reasons: list[Reason]) -> Level:
    return reasons[0].level if reasons else Level.SELF_CARE


def _outcome(flow: Flow, walk: _Walk) -> Outcome:
    chosen = _chosen(walk.asked, walk.answers)
    reasons = _reasons(walk.asked, walk.answers)
    level = _level(reasons)
    sources = [s for r in reasons for s in r.source_ids] + _outcome_sources(flow, level, reasons)
    return Outcome(
        flow_id=flow.id,
        level=level,
        reasons=tuple(reasons),
        tip_ids=_unique(option.tip for _, option in chosen if option.tip is not None),
        tell_doctor=_unique(
            [o.tell_doctor for _, o in chosen if o.tell_doctor is not None] + list(flow.tell_doctor)
        ),
        source_ids=_unique(sources),
        asked=tuple(q.id for q in walk.asked),
        answers=walk.answers,
    )


def _outcome_sources(flow: Flow, level: Level, reasons: list[Reason]) -> list[str]:
    """The outcome text's sources, less those there for a reason of this level that did not
    apply: an urgent belly cramp does not list the source about a swollen leg (a clot), nor
    tingling lips the one about a reaction to a new medicine. A source that other outcomes of
    the flow name too backs the advice itself, and stays; so do all of an emergency's (what to
    do while help comes holds for every emergency sign)."""
    if level is Level.EMERGENCY:
        return list(flow.outcomes[level].source_ids)
    applied = {s for r in reasons for s in r.source_ids}
    of_reasons = {
        s for q in flow.questions for o in q.options if o.level is level for s in o.source_ids
    }
    general = {
        s for other, text in flow.outcomes.items() if other is not level for s in text.source_ids
    }
    return [
        s
        for s in flow.outcomes[level].source_ids
        if s in applied or s in general or s not in of_reasons
    ]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
