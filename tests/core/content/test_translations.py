"""`content check` checks each language like English: a translation that departs from the
English shape fails with one line per problem, naming the file and the place."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.locales import LANGUAGE_FILE, translated_english_files
from tgbot.core.content.overlay import CLINICAL_KEYS, overlay
from tgbot.core.knowledge import EXIT_INVALID, EXIT_OK, check_knowledge, load_library


def texts_only(value: Any) -> Any:
    """What a translator writes: the English texts without the clinical fields."""
    if isinstance(value, dict):
        rule = "option" in value
        return {
            key: texts_only(item)
            for key, item in value.items()
            if key == "id"
            or not (
                key in CLINICAL_KEYS
                or (key == "sources" and isinstance(item, list))
                or (rule and key in ("question", "option"))
            )
        }
    if isinstance(value, list):
        return [texts_only(item) for item in value]
    return value


@pytest.fixture
def with_language(tmp_path: Path) -> Path:
    """A copy of content/ with a language "it" (Italian, which the bot does not speak) whose
    texts are the English ones."""
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    folder = root / "locales" / "it"
    for english in translated_english_files(root):
        target = folder / english.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        document = yaml.safe_load(english.read_text(encoding="utf-8"))
        target.write_text(yaml.safe_dump(texts_only(document), allow_unicode=True), "utf-8")
    info = yaml.safe_load((root / LANGUAGE_FILE).read_text(encoding="utf-8"))
    info.update(language="it", clinical_review={"reviewed": False, "by": [], "date": None})
    info.pop("date_locale", None)
    (folder / LANGUAGE_FILE).write_text(yaml.safe_dump(info, allow_unicode=True), "utf-8")
    phrases = yaml.safe_load((root / "phrases" / "en.yaml").read_text(encoding="utf-8"))
    phrases["language"] = "it"
    (root / "phrases" / "it.yaml").write_text(yaml.safe_dump(phrases, allow_unicode=True), "utf-8")
    asking = yaml.safe_load((root / "asking" / "en.yaml").read_text(encoding="utf-8"))
    asking["language"] = "it"
    (root / "asking" / "it.yaml").write_text(yaml.safe_dump(asking, allow_unicode=True), "utf-8")
    return root


def edit(root: Path, relative: str, change: Any) -> None:
    path = root / "locales" / "it" / relative
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")


def test_a_complete_translation_passes_and_is_offered(with_language: Path) -> None:
    code, report = check_knowledge(with_language)
    assert code == EXIT_OK, report
    assert "language it:" in report
    assert "NOT reviewed by a clinician" in report
    library = load_library(with_language)
    assert library.languages[0] == "en"
    assert "it" in library.languages
    assert library.get("it-IT").code == "it"


def test_a_broken_translation_fails_with_one_line_per_problem(with_language: Path) -> None:
    def break_flow(doc: dict[str, Any]) -> None:
        first = doc["questions"][0]
        del first["options"][0]["label"]  # a missing text
        first["options"].append({"id": "made_up", "label": "Extra"})  # an id English lacks
        first["text"] = "<b>Unclosed"  # broken Telegram HTML
        first["options"][1]["level"] = "self_care"  # a clinical field

    edit(with_language, "flows/twitch.yaml", break_flow)
    code, report = check_knowledge(with_language)
    assert code == EXIT_INVALID
    lines = report.splitlines()
    flow_file = "locales/it/flows/twitch.yaml"
    assert any(
        flow_file in line
        and "questions[emergency_signs].options[face_droop].label: missing" in line
        for line in lines
    ), report
    assert any(
        flow_file in line and "options[made_up]: no such id in the English file" in line
        for line in lines
    ), report
    assert any(
        flow_file in line and "options[one_side_weak].level: a clinical field" in line
        for line in lines
    ), report
    assert any(
        flow_file in line and "questions[0].text" in line and "<b>" in line for line in lines
    ), report
    assert len(lines) == 4, report


def test_broken_html_and_placeholders_are_named(with_language: Path) -> None:
    def break_messages(doc: dict[str, Any]) -> None:
        doc["welcome"] = "<b>Hola"
        doc["remind_set"] = "Te preguntaré."  # lost {when}

    edit(with_language, "messages.yaml", break_messages)
    code, report = check_knowledge(with_language)
    assert code == EXIT_INVALID
    messages_file = "locales/it/messages.yaml"
    assert report.splitlines() == [
        line
        for line in report.splitlines()
        if messages_file in line
        and (
            "remind_set: placeholders differ from English: missing {when}" in line
            or "welcome: invalid Telegram HTML: <b> is never closed" in line
        )
    ]
    assert len(report.splitlines()) == 2, report


def test_a_missing_file_and_missing_phrase_groups_are_named(with_language: Path) -> None:
    (with_language / "locales" / "it" / "topics" / "spasm.yaml").unlink()
    phrases = with_language / "phrases" / "it.yaml"
    document = yaml.safe_load(phrases.read_text(encoding="utf-8"))
    dropped = document["groups"].pop(0)["id"]
    phrases.write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    code, report = check_knowledge(with_language)
    assert code == EXIT_INVALID
    assert "locales/it/topics/spasm.yaml: missing: translate" in report
    assert f"phrases/it.yaml: groups[{dropped}]: missing (English has it)" in report


def test_overlay_keeps_every_clinical_field_of_english() -> None:
    english = {
        "questions": [
            {"id": "q", "text": "Hi", "options": [{"id": "a", "label": "A", "level": "emergency"}]}
        ]
    }
    translated = {
        "questions": [{"id": "q", "text": "Hola", "options": [{"id": "a", "label": "Á"}]}]
    }
    result = overlay(english, translated)
    assert result.problems == []
    assert result.document == {
        "questions": [
            {
                "id": "q",
                "text": "Hola",
                "options": [{"id": "a", "label": "Á", "level": "emergency"}],
            }
        ]
    }
