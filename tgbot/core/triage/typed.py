"""Which answers of the question asked now a typed message names ("eyelid", "3 weeks").

Text typed in the middle of a check is read against the current question only. What it finds
is offered for the user to confirm, never taken as an answer by itself.
"""

from __future__ import annotations

import re

from tgbot.core.content.markup import strip_tags
from tgbot.core.content.matching import content_stems, details_said, has_words
from tgbot.core.content.models import TopicQuestions
from tgbot.core.content.wording import Wording
from tgbot.core.triage.engine import answer_words
from tgbot.core.triage.models import Level, Question

_DIGITS = re.compile(r"[0-9]+")


def _words(text: str, wording: Wording) -> tuple[str, ...]:
    """Stems of the meaningful words, and the numbers: "1 to 2 weeks" is not "3 weeks"."""
    return (*content_stems(text, wording), *_DIGITS.findall(text))


def typed_options(
    question: Question, text: str, rules: TopicQuestions | None, wording: Wording
) -> tuple[str, ...]:
    """Option ids of `question` that `text` names, in the question's order; () for none.
    `rules` and `wording` are of the language the user writes in (their content store).

    The first of these that finds anything wins, from the surest to the loosest: every word of
    an option's label is in the text ("less than a week"); the phrasings content lists for the
    topic's check ("my eye" -> eyelid, "for 3 weeks"); every word of the text is in a label
    ("thumb" -> "Thumb or hand", "yes"). That loosest reading never offers an emergency sign:
    "leg" typed at the safety question is not "numb legs".
    """
    said = _words(text, wording)
    labels = {o.id: _words(answer_words(o.label), wording) for o in question.options}
    phrased = details_said(rules, text, wording).get(question.id, ()) if rules else ()
    tiers = (
        {o for o, label in labels.items() if label and has_words(said, label)},
        set(phrased),
        {
            o.id
            for o in question.options
            if said and o.level is not Level.EMERGENCY and has_words(labels[o.id], said)
        },
    )
    found = next((tier for tier in tiers if tier), set())
    return tuple(o.id for o in question.options if o.id in found)


def question_heading(question: Question) -> str:
    """The question's first line as plain text (the rest is its hints)."""
    return strip_tags(question.text).strip().splitlines()[0]
