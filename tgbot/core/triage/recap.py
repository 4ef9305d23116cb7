"""Answers given in a check, in the user's words: "Where is the twitch? 👁️ Eyelid".

For /mydata, the record at the end of a check and (later) the doctor's summary. Stored answers
are option ids only; a question or option that a content edit has since removed is shown by
its id rather than dropped, so nothing kept is hidden from the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from tgbot.core.content.markup import strip_tags
from tgbot.core.triage.models import Flow, Option, Question


def _label(option: Option | None, option_id: str) -> str:
    return option.label if option is not None else option_id


def _heading(question: Question | None, question_id: str) -> str:
    """The question's first line, as plain text (the rest is its hints)."""
    if question is None:
        return question_id
    return strip_tags(question.text).strip().splitlines()[0]


def answer_lines(
    flow: Flow, answers: Mapping[str, tuple[str, ...]], template: str = "{question} <b>{answer}</b>"
) -> list[str]:
    """One line per answered question, in the flow's order, as escaped Telegram HTML.
    `template` (from content) has {question} and {answer}."""
    lines: list[str] = []
    known = [q.id for q in flow.questions]
    ordered = [q for q in known if q in answers] + [q for q in answers if q not in known]
    for question_id in ordered:
        question = flow.question(question_id)
        heading = _heading(question, question_id)
        chosen = ", ".join(
            _label(question.option(o) if question is not None else None, o)
            for o in answers[question_id]
        )
        lines.append(
            template.format(
                question=escape(heading, quote=False), answer=escape(chosen, quote=False)
            )
        )
    return lines
