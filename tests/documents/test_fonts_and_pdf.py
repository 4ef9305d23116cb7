"""The PDF's shipped font subsets: what they cover, the fall-back to the full faces, and that
text in each script comes back out of the PDF."""

import io
from dataclasses import replace

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from benchmarks.documents import sample_page
from tgbot.core.knowledge import Library
from tgbot.documents.fonts import (
    RANGES,
    SUBSET_FAMILY,
    fonts_for,
    full_fonts,
    printable,
    subset_fonts,
)
from tgbot.documents.pdf import page_pdf


def test_the_subsets_hold_every_character_of_their_ranges_that_dejavu_has() -> None:
    wanted = {c for low, high in RANGES for c in range(low, high + 1)}
    for style, path in subset_fonts().items():
        with TTFont(full_fonts()[style], lazy=True) as full, TTFont(path, lazy=True) as cut:
            expected = set(full.getBestCmap()) & wanted
            assert set(cut.getBestCmap()) == expected
            assert len(cut.getGlyphOrder()) < len(full.getGlyphOrder()) / 2
            assert cut["name"].getDebugName(1) == SUBSET_FAMILY  # renamed, as the licence asks


def test_a_character_outside_the_subsets_gets_the_full_faces() -> None:
    assert fonts_for(["Привет, café, Ελλάδα, Łódź, ș, ğ, №"]) == subset_fonts()
    assert fonts_for(["שלום"]) == full_fonts()


def test_text_in_each_script_comes_back_out_of_the_pdf(library: Library) -> None:
    page, texts = sample_page(library.english, "en_GB")
    page = replace(page, title="A summary ⚡", made="Привет, café, Łódź", disclaimer="שלום עולם")
    pdf = page_pdf(page, texts)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "A summary" in text
    assert "Привет, café, Łódź" in text
    assert b"/FontFile2" in pdf


def test_emoji_are_dropped_whole() -> None:
    assert printable("1️⃣ This is the first time") == "This is the first time"
    assert printable("☕ Coffee,\u202ftea") == "Coffee, tea"
