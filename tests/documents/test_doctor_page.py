"""The doctor's page of six checks and 30 days of diary, in every language: one A4 page,
read back as text (pypdf): the positive findings, the negatives' line, dates and chart dates
in the language, the triggers per topic with their days, and the numbered sources."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from benchmarks.documents import TODAY, sample_page
from tgbot.core.doctor_summary import MAX_MESSAGE, page_as_message
from tgbot.core.knowledge import Library
from tgbot.documents.chart import axis_dates
from tgbot.documents.fonts import printable
from tgbot.documents.pdf import page_pdf

LOCALES = {"en": "en_GB", "de": "de", "es": "es", "fr": "fr", "pt": "pt_BR", "ru": "ru"}


def plain(text: str) -> str:
    """As the PDF prints it: no emoji, every kind of space one space."""
    return printable(text)


def text_of(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_six_checks_and_a_month_of_diary_on_one_page(library: Library, language: str) -> None:
    locale = LOCALES[language]
    knowledge = library.get(language)
    messages = knowledge.content.messages
    page, texts = sample_page(knowledge, locale)
    assert len(page.checks) == 6
    pages, text = text_of(page_pdf(page, texts))
    assert pages == 1
    assert plain(messages["summary_title"]) in text
    for row in page.checks:
        assert plain(row.day) in text, "each check's date, as the language writes it"
        assert row.positives
        assert plain(row.positives[0]) in text, "a positive finding"
    assert text.count(messages["summary_no"].split("{items}")[0].strip()) >= 6
    # The dates in the language: a check's, the period's end, the chart's first day.
    assert plain(format_date(TODAY - timedelta(days=2), "medium", locale=locale)) in text
    assert plain(axis_dates([TODAY - timedelta(days=29)], locale)[0]) in text
    assert messages["amount_little"] in text, "the chart's legend"
    twitch = plain(knowledge.triage.flows["twitch"].title)
    assert f"{twitch}:" in text, "what came before it, per topic"
    caffeine = knowledge.triage.flows["twitch"].question("triggers")
    assert caffeine is not None
    assert plain(caffeine.options[0].label) in text
    assert "1. " in text, "the sources, numbered"
    assert "https://" in text
    if language != "en":
        assert "You have" not in text, "nothing left in English"
        assert "Period:" not in text


def test_a_page_with_long_answers_is_shrunk_onto_one_page(library: Library) -> None:
    page, texts = sample_page(library.english, "en_GB")
    long_rows = tuple(
        replace(row, positives=row.positives + row.negatives, because=row.negatives[:4])
        for row in page.checks
    )
    pages, text = text_of(page_pdf(replace(page, checks=long_rows), texts))
    assert pages == 1
    assert "It does not take the place of a doctor." in text


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_the_message_keeps_the_disclaimer_within_telegrams_limit(
    library: Library, language: str
) -> None:
    knowledge = library.get(language)
    page, _ = sample_page(knowledge, LOCALES[language])
    text = page_as_message(page)
    assert len(text) <= MAX_MESSAGE
    assert text.endswith(knowledge.content.messages["summary_disclaimer"])
    assert f"<b>{page.checks[0].positives[0]}" in text, "the newest check's findings, in bold"
    doubled = page_as_message(replace(page, checks=page.checks * 3))
    assert len(doubled) <= MAX_MESSAGE
    assert doubled.endswith(text.splitlines()[-1]), "cut checks, never the disclaimer"
