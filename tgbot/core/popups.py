"""The pop-ups a button tap answers with (answerCallbackQuery), measured as sent.

Telegram shows at most 200 characters in one (0-200, core.telegram.org/bots/api
#answercallbackquery) and refuses a longer text with "MESSAGE_TOO_LONG": the user then sees
nothing at all. The "Why this question?" pop-up is the question's why text and, after a blank
line, its sources' publishers ("Source: NHS"), so the check measures that whole text in every
language, not the why text alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from tgbot.core.content.models import Source
from tgbot.core.content.render import SourceLabels
from tgbot.core.content.store import ContentStore
from tgbot.core.triage.models import Question, TriageData

MAX_POPUP_LENGTH = 200
"""answerCallbackQuery's text: 0-200 characters (UTF-16 code units, as Telegram counts)."""

POPUP_MESSAGES = ("expired_button", "group_note", "feedback_thanks")
"""The messages.yaml texts the bot shows in a pop-up."""


def why_popup(question: Question, sources: Mapping[str, Source], labels: SourceLabels) -> str:
    """The pop-up of "Why this question?", as sent: the why text, then its publishers, each
    once, after the language's "Source"/"Sources"."""
    publishers = list(dict.fromkeys(sources[s].publisher for s in question.why_source_ids))
    if not publishers:
        return question.why
    label = labels.one if len(publishers) == 1 else labels.many
    return f"{question.why}\n\n{label}: {', '.join(publishers)}"


def popup_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def popup_problems(content: ContentStore, triage: TriageData, language: str) -> list[str]:
    """Every pop-up of one language longer than Telegram shows, one line each."""
    labels = SourceLabels.from_messages(content.messages, language)
    problems = []
    for flow in triage.flows.values():
        for question in flow.questions:
            if not question.why:
                continue
            length = popup_length(why_popup(question, content.sources, labels))
            if length > MAX_POPUP_LENGTH:
                problems.append(
                    f"{_where(language)}flows/{flow.id}.yaml: {question.id}.why: the pop-up as"
                    f" sent (text and sources) is {length} characters; Telegram shows at most"
                    f" {MAX_POPUP_LENGTH}"
                )
    ui = triage.texts.ui
    texts = {
        "triage.yaml: ui.pick_first": ui.pick_first,
        "triage.yaml: ui.question_closed": ui.question_closed,
        **{f"messages.yaml: {key}": content.messages.get(key, "") for key in POPUP_MESSAGES},
    }
    for where, text in texts.items():
        length = popup_length(text)
        if length > MAX_POPUP_LENGTH:
            problems.append(
                f"{_where(language)}{where}: a pop-up of {length} characters; Telegram shows"
                f" at most {MAX_POPUP_LENGTH}"
            )
    return problems


def _where(language: str) -> str:
    return "" if language == "en" else f"locales/{language}/"
