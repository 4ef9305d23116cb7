"""Answers that do not fit a flow (broken content raises tgbot.core.content.ContentError)."""

from __future__ import annotations


class AnswerError(ValueError):
    """An answer that the flow cannot take; question_id names the question when known."""

    def __init__(self, message: str, question_id: str | None = None) -> None:
        self.question_id = question_id
        super().__init__(message)


class MissingAnswer(AnswerError):
    """evaluate() was given answers that stop short of the end of the flow."""

    def __init__(self, question_id: str) -> None:
        super().__init__(f"no answer to '{question_id}', which this flow asks", question_id)
