"""A language whose safety-critical texts are all signed and current is clinically reviewed
(issue 28, part 6): /start and /language stop calling it a draft, and its emergency messages,
tapped or typed, come without the English copy. A language not signed off still says how many
of its safety-critical texts are unreviewed. The sign-off is made on a copy of content/, as a
clinician's would be: never in the repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tgbot.bot.context import BotApplication
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.knowledge import Library, load_library
from tgbot.core.signoff import HEADER, review_texts, sha256, signoff_path
from tgbot.core.triage import Level
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

from .test_languages import plain, services_in, speaker, tap_vignette
from .test_review_fixes import first_vignette


def sign_every_safety_critical_text(root: Path, language: str) -> int:
    entries = {
        t.id: {
            "status": "approved",
            "reviewer": "Dr Ana Revisora",
            "registration": "CMP 28/281234",
            "date": "2026-12-07",
            "english_sha256": sha256(t.english),
            "translation_sha256": sha256(t.translated),
        }
        for t in review_texts(root, language)
        if t.safety_critical
    }
    body = yaml.safe_dump({"language": language, "texts": entries}, allow_unicode=True)
    signoff_path(root, language).write_text(HEADER + body, encoding="utf-8")
    return len(entries)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("signed") / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    assert sign_every_safety_critical_text(root, "es") > 200
    return load_library(root)


def test_the_signed_language_is_clinically_reviewed_and_the_others_not(library: Library) -> None:
    spanish = library.get("es").language
    assert spanish is not None
    assert spanish.reviewed
    assert spanish.reviewed_by == ("Dr Ana Revisora (CMP 28/281234)",)
    german = library.get("de").language
    assert german is not None
    assert not german.reviewed


async def test_start_no_longer_calls_a_signed_language_a_draft(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    spanish = services_in(bot, "es")
    chat = ChatSession(local_api, new_user(language_code="es-ES"))
    reply = (await chat.send("/start")).last.text
    note_start = plain(spanish.content.messages["not_reviewed"]).split(":")[0]
    assert note_start not in reply
    german = services_in(bot, "de")
    chat = ChatSession(local_api, new_user(language_code="de-DE"))
    reply = (await chat.send("/start")).last.text
    info = german.knowledge.language
    assert info is not None
    assert info.signoff is not None
    total = info.signoff.critical.total
    assert f"{total} ihrer {total} sicherheitswichtigen Texte sind noch ungeprüft" in plain(reply)


async def test_a_signed_languages_emergency_comes_without_the_english_copy(
    bot: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    spanish = services_in(bot, "es")
    heading = plain(spanish.content.messages["emergency_in_english"])
    person = speaker("es")
    chat = ChatSession(local_api, new_user(language_code=person.language_code))
    typed = (await chat.send(person.typed_red_flag)).last.text
    assert typed.startswith("🚨")
    assert heading not in typed
    tapped = await tap_vignette(chat, spanish, first_vignette("twitch", Level.EMERGENCY))
    assert tapped.text.startswith("🚨")
    assert heading not in tapped.text
    german = services_in(bot, "de")
    chat = ChatSession(local_api, new_user(language_code="de-DE"))
    typed = (await chat.send(speaker("de").typed_red_flag)).last.text
    assert plain(german.content.messages["emergency_in_english"]) in typed
