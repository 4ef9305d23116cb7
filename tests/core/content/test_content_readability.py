"""Plain language: every text a user reads scores Flesch-Kincaid grade 8 or below."""

from __future__ import annotations

import pytest
import textstat

from tgbot.core.content import ContentStore, plain_text

MAX_GRADE = 8.0


def _user_texts(store: ContentStore) -> dict[str, str]:
    texts = {}
    for topic in store.topics.values():
        texts[f"{topic.id}.title"] = topic.title
        texts[f"{topic.id}.overview"] = topic.overview_html
        for section in topic.sections.values():
            texts[f"{topic.id}.sections.{section.id}.title"] = section.title
            texts[f"{topic.id}.sections.{section.id}.text"] = section.html
        for tip in topic.tips.values():
            texts[f"{topic.id}.tips.{tip.id}.text"] = tip.html
    for entry in store.questions.values():
        for question in entry.questions:
            texts[f"questions.{question.id}.question"] = question.title
            texts[f"questions.{question.id}.answer"] = question.html
    # "*_phrases" are what users type (matched, never shown), not what they read; a label
    # of one or two words ("Sources") is no sentence for a reading grade to measure.
    texts.update(
        {
            f"messages.{key}": text
            for key, text in store.messages.items()
            if not key.endswith("_phrases") and len(plain_text(text).split()) > 2
        }
    )
    return texts


def _grade(html_text: str) -> float:
    return float(textstat.flesch_kincaid_grade(plain_text(html_text)))


@pytest.mark.usefixtures("cmu_dictionary")
def test_every_user_facing_text_reads_at_grade_8_or_below(store: ContentStore) -> None:
    texts = _user_texts(store)
    assert len(texts) > 50
    too_hard = {
        name: round(_grade(text), 1) for name, text in texts.items() if _grade(text) > MAX_GRADE
    }
    assert too_hard == {}


@pytest.mark.usefixtures("cmu_dictionary")
def test_the_grade_check_does_reject_hard_text() -> None:
    # Guards the check above against passing everything. Without the CMU dictionary textstat
    # falls back to hyphenation, which counts "medicine" as one syllable.
    assert textstat.syllable_count("medicine") == 3
    hard = (
        "Electromyographic characterisation of spontaneous fasciculation potentials "
        "necessitates comprehensive neurophysiological investigation."
    )
    assert _grade(hard) > MAX_GRADE
    assert _grade("A twitch is a small movement. It stops on its own.") <= MAX_GRADE
