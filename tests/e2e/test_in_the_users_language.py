"""What a user of each language sees around their health answers is in their language too
(issue 28, part 4; #32): the PDF for the doctor has its file name and dates, the dates under
the diary chart's bars have its month names, and the "why" pop-up names its sources with its
word for "Source"."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from pypdf import PdfReader

from tgbot.bot.context import BotApplication
from tgbot.core.triage import Level
from tgbot.documents.chart import axis_dates
from tgbot.documents.fonts import printable
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from .test_languages import LANGUAGES, Speaker, services_in, speaker, tap_vignette
from .test_review_fixes import first_vignette

pytestmark = pytest.mark.usefixtures("documents_started")


@pytest.fixture(params=LANGUAGES)
def person(request: pytest.FixtureRequest) -> Speaker:
    return speaker(str(request.param))


@pytest.fixture
def chat(local_api: LocalBotApi, new_user: Callable[..., FakeUser], person: Speaker) -> ChatSession:
    return ChatSession(local_api, new_user(language_code=person.language_code))


async def test_the_pdf_for_the_doctor_is_named_and_written_in_the_users_language(
    bot: BotApplication, chat: ChatSession, person: Speaker
) -> None:
    texts = services_in(bot, person.language)
    messages = texts.content.messages
    await tap_vignette(chat, texts, first_vignette("twitch", Level.DOCTOR))
    reply = await chat.send("/summary", at_least=2)
    document = reply.messages[-1]
    assert document.document_name == messages["summary_file_name"]
    assert document.document_name is not None
    assert document.document_name.endswith(".pdf")
    english = services_in(bot, "en").content.messages["summary_file_name"]
    # English and its variants (en-US) name it in English.
    assert (document.document_name == english) is (person.language.split("-")[0] == "en")
    assert document.document is not None
    reader = PdfReader(io.BytesIO(document.document))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    zone = await texts.reminders.timezone_of(chat.user.id)
    today = texts.clock.now().astimezone(zone).date()
    day = texts.local_clock(zone, person.language_code).day(today)
    assert printable(day) in text, "the check's date, as the language writes it"
    assert printable(messages["summary_title"]) in text
    assert messages["summary_no"].split("{items}")[0].strip() in text


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en_GB", ["4 Dec", "1 May"]),
        ("en_US", ["Dec 4", "May 1"]),
        ("es", ["4 dic", "1 may"]),
        ("de", ["4. Dez.", "1. Mai"]),
        ("fr", ["4 déc.", "1 mai"]),
        ("pt_BR", ["4 de dez.", "1 de mai."]),
        ("ru", ["4 дек.", "1 мая"]),
    ],
)
def test_the_chart_dates_have_the_languages_month_names(locale: str, shown: list[str]) -> None:
    assert axis_dates([date(2026, 12, 4), date(2026, 5, 1)], locale) == shown
