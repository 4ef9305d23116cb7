"""Errors of the triage package: broken content, and answers that do not fit a flow."""

from __future__ import annotations


class TriageContentError(ValueError):
    """content/ is broken; the message names the file and the field path, for a clinician."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {problem}")


class AnswerError(ValueError):
    """An answer that the flow cannot take; question_id names the question when known."""

    def __init__(self, message: str, question_id: str | None = None) -> None:
        self.question_id = question_id
        super().__init__(message)


class MissingAnswer(AnswerError):
    """evaluate() was given answers that stop short of the end of the flow."""

    def __init__(self, question_id: str) -> None:
        super().__init__(f"no answer to '{question_id}', which this flow asks", question_id)
