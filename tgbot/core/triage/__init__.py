"""Emergency-first triage: flows as data (content/flows), a pure engine, HTML rendering.

Pure Python and YAML: nothing here imports telegram, storage or handlers.
"""

from tgbot.core.triage.checks import check_source_ids, missing_tip_ids
from tgbot.core.triage.emergency import emergency_numbers
from tgbot.core.triage.engine import (
    Position,
    evaluate,
    level_so_far,
    next_step,
    normalise_answer,
    position,
    previous_question,
    progress,
    toggle_option,
    validate_answer,
)
from tgbot.core.triage.errors import AnswerError, MissingAnswer
from tgbot.core.triage.loader import load_triage
from tgbot.core.triage.models import (
    Answers,
    Flow,
    Level,
    Option,
    Outcome,
    Question,
    Reason,
    TriageData,
    TriageTexts,
)
from tgbot.core.triage.render import render_emergency, render_outcome, render_question

__all__ = [
    "AnswerError",
    "Answers",
    "Flow",
    "Level",
    "MissingAnswer",
    "Option",
    "Outcome",
    "Position",
    "Question",
    "Reason",
    "TriageData",
    "TriageTexts",
    "check_source_ids",
    "emergency_numbers",
    "evaluate",
    "level_so_far",
    "load_triage",
    "missing_tip_ids",
    "next_step",
    "normalise_answer",
    "position",
    "previous_question",
    "progress",
    "render_emergency",
    "render_outcome",
    "render_question",
    "toggle_option",
    "validate_answer",
]
