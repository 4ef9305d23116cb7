"""The static report shows every language beside English (issue 28, part 6): a page per
translation, safety-critical texts first, each with its sources and its sign-off."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tgbot.cli.main import main
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.locales import content_languages
from tgbot.core.signoff import Category, record, review_texts

# The translations; their regional variants (pt-PT...) are tested in tests/core/test_variants.py.
TRANSLATIONS = [c for c in content_languages(DEFAULT_CONTENT_DIR) if c != "en" and "-" not in c]


@pytest.mark.usefixtures("cmu_dictionary")
def test_the_report_shows_each_language_beside_english_with_its_sign_off(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    first = review_texts(content, "fr")[0]
    record(
        content,
        first,
        approved=False,
        reviewer="Dr B. Relecteur",
        registration="RPPS 10101",
        comment="«confuse» veut dire autre chose",
        today=date(2026, 12, 7),
        language="fr",
    )
    site = tmp_path / "site"
    assert main(["content", "report", str(site), "--content", str(content)]) == 0
    index = (site / "languages.html").read_text(encoding="utf-8")
    assert 'href="languages.html">Languages</a>' in (site / "index.html").read_text("utf-8")
    for code in TRANSLATIONS:
        assert f'href="languages/{code}.html"' in index
        assert f"sign-off {code}: safety-critical 0 signed / 0 stale / " in index
        page = (site / "languages" / f"{code}.html").read_text(encoding="utf-8")
        texts = review_texts(content, code)
        headings = [c.value for c in Category if f"<h2>{c.value}" in page]
        assert headings[0] == Category.EMERGENCY_QUESTIONS.value
        assert page.index(Category.EMERGENCY_QUESTIONS.value) < page.index(Category.OTHER.value)
        emergency = next(t for t in texts if t.id.endswith("options[face_droop].reason"))
        row = page[page.index(f'<tr id="{emergency.id}"') :].split("</tr>")[0]
        assert "One side of the face drooping can be a sign of a stroke." in row
        assert emergency.translated.replace("'", "&#x27;") in row
        assert "NHS: " in row
        assert "unsigned" in row
    # A regional variant is a language of its own: its own texts beside English, the rest
    # said to be inherited.
    european = (site / "languages" / "pt-PT.html").read_text(encoding="utf-8")
    assert 'href="languages/pt-PT.html"' in index
    assert "inherited unchanged from pt" in european
    assert "Não conduza" in european
    assert "Do not drive" in european
    french = (site / "languages" / "fr.html").read_text(encoding="utf-8")
    row = french[french.index(f'<tr id="{first.id}"') :].split("</tr>")[0]
    assert "flagged (Dr B. Relecteur, 2026-12-07): «confuse» veut dire autre chose" in row
