"""The sign-off's logic: every text of a language beside its English one, safety-critical
first; a sign-off keeps the hashes of both texts, and a change to either makes it stale; a
language is clinically reviewed only when every safety-critical text is signed and current."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.locales import content_languages
from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import load_knowledge, load_library
from tgbot.core.signoff import (
    CATEGORY_ORDER,
    Category,
    ReviewText,
    Signature,
    SignoffError,
    Status,
    coverage,
    language_coverage,
    read_signatures,
    record,
    review_texts,
    sha256,
    signoff_path,
    status_of,
)

# The translations; their regional variants (pt-PT...) are tested in tests/core/test_variants.py.
TRANSLATIONS = [c for c in content_languages(DEFAULT_CONTENT_DIR) if c != "en" and "-" not in c]
TODAY = date(2026, 12, 7)


def text(text_id: str, critical: bool = True, english: str = "Call 112 now.") -> ReviewText:
    category = Category.EMERGENCY_OUTCOMES if critical else Category.OTHER
    return ReviewText(text_id, english, "Llama ya al 112.", category)


def signature(t: ReviewText, approved: bool = True) -> Signature:
    return Signature(
        approved, "Dr A. Reviewer", "GMC 1234567", "2026-12-07", sha256(t.english),
        sha256(t.translated), "" if approved else "wrong word",
    )  # fmt: skip


def test_the_hash_is_the_sha256_of_the_text_as_written() -> None:
    assert sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256("Llama ya al 112.") != sha256("Llama ya al 112")


def test_a_text_changed_in_either_language_after_its_sign_off_is_stale() -> None:
    t = text("triage.yaml#levels.emergency.headline")
    signed = signature(t)
    assert status_of(t, None) is Status.UNSIGNED
    assert status_of(t, signed) is Status.SIGNED
    assert status_of(t, signature(t, approved=False)) is Status.FLAGGED
    english_changed = ReviewText(t.id, "Call 112 at once.", t.translated, t.category)
    translation_changed = ReviewText(t.id, t.english, "Llama al 112 ya.", t.category)
    assert status_of(english_changed, signed) is Status.STALE
    assert status_of(translation_changed, signed) is Status.STALE
    assert status_of(english_changed, signature(t, approved=False)) is Status.STALE


def test_coverage_counts_safety_critical_texts_apart_and_needs_all_of_them_signed() -> None:
    a, b, c = text("a"), text("b"), text("c", critical=False)
    texts = [a, b, c]
    none = coverage("es", texts, {})
    assert (none.critical.total, none.all.total, none.critical_unsigned) == (2, 3, 2)
    assert not none.clinically_reviewed
    one = coverage("es", texts, {"a": signature(a), "c": signature(c)})
    assert (one.critical.signed, one.all.signed) == (1, 2)
    assert not one.clinically_reviewed
    both = coverage("es", texts, {"a": signature(a), "b": signature(b)})
    assert both.clinically_reviewed, "the other texts need not be signed"
    flagged = coverage("es", texts, {"a": signature(a), "b": signature(b, approved=False)})
    assert (flagged.critical.flagged, flagged.clinically_reviewed) == (1, False)
    stale_b = ReviewText("b", "Call 999 now.", b.translated, b.category)
    stale = coverage("es", [a, stale_b, c], {"a": signature(a), "b": signature(b)})
    assert (stale.critical.stale, stale.critical.signed, stale.clinically_reviewed) == (1, 1, False)
    assert stale.line() == (
        "sign-off es: safety-critical 1 signed / 1 stale / 0 flagged / 2 total; all texts"
        " 1 signed / 1 stale / 0 flagged / 3 total; NOT clinically reviewed"
    )
    assert not coverage("es", [c], {"c": signature(c)}).clinically_reviewed


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_text_of_a_language_is_listed_once_safety_critical_first(language: str) -> None:
    texts = review_texts(DEFAULT_CONTENT_DIR, language)
    ids = [t.id for t in texts]
    assert len(ids) == len(set(ids))
    order = [CATEGORY_ORDER.index(t.category) for t in texts]
    assert order == sorted(order)
    by_id = {t.id: t for t in texts}
    emergency = by_id["flows/twitch.yaml#questions[emergency_signs].options[face_droop].reason"]
    assert emergency.category is Category.EMERGENCY_QUESTIONS
    assert emergency.english == "One side of the face drooping can be a sign of a stroke."
    assert emergency.source_ids == ("nhs_stroke",)
    assert by_id["flows/twitch.yaml#outcomes.urgent.text"].category is Category.EMERGENCY_OUTCOMES
    crisis = by_id[f"phrases/{language}.yaml#groups[suicide_self_harm].text"]
    assert crisis.category is Category.CRISIS
    assert "{lines}" in crisis.translated
    assert "{lines}" in crisis.english
    assert by_id[f"safety/{language}.yaml#concepts.chest"].category is Category.TYPED
    assert any(t.category is Category.NUMBERS for t in texts)
    assert by_id["topics/twitch.yaml#title"].category is Category.OTHER
    # Every text a user of the language reads is here: as many as the English the bot has.
    assert sum(t.category.safety_critical for t in texts) > 200


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_language_is_signed_off_today(language: str) -> None:
    """Only a clinician signs: the repository holds no sign-off yet."""
    assert not signoff_path(DEFAULT_CONTENT_DIR, language).exists()
    cover = language_coverage(DEFAULT_CONTENT_DIR, language)
    assert (cover.all.signed, cover.critical.signed, cover.clinically_reviewed) == (0, 0, False)


def test_record_writes_a_reviewable_file_and_a_changed_text_goes_stale(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    texts = review_texts(root, "es")
    first, second = texts[0], texts[1]
    record(root, first, approved=True, reviewer="Dr A. Reviewer", registration="GMC 1234567",
           today=TODAY, language="es")  # fmt: skip
    record(root, second, approved=False, reviewer="Dr A. Reviewer", registration="GMC 1234567",
           comment="«trabado» is colloquial", today=TODAY, language="es")  # fmt: skip
    document = yaml.safe_load(signoff_path(root, "es").read_text(encoding="utf-8"))
    assert document["language"] == "es"
    assert document["texts"][first.id] == {
        "status": "approved",
        "reviewer": "Dr A. Reviewer",
        "registration": "GMC 1234567",
        "date": "2026-12-07",
        "english_sha256": sha256(first.english),
        "translation_sha256": sha256(first.translated),
    }
    assert document["texts"][second.id]["comment"] == "«trabado» is colloquial"
    cover = language_coverage(root, "es")
    assert (cover.critical.signed, cover.critical.flagged, cover.critical.stale) == (1, 1, 0)
    english = root / first.id.split("#")[0]
    source = english.read_text(encoding="utf-8")
    assert source.count(first.english) == 1
    english.write_text(source.replace(first.english, first.english + " Now."), encoding="utf-8")
    cover = language_coverage(root, "es")
    assert (cover.critical.signed, cover.critical.stale) == (0, 1)
    assert set(read_signatures(root, "es")) == {first.id, second.id}


def test_a_sign_off_needs_a_name_a_registration_and_a_flag_a_comment(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    first = review_texts(root, "es")[0]
    with pytest.raises(SignoffError):
        record(root, first, approved=True, reviewer="", registration="GMC 1", today=TODAY,
               language="es")  # fmt: skip
    with pytest.raises(SignoffError):
        record(root, first, approved=False, reviewer="Dr A", registration="GMC 1", today=TODAY,
               language="es")  # fmt: skip
    assert not signoff_path(root, "es").exists()


def test_a_broken_sign_off_file_is_a_content_problem_naming_it(tmp_path: Path) -> None:
    # A merge conflict left in signoff.yaml: content check and the bot's start say where, in
    # one line, instead of a YAML traceback.
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    signoff_path(root, "es").write_text(
        "language: es\ntexts:\n<<<<<<< HEAD\n  a: [\n", encoding="utf-8"
    )
    with pytest.raises(SignoffError, match=r"^locales/es/signoff\.yaml: invalid YAML: line \d+, "):
        read_signatures(root, "es")
    with pytest.raises(ContentError) as raised:
        load_knowledge(root, "es")
    assert any(
        e.startswith("locales/es/signoff.yaml: invalid YAML: line ") for e in raised.value.errors
    )


def test_a_broken_english_file_is_reported_by_the_content_check_not_the_sign_off(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    (root / "messages.yaml").write_text("welcome: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_library(root)
    assert any("messages.yaml: invalid YAML: line " in e for e in raised.value.errors)
