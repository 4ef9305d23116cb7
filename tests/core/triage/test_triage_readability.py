"""Plain language: every text of the triage content reads at grade 8 or lower (Flesch-Kincaid).

Texts are scored in the units a person reads together: a question with its buttons, one reason,
one outcome, a list. Each line or list item counts as a sentence, as it is read as one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tgbot.core.content.markup import strip_tags
from tgbot.core.triage import TriageData, load_triage

from .helpers import CONTENT_ROOT

MAX_GRADE = 8.0


def as_sentences(*texts: str) -> str:
    """Tag-stripped text with every line and list item ended as a sentence."""
    sentences = []
    for text in texts:
        for raw in strip_tags(text).splitlines():
            line = raw.strip().lstrip("•").strip().rstrip(":")
            if line:
                sentences.append(line if line[-1] in ".?!" else line + ".")
    return " ".join(sentences)


def reading_units(data: TriageData) -> Iterator[tuple[str, str]]:
    for flow in data.flows.values():
        yield f"{flow.id}.intro", as_sentences(flow.intro)
        tell_doctor = list(flow.tell_doctor)
        for question in flow.questions:
            labels = [o.label for o in question.options]
            yield f"{flow.id}.{question.id}", as_sentences(question.text, *labels)
            yield f"{flow.id}.{question.id}.why", as_sentences(question.why)
            for option in question.options:
                if option.reason:
                    yield f"{flow.id}.{question.id}.{option.id}", as_sentences(option.reason)
                if option.tell_doctor:
                    tell_doctor.append(option.tell_doctor)
        yield f"{flow.id}.tell_doctor", as_sentences(*tell_doctor)
        for level, outcome in flow.outcomes.items():
            yield f"{flow.id}.outcomes.{level}", as_sentences(outcome.text)
            if outcome.see_doctor_if:
                yield (
                    f"{flow.id}.outcomes.{level}.see_doctor_if",
                    as_sentences(*outcome.see_doctor_if),
                )
            if outcome.reassess:
                yield f"{flow.id}.outcomes.{level}.reassess", as_sentences(outcome.reassess)
    t = data.texts
    yield "triage.disclaimer", as_sentences(t.disclaimer)
    yield "triage.levels", as_sentences(*(lv.headline for lv in t.levels.values()))
    e = t.emergency
    yield (
        "triage.emergency",
        as_sentences(e.do_not_wait, e.say_heading, *e.say, e.dont_drive, e.reasons_heading),
    )
    h, ui = t.headings, t.ui
    yield (
        "triage.headings",
        as_sentences(h.reasons, h.tell_doctor, h.tips, h.see_doctor_if, h.sources),
    )
    yield (
        "triage.ui",
        as_sentences(
            ui.back,
            ui.cancel,
            ui.done,
            ui.none_of_these,
            ui.start_again,
            ui.remind_me,
            ui.progress,
            ui.tick_all,
            ui.selected,
            ui.cancelled,
            ui.question_closed,
            ui.pick_first,
        ),
    )


UNITS = dict(reading_units(load_triage(CONTENT_ROOT)))


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_reading_grade(fk_grade: Callable[[str], float], unit: str) -> None:
    grade = fk_grade(UNITS[unit])
    assert grade <= MAX_GRADE, f"{unit}: grade {grade}: {UNITS[unit]}"


def test_grading_tells_hard_text_from_easy(fk_grade: Callable[[str], float]) -> None:
    easy = as_sentences("<b>Stop.</b> Stretch the muscle. Drink some water.")
    hard = as_sentences(
        "Persistent fasciculations accompanied by progressive asymmetrical weakness necessitate "
        "comprehensive neurophysiological evaluation, including electromyography."
    )
    assert fk_grade(easy) <= MAX_GRADE < fk_grade(hard)


def test_as_sentences() -> None:
    assert as_sentences("<b>Tell them:</b>\n• where you are\n• what happened?") == (
        "Tell them. where you are. what happened?"
    )
