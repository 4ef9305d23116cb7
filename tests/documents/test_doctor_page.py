"""The doctor's page of six checks and 30 days of diary, in every language: one A4 page,
read back as text (pypdf): the positive findings, the negatives' line, dates and chart dates
in the language, the triggers per topic with their days, what the user wants to ask, and the
numbered sources."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from benchmarks.documents import TODAY, sample_page
from tgbot.core.doctor_questions import MAX_CHARACTERS, MAX_QUESTIONS
from tgbot.core.doctor_summary import MAX_MESSAGE, page_as_message
from tgbot.core.knowledge import Library
from tgbot.documents.chart import axis_dates
from tgbot.documents.fonts import printable
from tgbot.documents.pdf import page_pdf

LOCALES = {"en": "en_GB", "de": "de", "es": "es", "fr": "fr", "pt": "pt_BR", "ru": "ru"}
# What a user might want to ask, as many as /questions keeps, some near its length limit
# (tgbot/core/doctor_questions.py); our own words.
ASKED = {
    "en": (
        "Could my new blood pressure tablets be behind the cramps in my calves at night?",
        "Is it worth checking my magnesium and iron, or my thyroid, given the twitching has"
        " gone on for over two months and I am tired most days even after a full night's sleep?",
        "Should I cut down on coffee?",
        "When should I come back if nothing changes?",
        "Can I keep running three times a week?",
    ),
    "de": (
        "Können meine neuen Blutdrucktabletten die nächtlichen Wadenkrämpfe auslösen?",
        "Sollten wir Magnesium, Eisen oder die Schilddrüse prüfen, da das Zucken seit über zwei"
        " Monaten anhält und ich trotz genug Schlaf fast jeden Tag müde bin?",
        "Sollte ich weniger Kaffee trinken?",
        "Wann soll ich wiederkommen, wenn sich nichts ändert?",
        "Darf ich weiter dreimal pro Woche laufen?",
    ),
    "es": (
        "¿Pueden mis pastillas nuevas para la tensión causar los calambres de noche?",
        "¿Vale la pena mirar el magnesio, el hierro o el tiroides, si los tics duran ya más de dos"
        " meses y casi todos los días estoy cansada aunque duerma bien?",
        "¿Debería tomar menos café?",
        "¿Cuándo vuelvo si no cambia nada?",
        "¿Puedo seguir corriendo tres veces por semana?",
    ),
    "fr": (
        "Mes nouveaux comprimés pour la tension peuvent-ils causer mes crampes de nuit ?",
        "Faut-il vérifier le magnésium, le fer ou la thyroïde, puisque les secousses durent depuis"
        " plus de deux mois et que je suis fatigué presque chaque jour malgré mes nuits ?",
        "Dois-je boire moins de café ?",
        "Quand revenir si rien ne change ?",
        "Puis-je continuer à courir trois fois par semaine ?",
    ),
    "pt": (
        "Os meus remédios novos para pressão podem causar as cãibras à noite?",
        "Vale a pena ver o magnésio, o ferro ou a tireoide, já que as contrações duram mais de dois"
        " meses e fico cansado quase todo dia mesmo dormindo bem?",
        "Devo tomar menos café?",
        "Quando volto se nada mudar?",
        "Posso continuar correndo três vezes por semana?",
    ),
    "ru": (
        "Могут ли новые таблетки от давления вызывать ночные судороги в икрах?",
        "Стоит ли проверить магний, железо или щитовидную железу, если подёргивания идут уже"
        " больше двух месяцев и я почти каждый день устаю, хотя сплю достаточно?",
        "Стоит ли пить меньше кофе?",
        "Когда прийти снова, если ничего не изменится?",
        "Можно ли дальше бегать три раза в неделю?",
    ),
}


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
    page = replace(page, questions=ASKED[language])
    assert len(page.checks) == 6
    assert len(page.questions) == MAX_QUESTIONS
    assert all(len(q) <= MAX_CHARACTERS for q in page.questions)
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
    # What the user wants to ask, under its own heading in the language, numbered, in full.
    assert plain(messages["summary_questions"]) in text
    for number, question in enumerate(ASKED[language], 1):
        assert f"{number}. {plain(question)}" in text
    if language != "en":
        assert "Questions I want to ask" not in text
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
    asked = page_as_message(replace(page, questions=ASKED[language][:2]))
    assert len(asked) <= MAX_MESSAGE
    assert f"<b>{knowledge.content.messages['summary_questions']}</b>" in asked
    doubled = page_as_message(replace(page, checks=page.checks * 3))
    assert len(doubled) <= MAX_MESSAGE
    assert doubled.endswith(text.splitlines()[-1]), "cut checks, never the disclaimer"
